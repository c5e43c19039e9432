// The watchdog's pure policy (issue 11), as tables: where a failed check starts the ladder, what
// each stage runs, the reset cap, the backoff, the labels, and the fast-path URCs.
import { describe, expect, it } from 'vitest';
import { backoffDelay, hostSteps, ladderFrom, recoveryStart, resetsInLastHour, stageBlocked, stageLabel, usbSteps, HOUR_MS } from '../../../src-main/core/watchdog/policy.js';
import { triggerForUrc } from '../../../src-main/core/watchdog/triggers.js';
import { DEFAULT_WATCHDOG_SETTINGS, watchdogSettings } from '../../../src-main/core/watchdog/settings.js';
import type { CheckClass } from '../../../src-main/core/net/types.js';
import type { ModemFacts } from '../../../src-main/core/watchdog/types.js';

const check = (classification: CheckClass) => ({ classification, summary: classification, at: 0 });
const healthy: ModemFacts = { portPresent: true, answers: true, registered: true, pdpAddress: true, netCapable: true };

describe('recoveryStart: the cheapest stage that can fix the symptom', () => {
  const rows: [string, CheckClass, ModemFacts | undefined, ReturnType<typeof recoveryStart>][] = [
    ['link ok: nothing to do', 'ok', healthy, { kind: 'none' }],
    ['lease lost: host (renew DHCP)', 'no-lease', healthy, { kind: 'stage', stage: 'host', symptom: 'no-lease' }],
    ['interface down: host', 'link-down', healthy, { kind: 'stage', stage: 'host', symptom: 'link-down' }],
    ['default route gone: host (re-apply policy)', 'no-default-route', healthy, { kind: 'stage', stage: 'host', symptom: 'no-default-route' }],
    ['route off policy: host', 'route-elsewhere', healthy, { kind: 'stage', stage: 'host', symptom: 'route-elsewhere' }],
    ['interface missing, modem answers: host waits for it first', 'interface-missing', healthy, { kind: 'stage', stage: 'host', symptom: 'interface-missing' }],
    ['DNS broken only: host (lease carries DNS)', 'dns-broken', healthy, { kind: 'stage', stage: 'host', symptom: 'dns-broken' }],
    ['data session dead, PDP address gone: modem data', 'no-data-session', { ...healthy, pdpAddress: false }, { kind: 'stage', stage: 'modem-data', symptom: 'no-data-session' }],
    ['data session dead, not registered: modem data', 'no-data-session', { ...healthy, registered: false }, { kind: 'stage', stage: 'modem-data', symptom: 'no-data-session' }],
    ['data session dead, modem facts unknown: modem data', 'no-data-session', undefined, { kind: 'stage', stage: 'modem-data', symptom: 'no-data-session' }],
    ['modem stopped answering: modem reset', 'no-data-session', { ...healthy, answers: false }, { kind: 'stage', stage: 'modem-reset', symptom: 'modem-unresponsive' }],
    ['port vanished: modem reset (waits for re-enumeration)', 'interface-missing', { ...healthy, portPresent: false, answers: false }, { kind: 'stage', stage: 'modem-reset', symptom: 'port-missing' }],
  ];
  it.each(rows)('%s', (_name, cls, facts, expected) => {
    expect(recoveryStart(check(cls), facts)).toEqual(expected);
  });

  it('a USB mode without a network interface is the user\'s choice: no recovery at all', () => {
    const r = recoveryStart(check('interface-missing'), { ...healthy, netCapable: false });
    expect(r.kind).toBe('user-choice');
  });

  it('no interface known for the modem (a port given without --iface): no recovery, it says what is missing', () => {
    const r = recoveryStart(check('interface-missing'), { portPresent: true, answers: true, ifaceKnown: false });
    expect(r).toEqual({ kind: 'user-choice', reason: 'no network interface is known for the modem (give --iface): not recovering' });
  });
});

describe('stage contents', () => {
  it.each([
    ['interface-missing', ['wait-interface', 'link-up', 'renew-dhcp', 'reapply-policy']],
    ['link-down', ['link-up', 'renew-dhcp', 'reapply-policy']],
    ['no-lease', ['renew-dhcp', 'reapply-policy']],
    ['gateway-unreachable', ['renew-dhcp', 'reapply-policy']],
    ['no-default-route', ['reapply-policy']],
    ['route-elsewhere', ['reapply-policy']],
    ['dns-broken', ['renew-dhcp']],
  ] as const)('host steps for %s', (symptom, steps) => {
    expect(hostSteps(symptom)).toEqual(steps);
  });

  it('the ladder runs from the first stage to the USB stage, in order', () => {
    expect(ladderFrom('host')).toEqual(['host', 'modem-data', 'modem-reset', 'usb']);
    expect(ladderFrom('modem-reset')).toEqual(['modem-reset', 'usb']);
  });

  it('the hub power cycle is only in the USB stage when uhubctl is there and the settings allow it', () => {
    expect(usbSteps({ hubPowerCycle: false })).toEqual(['rebind']);
    expect(usbSteps({ hubPowerCycle: true })).toEqual(['rebind', 'hub-power-cycle']);
  });
});

describe('reset cap', () => {
  const now = 10 * HOUR_MS;
  it.each([
    ['host never counts', 'host', [now - 1, now - 2, now - 3], 1, undefined],
    ['modem data never counts', 'modem-data', [now - 1], 0, undefined],
    ['reset under the cap', 'modem-reset', [now - 1000], 2, undefined],
    ['reset at the cap', 'modem-reset', [now - 1000, now - 2000], 2, 'reset cap reached (2 of 2 per hour)'],
    ['usb at the cap', 'usb', [now - 1000], 1, 'reset cap reached (1 of 1 per hour)'],
    ['resets older than an hour are forgotten', 'modem-reset', [now - HOUR_MS, now - HOUR_MS - 5], 1, undefined],
    ['cap 0 disables resets', 'modem-reset', [], 0, 'reset cap reached (0 of 0 per hour)'],
  ] as const)('%s', (_n, stage, times, max, expected) => {
    expect(stageBlocked(stage, { now, resetTimes: times, maxResetsPerHour: max, hubPowerCycle: false })).toBe(expected);
  });
  it('counts only the last hour', () => {
    expect(resetsInLastHour([now - HOUR_MS - 1, now - HOUR_MS + 1, now], now)).toBe(2);
  });
});

describe('backoff', () => {
  it.each([
    [0, 0],
    [1, 30_000],
    [2, 60_000],
    [3, 120_000],
    [4, 240_000],
    [5, 480_000],
    [6, 600_000],
    [40, 600_000],
  ])('after %i failures waits %i ms (base 30 s, cap 600 s)', (failures, ms) => {
    expect(backoffDelay(failures, 30_000, 600_000)).toBe(ms);
  });
});

describe('labels for outage lines', () => {
  it.each([
    ['modem-data', ['radio-cycle', 'renew-dhcp'], 'radio cycle'],
    ['modem-data', ['cgact', 'renew-dhcp'], 're-attach'],
    ['host', ['renew-dhcp', 'reapply-policy'], 'DHCP renewal'],
    ['host', ['link-up', 'renew-dhcp'], 'interface brought up'],
    ['host', ['reapply-policy'], 'route policy re-applied'],
    ['modem-reset', ['creset'], 'modem reset'],
    ['usb', ['rebind'], 'USB re-bind'],
    ['usb', ['rebind', 'hub-power-cycle'], 'USB power cycle'],
  ] as const)('%s %j -> %s', (stage, steps, label) => {
    expect(stageLabel(stage, steps)).toBe(label);
  });
});

describe('triggerForUrc: fast-path lines (real URCs)', () => {
  it.each([
    // source: twin firmware wording after sim7600.md §2 (+CGEV, SIMCom) and 27.007 §10.1.19
    ['+CGEV: NW PDN DEACT 1', 'pdn-deactivated'],
    ['+CGEV: NW PDN DEACT 6', 'pdn-deactivated'],
    // source: 27.007 §10.1.19, pre-R8 form some Quectel firmware still prints
    ['+CGEV: NW DEACT "IP","10.64.12.7",1', 'pdn-deactivated'],
    ['+CGEV: NW DETACH', 'registration-changed'],
    // host-caused: our own radio cycle or a user's CGACT
    ['+CGEV: ME PDN DEACT 1', undefined],
    ['+CGEV: ME PDN ACT 1', undefined],
    // source: 27.007 §7.2, §10.1.20, §10.1.22 URC forms with n=1 and n=2 (the twin prints the same)
    ['+CEREG: 2', 'registration-changed'],
    ['+CEREG: 1,"3A2B","0C1D4E02",7', 'registration-changed'],
    ['+CGREG: 0', 'registration-changed'],
    ['+CREG: 5', 'registration-changed'],
    // source: sim7600.md §2 "Others seen: +CPIN: NOT READY"
    ['+CPIN: NOT READY', 'sim-not-ready'],
    ['+CPIN: SIM REMOVED', 'sim-not-ready'],
    ['+CPIN: READY', undefined],
    // source: transcripts.md boot URCs and unrelated URCs
    ['RDY', undefined],
    ['+CMTI: "SM",4', undefined],
    ['+CSQ: 21,99', undefined],
    ['', undefined],
  ] as const)('%j -> %s', (line, trigger) => {
    expect(triggerForUrc(line)).toBe(trigger);
  });
});

describe('settings', () => {
  it('defaults: interval 30 s, 4 resets per hour, no hub power cycle', () => {
    expect(watchdogSettings()).toEqual(DEFAULT_WATCHDOG_SETTINGS);
    expect(DEFAULT_WATCHDOG_SETTINGS).toMatchObject({ intervalS: 30, maxResetsPerHour: 4, hubPowerCycle: false });
  });
  it.each([
    [{ intervalS: 0 }, /intervalS/],
    [{ intervalS: Number.NaN }, /intervalS/],
    [{ maxResetsPerHour: -1 }, /maxResetsPerHour/],
    [{ backoffBaseS: 60, backoffCapS: 30 }, /backoffCapS/],
    [{ hubPowerCycle: 'yes' as unknown as boolean }, /hubPowerCycle/],
  ])('refuses %j', (partial, message) => {
    expect(() => watchdogSettings(partial)).toThrow(message);
  });
  it('interval minimum is 1 s', () => {
    expect(watchdogSettings({ intervalS: 1 }).intervalS).toBe(1);
  });
});
