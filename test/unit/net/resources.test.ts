// The shipped polkit action, sudoers line and udev rule must name the helper's fixed path and
// match what the code renders.
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { renderUdevRule, UDEV_RULE_NAME } from '../../../src-main/core/net/config-render.js';
import { HELPER_INSTALL_PATH, VERBS } from '../../../src-main/core/net/verbs.js';

const res = (p: string) => readFile(new URL(`../../../resources/${p}`, import.meta.url), 'utf8');

describe('shipped privileged resources', () => {
  it('polkit action exec.path names the helper', async () => {
    const xml = await res('polkit/io.github.simhat.net-helper.policy');
    expect(xml).toContain(`<annotate key="org.freedesktop.policykit.exec.path">${HELPER_INSTALL_PATH}</annotate>`);
    expect(xml).toMatch(/<allow_active>auth_admin(_keep)?<\/allow_active>/);
  });
  it('sudoers allows only the helper path, and only with one of its verbs first (issue 15: scoped)', async () => {
    const text = (await res('polkit/simhat-net-helper.sudoers')).replace(/\\\n\s*/g, '');
    const lines = text.split('\n').filter((l) => l && !l.startsWith('#'));
    expect(lines).toEqual([`Cmnd_Alias SIMHAT_NET_HELPER = ${VERBS.map((v) => `${HELPER_INSTALL_PATH} ${v} *`).join(', ')}`, '%netdev ALL=(root) NOPASSWD: SIMHAT_NET_HELPER']);
  });
  it('udev rule file equals the rendered rule', async () => {
    expect(await res(`udev/${UDEV_RULE_NAME}`)).toBe(renderUdevRule(HELPER_INSTALL_PATH));
  });
});
