// "Keep me online" on a real system (issue 11 Boot), performed: the installed-style privileged helper
// (built, argv as pkexec passes it) and the real composition root's Api methods, against a stand-in
// systemctl that keeps the unit's state in a file and logs every argv. The stand-in takes the place of the
// system's systemctl in a private mount namespace (fixtures/with-systemctl.mjs), because simhat runs
// programs only from its fixed folders, never from $PATH; the host's systemctl is never called.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HELPER_JS } from '../../helpers/helper-ns.js';
import { REPO } from '../../helpers/netns.js';

const FIXTURES = join(REPO, 'test/integration/packaging/fixtures');

let dir: string;
let standIn: string;
let state: string;
let log: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'simhat-keep-online-'));
  standIn = join(dir, 'bin', 'systemctl');
  state = join(dir, 'state');
  log = join(dir, 'calls');
  await writeFile(state, 'disabled inactive\n');
  await mkdir(join(dir, 'bin'));
  // is-enabled / is-active answer as systemd 252 does (see test/unit/net/daemon-unit-verb.test.ts for the
  // captured output); enable/disable --now change the state; anything else is an error the test sees.
  await writeFile(
    standIn,
    `#!/bin/sh
printf '%s\\n' "$*" >> '${log}'
S=$(cat '${state}')
case "$1" in
  is-enabled)
    set -- $S
    if [ "$1" = missing ]; then echo "Failed to get unit file state for simhat.service: No such file or directory" >&2; exit 1; fi
    echo "$1"; [ "$1" = enabled ] && exit 0; exit 1 ;;
  is-active)
    set -- $S
    echo "$2"; [ "$2" = active ] && exit 0; exit 3 ;;
  enable|disable)
    [ "$2" = --now ] && [ "$3" = simhat.service ] && [ $# -eq 3 ] || { echo "stand-in: unexpected $*" >&2; exit 9; }
    case "$S" in missing*) echo "Failed to $1 unit: Unit file simhat.service does not exist." >&2; exit 1 ;; esac
    if [ "$1" = enable ]; then echo "enabled active" > '${state}'; else echo "disabled inactive" > '${state}'; fi
    exit 0 ;;
  *) echo "stand-in: unexpected $*" >&2; exit 9 ;;
esac
`,
    { mode: 0o755 },
  );
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function inNamespace(command: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      'unshare',
      ['-m', '--propagation', 'private', process.execPath, join(FIXTURES, 'with-systemctl.mjs'), standIn, join(dir, 'bin'), '--', ...command],
      { timeout: 60_000, killSignal: 'SIGKILL', encoding: 'utf8' },
      (err, stdout, stderr) => resolve({ code: err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : 124) : 0, stdout, stderr }),
    );
  });
}

const helper = (...argv: string[]) => inNamespace([process.execPath, HELPER_JS, ...argv]);
const reply = (stdout: string) => JSON.parse(stdout.trim().split('\n').pop() ?? '') as { ok: boolean; result?: { verb: string; steps: { command?: string[] }[] }; error?: { code: string; message: string } };
const calls = async () => (existsSync(log) ? (await readFile(log, 'utf8')).trim().split('\n') : []);

describe('the helper runs daemon-unit against systemctl', () => {
  it('action=enable: `systemctl enable --now simhat.service`, by argv; action=disable the opposite', async () => {
    const on = await helper('daemon-unit', 'action=enable');
    expect(on.code, on.stderr).toBe(0);
    const r = reply(on.stdout);
    expect(r.ok).toBe(true);
    expect(r.result!.steps[0]!.command!.slice(1)).toEqual(['enable', '--now', 'simhat.service']);
    expect(await readFile(state, 'utf8')).toBe('enabled active\n');
    const off = await helper('daemon-unit', 'action=disable');
    expect(reply(off.stdout).ok).toBe(true);
    expect(await calls()).toEqual(['enable --now simhat.service', 'disable --now simhat.service']);
    expect(await readFile(state, 'utf8')).toBe('disabled inactive\n');
  }, 60_000);

  it('refuses anything but action=enable|disable, before systemctl runs', async () => {
    for (const argv of [['daemon-unit', 'action=mask'], ['daemon-unit'], ['daemon-unit', 'action=enable', 'unit=ssh.service'], ['daemon-unit', 'action=enable', 'root=/tmp']]) {
      const r = await helper(...argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(reply(r.stdout)).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
    }
    expect(await calls()).toEqual([]);
  }, 60_000);

  it('a failing systemctl is reported with its own words', async () => {
    await writeFile(state, 'missing inactive\n');
    const r = await helper('daemon-unit', 'action=enable');
    expect(r.code).toBe(1);
    expect(reply(r.stdout)).toMatchObject({ ok: false, error: { code: 'command-failed', message: expect.stringContaining('Failed to enable unit: Unit file simhat.service does not exist.') } });
  }, 60_000);
});

interface Step {
  name: string;
  result?: { available: boolean; enabled: boolean; active: boolean; unit: string; hint?: string };
  error?: { code: string; message: string; hint?: string };
}

describe('the real root: keepOnlineState and setKeepOnline (issue 11 Boot)', () => {
  const realRoot = async (): Promise<Step[]> => {
    const r = await inNamespace([process.execPath, join(FIXTURES, 'keep-online-real-root.mjs'), REPO]);
    expect(r.code, r.stderr).toBe(0);
    return JSON.parse(r.stdout.trim().split('\n').pop() ?? '[]') as Step[];
  };

  it('reads the state with systemctl is-enabled/is-active (no helper), switches it through the helper, and changes nothing twice', async () => {
    const steps = await realRoot();
    expect(steps.map((s) => [s.name, s.result && { enabled: s.result.enabled, active: s.result.active, available: s.result.available }])).toEqual([
      ['state', { enabled: false, active: false, available: true }],
      ['enable', { enabled: true, active: true, available: true }],
      ['enable again', { enabled: true, active: true, available: true }],
      ['disable', { enabled: false, active: false, available: true }],
    ]);
    expect(steps[1]!.result!.hint).toMatch(/restart simhat so it uses the daemon/);
    const all = await calls();
    // Reads are is-enabled and is-active; the only changes are one enable and one disable.
    expect(all.filter((c) => !c.startsWith('is-'))).toEqual(['enable --now simhat.service', 'disable --now simhat.service']);
    expect(all.filter((c) => c.startsWith('is-')).every((c) => c === 'is-enabled simhat.service' || c === 'is-active simhat.service')).toBe(true);
  }, 60_000);

  it('not installed (npm install): says how to install it and never calls the helper', async () => {
    await writeFile(state, 'missing inactive\n');
    const steps = await realRoot();
    expect(steps[0]!.result).toMatchObject({ available: false, enabled: false, active: false, hint: expect.stringContaining('sudo simhat daemon --enable') });
    expect(steps[1]!.error).toMatchObject({ code: 'unavailable', hint: expect.stringContaining('sudo simhat daemon --enable') });
    expect((await calls()).filter((c) => !c.startsWith('is-'))).toEqual([]);
  }, 60_000);
});
