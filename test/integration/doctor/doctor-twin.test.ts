// The doctor against the twin on a real PTY through the real serialport: each scenario's verdict (issue 6).
import { afterEach, describe, expect, it } from 'vitest';
import { runDoctor, runDoctorFixes, type DoctorDeps } from '../../../src-main/service/doctor.js';
import { serialEngineOpener } from '../../../src-main/compose/real-root.js';
import { apnLookup } from '../../../src-main/service/apn-db.js';
import { HOME_NETWORK, type ScenarioName } from '../../../src-main/twin/scenarios.js';
import type { CheckId, DoctorReport } from '../../../src-main/core/doctor/report.js';
import { twinOnPty, type TwinOnPty } from './twin-harness.js';
import { twinDeviceSource } from './twin-device-source.js';
import { switchMode } from '../../../src-main/service/mode-switch.js';

const deps: DoctorDeps = { openEngine: serialEngineOpener, apn: apnLookup };
const MODEM_CHECKS: CheckId[] = ['port.at', 'port.conflict', 'sim.ready', 'radio.on', 'net.registered', 'net.signal', 'apn.set', 'apn.rndis-context', 'apn.carrier-match', 'data.pdp'];

let open: TwinOnPty | undefined;
afterEach(async () => {
  await open?.close();
  open = undefined;
});

async function doctorOn(scenario: ScenarioName): Promise<DoctorReport> {
  open = await twinOnPty({ scenario });
  return runDoctor(deps, { port: open.port, platform: 'linux' });
}

const check = (r: DoctorReport, id: CheckId) => r.checks.find((c) => c.id === id)!;

describe('doctor on the twin over a PTY', () => {
  it('good: every modem check passes; usb.* and host.* skip without those layers', async () => {
    const r = await doctorOn('good');
    for (const id of MODEM_CHECKS) expect({ id, status: check(r, id).status, detail: check(r, id).detail }).toMatchObject({ id, status: 'pass' });
    for (const id of ['usb.present', 'usb.mode', 'usb.drivers', 'host.iface', 'host.internet'] as CheckId[]) expect(check(r, id).status).toBe('skip');
    expect(r.ok).toBe(true);
    expect(r.verdict).toBeNull();
    expect(r.modem).toMatchObject({ model: 'SIMCOM_SIM7600G-H', mode: 'rndis', atPort: open!.port });
    // Evidence is the verbatim exchange.
    expect(check(r, 'apn.set').evidence[0]!.command).toBe('AT+CGDCONT?');
    expect(check(r, 'apn.set').evidence[0]!.output).toContain(HOME_NETWORK.apn);
  });

  it('seed: apn.set and apn.rndis-context fail with apply-apn; after applying the suggested preset the modem side goes green', async () => {
    const r = await doctorOn('seed');
    expect(check(r, 'apn.set')).toMatchObject({ status: 'fail', fix: { id: 'apply-apn' } });
    expect(check(r, 'apn.rndis-context')).toMatchObject({ status: 'fail', fix: { id: 'apply-apn' } });
    expect(check(r, 'apn.set').fix!.label).toContain(HOME_NETWORK.apn);
    expect(check(r, 'apn.set').detail).toMatch(/APN is empty in PDP context 1 and 6/);
    expect(r.verdict?.checkId).toBe('apn.set');
    expect(r.ok).toBe(false);

    // The same run with --fix --yes: the suggested carrier preset goes into cid 1 and 6, then all is green.
    const fixed = await runDoctorFixes(deps, { port: open!.port, platform: 'linux' }, { settleMs: 5000 });
    expect(fixed.applied.map((a) => [a.fix.id, a.ok])).toEqual([['apply-apn', true]]);
    for (const id of MODEM_CHECKS) expect({ id, status: check(fixed.after, id).status }).toEqual({ id, status: 'pass' });
    expect(open!.twin.receivedCommands).toEqual(expect.arrayContaining([`AT+CGDCONT=1,"IP","${HOME_NETWORK.apn}"`, `AT+CGDCONT=6,"IP","${HOME_NETWORK.apn}"`]));
    expect(open!.twin.dataUp).toBe(true);
  });

  it('pin-locked with --fix and the PIN: the SIM unlocks and the modem side goes green', async () => {
    open = await twinOnPty({ scenario: 'pin-locked' });
    const asked: string[] = [];
    const fixed = await runDoctorFixes(deps, { port: open.port, platform: 'linux' }, { pin: HOME_NETWORK.pin, settleMs: 5000, confirm: async (f) => (asked.push(f.id), true) });
    expect(asked).toEqual(['enter-pin']);
    expect(fixed.before.verdict?.fix?.id).toBe('enter-pin');
    for (const id of MODEM_CHECKS) expect({ id, status: check(fixed.after, id).status }).toEqual({ id, status: 'pass' });
  });

  it('a declined fix changes nothing', async () => {
    open = await twinOnPty({ scenario: 'seed' });
    const fixed = await runDoctorFixes(deps, { port: open.port, platform: 'linux' }, { confirm: async () => false });
    expect(fixed.applied).toEqual([]);
    expect(open.twin.receivedCommands.some((c) => c.startsWith('AT+CGDCONT='))).toBe(false);
    expect(fixed.after.verdict?.checkId).toBe('apn.set');
  });

  it('no-sim: sim.ready fails saying the SIM is not inserted', async () => {
    const r = await doctorOn('no-sim');
    expect(check(r, 'sim.ready').status).toBe('fail');
    expect(check(r, 'sim.ready').detail).toMatch(/not inserted/);
    expect(check(r, 'sim.ready').evidence[0]!.output).toMatch(/SIM not inserted|\+CME ERROR/);
    expect(r.verdict?.checkId).toBe('sim.ready');
  });

  it('pin-locked: enter-pin', async () => {
    const r = await doctorOn('pin-locked');
    expect(check(r, 'sim.ready')).toMatchObject({ status: 'fail', fix: { id: 'enter-pin' } });
    expect(r.verdict?.fix?.id).toBe('enter-pin');
  });

  it('no-signal: registration fails explaining there is no cell heard', async () => {
    const r = await doctorOn('no-signal');
    expect(check(r, 'net.registered').status).toBe('fail');
    expect(check(r, 'net.registered').detail).toMatch(/hears no cell|antenna/);
    expect(r.verdict?.checkId).toBe('net.registered');
  });

  it('denied: registration fails saying the network refused the SIM', async () => {
    const r = await doctorOn('denied');
    expect(check(r, 'net.registered').status).toBe('fail');
    expect(check(r, 'net.registered').detail).toMatch(/refused the SIM/);
    expect(r.verdict?.checkId).toBe('net.registered');
  });

  it('a port that does not exist: port.at fails, nothing crashes', async () => {
    const r = await runDoctor(deps, { port: '/dev/simhat-no-such-port', platform: 'linux' });
    expect(check(r, 'port.at').status).toBe('fail');
    expect(check(r, 'sim.ready').status).toBe('skip');
    expect(r.checks).toHaveLength(18);
  });
});

describe('doctor with a USB view of the twin', () => {
  it('fresh (9001, QMI) on Linux: usb.mode points to switch-rndis, and --fix switches and re-checks', async () => {
    open = await twinOnPty({ scenario: 'fresh' });
    const devices = twinDeviceSource(open.twin, open.port);
    const d = { ...deps, devices };
    const r = await runDoctor(d, { platform: 'linux' });
    expect(check(r, 'usb.present').status).toBe('pass');
    expect(check(r, 'usb.mode')).toMatchObject({ status: 'fail', fix: { id: 'switch-rndis' } });
    expect(check(r, 'usb.mode').detail).toMatch(/QMI mode \(9001\)/);
    expect(check(r, 'usb.drivers').status).toBe('pass');
    expect(r.verdict).toMatchObject({ checkId: 'usb.mode', fix: { id: 'switch-rndis' } });
    expect(r.modem).toMatchObject({ usbId: '1e0e:9001', mode: 'qmi' });

    const port = open.port;
    const fixed = await runDoctorFixes(
      { ...d, switchMode: async (target) => void (await switchMode({ openEngine: serialEngineOpener }, { target, port, timeoutMs: 10_000 })) },
      { platform: 'linux' },
      { settleMs: 5000 },
    );
    // After the switch the doctor looks again: in RNDIS the empty APN must go to cid 1 and 6.
    expect(fixed.applied.map((a) => [a.fix.id, a.ok])).toEqual([
      ['switch-rndis', true],
      ['apply-apn', true],
    ]);
    expect(open.twin.pid).toBe(9011);
    expect(check(fixed.after, 'usb.mode').status).toBe('pass');
    for (const id of MODEM_CHECKS) expect({ id, status: check(fixed.after, id).status }).toEqual({ id, status: 'pass' });
    expect(open.twin.receivedCommands).toContain(`AT+CGDCONT=6,"IP","${HOME_NETWORK.apn}"`);
  });

  it('ECM (9018) without new_id on Linux: usb.mode wants RNDIS; on macOS usb.drivers is what fails', async () => {
    open = await twinOnPty({ scenario: 'good' });
    await switchMode({ openEngine: serialEngineOpener }, { target: 'ecm', port: open.port, timeoutMs: 10_000 });
    const devices = twinDeviceSource(open.twin, open.port);
    const mac = await runDoctor({ ...deps, devices }, { platform: 'darwin' });
    expect(check(mac, 'usb.mode').status).toBe('pass');
    expect(check(mac, 'usb.drivers')).toMatchObject({ status: 'fail', fix: { id: 'serial-driver' } });
    expect(check(mac, 'usb.drivers').detail).toMatch(/9018 has no serial driver/);
  });
});
