// "Keep me online" through the privileged helper (issue 11 Boot): the daemon-unit verb's allow-list
// (action=enable|disable, nothing else), its plan (systemctl by argv with a timeout), the sudoers rule
// derived from VERBS, and how systemctl's answers about simhat.service are read (real output, each row
// names where it was captured).
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { DAEMON_UNIT, HELPER_INSTALL_PATH, parseKeyValues, parseVerbRequest, VERBS, verbArgv } from '../../../src-main/core/net/verbs.js';
import { planVerb } from '../../../src-main/core/net/verb-plans.js';
import { daemonUnitState, type SystemctlAnswer } from '../../../src-main/core/daemon-unit-state.js';
import { UNIT_NAME } from '../../../src-main/platform/system/systemd-unit.js';

describe('daemon-unit: the plan', () => {
  it.each([
    ['enable', ['enable', '--now', 'simhat.service']],
    ['disable', ['disable', '--now', 'simhat.service']],
  ])('action=%s runs systemctl %j, argv only, with a timeout', (action, args) => {
    const req = parseVerbRequest('daemon-unit', { action }, { allowRoot: false });
    expect(req).toEqual({ verb: 'daemon-unit', args: { root: '', action } });
    const steps = planVerb(req);
    expect(steps).toEqual([{ kind: 'run', program: 'systemctl', args, timeoutMs: 60_000, why: expect.stringContaining('simhat.service') }]);
    // What the app passes on the helper's command line, and what the helper reads back.
    expect(verbArgv('daemon-unit', { action })).toEqual(['daemon-unit', `action=${action}`]);
    expect(parseKeyValues([`action=${action}`])).toEqual({ action });
  });

  it('names the unit the systemd module installs', () => {
    expect(DAEMON_UNIT).toBe(UNIT_NAME);
  });
});

describe('daemon-unit: validation (re-done inside the helper)', () => {
  it.each([
    ['no action', {}, /daemon-unit: missing argument "action"/],
    ['another systemctl verb', { action: 'mask' }, /daemon-unit: action must be one of enable, disable/],
    ['start only', { action: 'start' }, /action must be one of enable, disable/],
    ['an option glued on', { action: 'enable --now' }, /action must be one of enable, disable/],
    ['another unit', { action: 'enable', unit: 'ssh.service' }, /daemon-unit: unexpected argument "unit"/],
    ['a root prefix', { action: 'enable', root: '/tmp/x' }, /daemon-unit: unexpected argument "root"/],
    ['an interface', { action: 'disable', iface: 'usb0' }, /unexpected argument "iface"/],
  ])('%s is refused', (_name, raw, message) => {
    expect(() => parseVerbRequest('daemon-unit', raw as Record<string, string>, { allowRoot: true })).toThrow(message);
  });
});

describe('the sudoers rule', () => {
  it('lets a netdev member run daemon-unit (derived from VERBS, like every verb)', async () => {
    const text = (await readFile(new URL('../../../resources/polkit/simhat-net-helper.sudoers', import.meta.url), 'utf8')).replace(/\\\n\s*/g, '');
    expect(VERBS).toContain('daemon-unit');
    const alias = text.split('\n').find((l) => l.startsWith('Cmnd_Alias'))!;
    expect(alias.split(' = ')[1]!.split(', ')).toEqual(VERBS.map((v) => `${HELPER_INSTALL_PATH} ${v} *`));
  });
});

const answer = (code: number | null, stdout = '', stderr = ''): SystemctlAnswer => ({ code, stdout, stderr });

describe('reading simhat.service from systemctl', () => {
  // Captured on Debian 12, systemd 252.38-1~deb12u1: `systemctl --root=<dir> is-enabled simhat.service` with
  // the unit in <dir>/usr/lib/systemd/system, before and after enable, disable and mask.
  const DISABLED = answer(1, 'disabled\n');
  const ENABLED = answer(0, 'enabled\n');
  const MASKED = answer(1, 'masked\n');
  // Same system, no unit file (an npm install before `simhat daemon --enable`).
  const MISSING = answer(1, '', 'Failed to get unit file state for simhat.service: No such file or directory\n');
  // systemd 253+ prints the word instead (systemctl(1) "is-enabled": not-found).
  const NOT_FOUND = answer(4, 'not-found\n');
  // is-active on a booted system prints the state (systemctl(1) "is-active"): exit 0 active, 3 otherwise.
  const ACTIVE = answer(0, 'active\n');
  const INACTIVE = answer(3, 'inactive\n');
  const FAILED = answer(3, 'failed\n');
  // Debian 12 in a container without systemd as PID 1 (captured as the enabled/missing rows above).
  const NO_PID1 = answer(1, '', "System has not been booted with systemd as init system (PID 1). Can't operate.\nFailed to connect to bus: Host is down\n");

  it.each<[string, SystemctlAnswer, SystemctlAnswer, { available: boolean; enabled: boolean; active: boolean; hint?: RegExp }]>([
    ['installed, off', DISABLED, INACTIVE, { available: true, enabled: false, active: false }],
    ['enabled and running', ENABLED, ACTIVE, { available: true, enabled: true, active: true }],
    ['enabled, crashed', ENABLED, FAILED, { available: true, enabled: true, active: false }],
    ['disabled, started by hand', DISABLED, ACTIVE, { available: true, enabled: false, active: true }],
    ['not installed (systemd 252)', MISSING, INACTIVE, { available: false, enabled: false, active: false, hint: /not installed \(an npm install has none\): run `sudo simhat daemon --enable` once/ }],
    ['not installed (systemd 253+)', NOT_FOUND, INACTIVE, { available: false, enabled: false, active: false, hint: /not installed/ }],
    ['masked', MASKED, INACTIVE, { available: false, enabled: false, active: false, hint: /masked: .*sudo systemctl unmask simhat\.service/ }],
    ['no systemd running', DISABLED, NO_PID1, { available: false, enabled: false, active: false, hint: /systemd is not running on this system/ }],
    ['no systemctl at all', answer(null), answer(null), { available: false, enabled: false, active: false, hint: /systemctl is not installed/ }],
    ['an unexpected failure', answer(1, '', 'Access denied\n'), INACTIVE, { available: false, enabled: false, active: false, hint: /could not tell whether simhat\.service is enabled \(Access denied\)/ }],
  ])('%s', (_name, isEnabled, isActive, want) => {
    const s = daemonUnitState('simhat.service', isEnabled, isActive);
    expect({ available: s.available, enabled: s.enabled, active: s.active }).toEqual({ available: want.available, enabled: want.enabled, active: want.active });
    if (want.hint) expect(s.hint).toMatch(want.hint);
    else expect(s.hint).toBeUndefined();
  });
});
