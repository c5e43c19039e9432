// Host-side checks in the network-namespace harness (issue 4's netns + dnsmasq standing in for the
// modem's NAT), with the twin as the modem side: the seed story end to end, and the route takeover.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { DoctorReport } from '../../../src-main/core/doctor/report.js';
import { createNetns, ensureBuilt, INTERNET_IP, REPO, TEST_DNS_NAME, type NetnsHarness } from '../../helpers/netns.js';
import { twinOnPty, type TwinOnPty } from './twin-harness.js';

let h: NetnsHarness | undefined;
let open: TwinOnPty | undefined;
// The doctor's own settings folder: the run's shared one may hold a policy another file's `net policy`
// saved, and with a saved policy a takeover is a failure, not the warning these cases expect.
const config = mkdtempSync(join(tmpdir(), 'simhat-doctor-host-config-'));
beforeAll(async () => {
  await ensureBuilt();
});
afterAll(() => {
  rmSync(config, { recursive: true, force: true });
});
afterEach(async () => {
  await open?.close();
  await h?.close();
  open = undefined;
  h = undefined;
});

async function doctor(args: string[]): Promise<{ code: number; report: DoctorReport & { fixesApplied?: { fix: { id: string }; ok: boolean }[] } }> {
  const r = await h!.exec(h!.host, [process.execPath, `${REPO}bin/simhat.js`, 'doctor', '--iface', 'usb0', '--root', h!.root, '--json', ...args], 60_000, { SIMHAT_CONFIG_DIR: config });
  if (r.stdout.trim() === '') throw new Error(`doctor printed nothing (exit ${r.code}): ${r.stderr}`);
  return { code: r.code, report: JSON.parse(r.stdout) as DoctorReport };
}
const check = (r: DoctorReport, id: string) => r.checks.find((c) => c.id === id)!;

describe('doctor host checks in a network namespace', () => {
  it('seed: usb0 has a lease but nothing past the modem: the verdict is the empty APN; host.internet points at the data session', async () => {
    h = await createNetns({ eth0: false });
    open = await twinOnPty({ scenario: 'seed' });
    const up = await h.cli(['up', '--iface', 'usb0', '--policy', 'failover', '--lease-timeout', '10', '--root', h.root, '--json']);
    expect(up.code).toBe(0);
    await h.setInternet(false); // the modem has no data session: nothing answers past it
    const { code, report } = await doctor(['--port', open.port, '--ping-target', INTERNET_IP, '--dns-name', TEST_DNS_NAME]);
    expect(code).toBe(1);
    expect(check(report, 'host.iface').status).toBe('pass');
    expect(check(report, 'host.lease').status).toBe('pass');
    expect(check(report, 'host.lease').detail).toMatch(/192\.168\.225\.\d+/);
    expect(check(report, 'host.internet')).toMatchObject({ status: 'fail', fix: { id: 'apply-apn' } });
    expect(check(report, 'host.internet').detail).toMatch(/reaches the modem \(192\.168\.225\.1\) but nothing past it.*no data session/);
    expect(report.verdict?.checkId).toBe('apn.set');
    expect(report.verdict?.summary).toMatch(/^usb0 has an address from the modem \(192\.168\.225\.\d+\) but the modem has no data session: the APN is empty in PDP context 1 and 6/);
    expect(report.modem?.iface).toBe('usb0');
  });

  it('lease but unreachable internet, no AT port given: host.internet fails and points at the data session', async () => {
    h = await createNetns({ eth0: false });
    expect((await h.cli(['up', '--iface', 'usb0', '--lease-timeout', '10', '--root', h.root, '--json'])).code).toBe(0);
    await h.setInternet(false);
    const { report } = await doctor(['--ping-target', INTERNET_IP, '--dns-name', TEST_DNS_NAME]);
    expect(check(report, 'host.lease').status).toBe('pass');
    expect(check(report, 'host.internet').status).toBe('fail');
    expect(check(report, 'host.internet').detail).toMatch(/data session/);
    expect(check(report, 'host.internet').evidence.length).toBeGreaterThan(0);
  });

  it('good modem and reachable internet: the host side passes; a metric-0 takeover from eth0 is flagged, and --fix sets the failover metric', async () => {
    h = await createNetns({ eth0: true });
    open = await twinOnPty({ scenario: 'good' });
    expect((await h.cli(['up', '--iface', 'usb0', '--policy', 'failover', '--lease-timeout', '10', '--root', h.root, '--json'])).code).toBe(0);
    const ok = await doctor(['--port', open.port, '--ping-target', INTERNET_IP, '--dns-name', TEST_DNS_NAME]);
    for (const id of ['host.iface', 'host.lease', 'host.route', 'host.dns', 'host.internet', 'data.pdp']) {
      // On failure, show what the doctor saw (a flake is then diagnosable from the CI log).
      const c = check(ok.report, id);
      expect({ id, status: c.status }, `${c.detail}\n${JSON.stringify(ok.report.checks.flatMap((x) => x.evidence))}`).toEqual({ id, status: 'pass' });
    }
    expect(ok.code).toBe(0);

    // What a plain `dhclient usb0` does: default via the modem with metric 0, beating eth0's 100.
    const gw = (await h.hostRoutes()).find((r) => r.dev === 'usb0')!.gateway!;
    expect((await h.exec(h.host, ['ip', 'route', 'replace', 'default', 'via', gw, 'dev', 'usb0', 'metric', '0'])).code).toBe(0);
    const warned = await doctor(['--port', open.port, '--ping-target', INTERNET_IP, '--no-probes']);
    expect(check(warned.report, 'host.route')).toMatchObject({ status: 'warn', fix: { id: 'route-policy' } });
    expect(check(warned.report, 'host.route').detail).toMatch(/took the default route from eth0: metric 0/);
    expect(warned.code).toBe(0);

    const failover = await doctor(['--port', open.port, '--no-probes', '--policy', 'failover', '--fix', '--yes']);
    expect(failover.report.fixesApplied!.map((a) => [a.fix.id, a.ok])).toEqual([['route-policy', true]]);
    expect(check(failover.report, 'host.route').status).toBe('pass');
    expect(failover.code).toBe(0);
  });
});
