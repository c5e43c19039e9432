// The .deb wiring of the privileged helper (issue 4, sim7600.md §5): electron-builder.yml names
// the after-install/-remove scripts and ships the bundled helper; the polkit action's exec.path,
// the launcher the scripts install and the code's HELPER_INSTALL_PATH are one path.
import { constants } from 'node:fs';
import { access, readFile, stat } from 'node:fs/promises';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { parseKeyValues, parseVerbRequest, HELPER_INSTALL_PATH } from '../../../src-main/core/net/verbs.js';

const repo = (p: string) => new URL(`../../../${p}`, import.meta.url);
const text = (p: string) => readFile(repo(p), 'utf8');

/** The value of `key:` under the top-level `section:` of electron-builder.yml (2-space indent). */
function yamlScalar(yml: string, section: string, key: string): string | undefined {
  const block = new RegExp(`^${section}:\\n((?:[ #].*\\n|\\n)*)`, 'm').exec(yml)?.[1] ?? '';
  return new RegExp(`^  ${key}: *(\\S+) *$`, 'm').exec(block)?.[1];
}

/** extraResources entries as from/to pairs. */
function extraResources(yml: string): { from: string; to: string }[] {
  const block = /^extraResources:\n((?:[ #].*\n|\n)*)/m.exec(yml)?.[1] ?? '';
  return [...block.matchAll(/^ {2}- from: *(\S+)\n {4}to: *(\S+)$/gm)].map((m) => ({ from: m[1] as string, to: m[2] as string }));
}

describe('electron-builder.yml deb scripts and helper resources', () => {
  it('deb.afterInstall / afterRemove name executable scripts in resources/deb', async () => {
    const yml = await text('electron-builder.yml');
    const install = yamlScalar(yml, 'deb', 'afterInstall');
    const remove = yamlScalar(yml, 'deb', 'afterRemove');
    expect(install).toBe('resources/deb/after-install.sh');
    expect(remove).toBe('resources/deb/after-remove.sh');
    for (const script of [install, remove] as string[]) {
      await access(repo(script), constants.X_OK);
      expect((await stat(repo(script))).mode & 0o111).toBe(0o111);
      expect((await text(script)).startsWith('#!/bin/bash\n')).toBe(true);
    }
  });

  it('the scripts use only the macros electron-builder substitutes (it throws on any other)', async () => {
    // app-builder-lib FpmTarget writeConfigFile: /\$\{([a-zA-Z]+)\}/ must be a known option.
    for (const script of ['resources/deb/after-install.sh', 'resources/deb/after-remove.sh']) {
      const names = new Set([...(await text(script)).matchAll(/\$\{([a-zA-Z]+)\}/g)].map((m) => m[1]));
      expect([...names].sort(), script).toEqual(['executable', 'sanitizedProductName']);
    }
  });

  it('the bundled helper is built to dist/helper and shipped as resources/net-helper, where the launcher runs it', async () => {
    const pkg = JSON.parse(await text('package.json')) as { scripts: Record<string, string> };
    const build = pkg.scripts['build:helper'] ?? '';
    expect(build).toMatch(/^esbuild src-main\/platform\/privileged\/helper-main\.ts --bundle --platform=node --format=esm /);
    expect(build).toContain('--outfile=dist/helper/simhat-net-helper.mjs');
    expect(pkg.scripts.build).toContain('npm run build:helper');
    expect(extraResources(await text('electron-builder.yml'))).toContainEqual({ from: 'dist/helper', to: 'net-helper' });
    const install = await text('resources/deb/after-install.sh');
    expect(install).toContain(`HELPER_JS="$APP_DIR/resources/net-helper/simhat-net-helper.mjs"`);
    expect(install).toContain(
      `exec /usr/bin/env -i ELECTRON_RUN_AS_NODE=1 '/opt/\${sanitizedProductName}/\${executable}' '/opt/\${sanitizedProductName}/resources/net-helper/simhat-net-helper.mjs' "$@"`,
    );
  });

  it('polkit exec.path == HELPER_INSTALL_PATH == the launcher after-install.sh writes', async () => {
    const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@' }).parse(await text('resources/polkit/io.github.simhat.net-helper.policy')) as {
      policyconfig: { action: { '@id': string; annotate: { '@key': string; '#text': string }[] } };
    };
    const action = xml.policyconfig.action;
    expect(action['@id']).toBe('io.github.simhat.net-helper');
    const execPath = action.annotate.find((a) => a['@key'] === 'org.freedesktop.policykit.exec.path')?.['#text'];
    expect(execPath).toBe(HELPER_INSTALL_PATH);
    const install = await text('resources/deb/after-install.sh');
    const dir = /^HELPER_DIR='([^']+)'$/m.exec(install)?.[1];
    expect(/^HELPER="\$HELPER_DIR\/([^"]+)"$/m.exec(install)?.[1]).toBe('simhat-net-helper');
    expect(`${dir}/simhat-net-helper`).toBe(HELPER_INSTALL_PATH);
    expect(install).toContain('"$D/usr/share/polkit-1/actions/$POLICY_NAME"');
    expect(install).toContain('"$D/etc/udev/rules.d/$RULE_NAME"');
    const remove = await text('resources/deb/after-remove.sh');
    expect(remove).toContain(`rm -f "$D${HELPER_INSTALL_PATH}"`);
  });

  it("the udev rule's RUN+= is a command line the helper accepts", async () => {
    const rule = await text('resources/udev/77-simhat-modem.rules');
    const run = /RUN\+="([^"]+)"/.exec(rule)?.[1] ?? '';
    const [program, verb, ...args] = run.split(' ');
    expect(program).toBe(HELPER_INSTALL_PATH);
    expect(parseVerbRequest(verb, parseKeyValues(args), { allowRoot: false })).toEqual({ verb: 'usb-serial-new-id', args: { root: '', vid: '1e0e', pid: '9018' } });
  });
});
