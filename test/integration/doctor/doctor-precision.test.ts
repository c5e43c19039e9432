// Doctor precision (issue 12) and the doctor after an unplug mid-run (issue 15, Low), on the twin over
// a real PTY through the real serialport.
import { afterEach, describe, expect, it } from 'vitest';
import { AtEngine } from '../../../src-main/core/at/engine.js';
import type { CheckId, DoctorReport } from '../../../src-main/core/doctor/report.js';
import { openSerialTransport } from '../../../src-main/platform/serial/serialport-transport.js';
import { runDoctor, type DoctorDeps } from '../../../src-main/service/doctor.js';
import { serialEngineOpener } from '../../../src-main/compose/real-root.js';
import { apnLookup } from '../../../src-main/service/apn-db.js';
import { HOME_NETWORK } from '../../../src-main/twin/scenarios.js';
import { twinOnPty, type TwinOnPty } from './twin-harness.js';

const deps: DoctorDeps = { openEngine: serialEngineOpener, apn: apnLookup };
let open: TwinOnPty | undefined;
afterEach(async () => {
  await open?.close();
  open = undefined;
});

const check = (r: DoctorReport, id: CheckId) => r.checks.find((c) => c.id === id)!;

async function at(port: string, ...commands: string[]): Promise<void> {
  const engine = new AtEngine(openSerialTransport(port));
  await engine.open();
  try {
    for (const c of commands) await engine.send(c);
  } finally {
    await engine.close();
  }
}

describe('doctor precision (issue 12)', () => {
  it('good scenario with cid 1 IP and cid 6 IPV4V6 (same APN, data up): no failure, a note on the types', async () => {
    open = await twinOnPty({ scenario: 'good' });
    await at(open.port, `AT+CGDCONT=1,"IP","${HOME_NETWORK.apn}"`, `AT+CGDCONT=6,"IPV4V6","${HOME_NETWORK.apn}"`);
    const r = await runDoctor(deps, { port: open.port, platform: 'linux' });
    expect(r.checks.filter((c) => c.status === 'fail').map((c) => c.id)).toEqual([]);
    expect(r.ok).toBe(true);
    expect(check(r, 'apn.rndis-context')).toMatchObject({ status: 'pass' });
    expect(check(r, 'apn.rndis-context').detail).toMatch(/PDP types differ \(IP in 1, IPV4V6 in 6\)/);
    expect(check(r, 'data.pdp').status).toBe('pass');
  });

  it('only a port, modem in QMI (9001) on Linux: the mode is known from AT+CUSBPIDSWITCH? and switch-rndis comes before apn.set', async () => {
    open = await twinOnPty({ scenario: 'fresh' });
    const r = await runDoctor(deps, { port: open.port, platform: 'linux' });
    expect(check(r, 'usb.present').status).toBe('skip');
    expect(check(r, 'usb.mode')).toMatchObject({ status: 'fail', fix: { id: 'switch-rndis' } });
    expect(check(r, 'usb.mode').detail).toMatch(/QMI mode \(AT\+CUSBPIDSWITCH\? says 9001\)/);
    expect(r.verdict).toMatchObject({ checkId: 'usb.mode', fix: { id: 'switch-rndis' } });
  });

  it('only a port, modem already in RNDIS: usb.mode stays a skip that says the mode is right', async () => {
    open = await twinOnPty({ scenario: 'good' });
    const r = await runDoctor(deps, { port: open.port, platform: 'linux' });
    expect(check(r, 'usb.mode')).toMatchObject({ status: 'skip' });
    expect(check(r, 'usb.mode').detail).toMatch(/RNDIS is the right mode here/);
  });
});

describe('unplug mid-run (issue 15)', () => {
  it('says the port vanished instead of blaming the SIM or the network', async () => {
    open = await twinOnPty({ scenario: 'good' });
    const twin = open.twin;
    // Pull the plug the moment the SIM state has been answered: the next query finds the port gone.
    const onCommand = (e: { line: string }) => {
      if (e.line !== 'AT+CPIN?') return;
      twin.off('command', onCommand);
      twin.unplug();
    };
    twin.on('command', onCommand);
    try {
      const r = await runDoctor(deps, { port: open.port, platform: 'linux', atTimeoutMs: 1500 });
      const portAt = check(r, 'port.at');
      expect(portAt.status).toBe('fail');
      expect(portAt.detail).toMatch(/vanished during AT\+(CPIN\?|CFUN\?|CSQ)/);
      expect(r.verdict?.checkId).toBe('port.at');
      for (const id of ['sim.ready', 'radio.on', 'net.registered', 'apn.set'] as CheckId[]) expect(check(r, id).status).toBe('skip');
    } finally {
      twin.off('command', onCommand);
    }
  });
});
