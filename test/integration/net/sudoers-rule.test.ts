// Issue 15 item 2, the sudo rule: still needed beside polkit (a headless Pi has no polkit agent to ask
// for the admin password), so it is scoped rather than removed. Performed with the real sudo and visudo
// inside a private mount namespace whose /etc and /usr are overlays (users, the rule and a stand-in
// helper exist only there): a netdev member may run the helper with a verb first, nothing else.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HELPER_INSTALL_PATH, VERBS } from '../../../src-main/core/net/verbs.js';

const RULE = fileURLToPath(new URL('../../../resources/polkit/simhat-net-helper.sudoers', import.meta.url));

// Mounts the overlays, sets up users, the rule and a stand-in helper, then runs each probe and prints
// one JSON line of exit codes. Argv only (execFileSync), no shell.
const ENTRY = String.raw`
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
const [scratch, rule, helper, probesJson] = process.argv.slice(2);
const run = (cmd, args) => execFileSync(cmd, args, { stdio: ['ignore', 'ignore', 'inherit'] });
for (const dir of ['/etc', '/usr']) {
  const upper = join(scratch, dir.slice(1) + '-upper');
  const work = join(scratch, dir.slice(1) + '-work');
  mkdirSync(upper, { recursive: true });
  mkdirSync(work, { recursive: true });
  run('mount', ['-t', 'overlay', 'overlay', '-o', 'lowerdir=' + dir + ',upperdir=' + upper + ',workdir=' + work, dir]);
}
run('groupadd', ['-f', 'netdev']);
run('useradd', ['-M', '-N', '-G', 'netdev', 'simhat-member']);
run('useradd', ['-M', '-N', 'simhat-other']);
mkdirSync('/etc/sudoers.d', { recursive: true });
copyFileSync(rule, '/etc/sudoers.d/simhat-net-helper');
chmodSync('/etc/sudoers.d/simhat-net-helper', 0o440);
mkdirSync(dirname(helper), { recursive: true });
writeFileSync(helper, '#!/bin/sh\nexit 0\n');
chmodSync(helper, 0o755);
const out = {};
out.visudo = spawnSync('visudo', ['-c'], { encoding: 'utf8' }).status;
for (const [name, user, argv] of JSON.parse(probesJson)) {
  out[name] = spawnSync('sudo', ['-n', '-l', '-U', user, ...argv], { encoding: 'utf8' }).status;
}
process.stdout.write(JSON.stringify(out) + '\n');
`;

let scratch: string;
let results: Record<string, number | null>;

const PROBES: [string, string, string[]][] = [
  ...VERBS.map((v): [string, string, string[]] => [`member: ${v}`, 'simhat-member', [HELPER_INSTALL_PATH, v, 'iface=usb0']]),
  ['member: bare helper', 'simhat-member', [HELPER_INSTALL_PATH]],
  ['member: an option first', 'simhat-member', [HELPER_INSTALL_PATH, '--help']],
  ['member: an unknown verb', 'simhat-member', [HELPER_INSTALL_PATH, 'reboot', 'now=1']],
  ['member: a verb glued to more', 'simhat-member', [HELPER_INSTALL_PATH, 'dhcp-upx', 'iface=usb0']],
  ['member: a shell', 'simhat-member', ['/bin/sh', '-c', 'id']],
  ['non-member: a verb', 'simhat-other', [HELPER_INSTALL_PATH, 'set-metric', 'iface=usb0', 'gateway=192.168.225.1', 'metric=700']],
];

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'simhat-sudoers-'));
  const entry = join(scratch, 'entry.mjs');
  await writeFile(entry, ENTRY);
  const stdout = await new Promise<string>((resolve, reject) => {
    execFile('unshare', ['-m', '--propagation', 'private', process.execPath, entry, join(scratch, 'ovl'), RULE, HELPER_INSTALL_PATH, JSON.stringify(PROBES)], { encoding: 'utf8', timeout: 60_000 }, (err, out, errOut) => {
      if (err) reject(new Error(`${err.message}\n${errOut}`));
      else resolve(out);
    });
  });
  results = JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as Record<string, number | null>;
}, 90_000);

afterAll(async () => {
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

describe('the shipped sudoers rule, with the real sudo', () => {
  it('parses (visudo -c with the rule in /etc/sudoers.d)', () => {
    expect(results['visudo']).toBe(0);
  });
  it.each(VERBS)('a netdev member may run the helper with the verb %s first', (verb) => {
    expect(results[`member: ${verb}`]).toBe(0);
  });
  it.each(['bare helper', 'an option first', 'an unknown verb', 'a verb glued to more', 'a shell'])('a netdev member may not run: %s', (probe) => {
    expect(results[`member: ${probe}`]).toBe(1);
  });
  it('someone outside netdev may not run it at all', () => {
    expect(results['non-member: a verb']).toBe(1);
  });
});
