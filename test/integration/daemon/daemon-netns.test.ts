// Issue 11's done-when, in the netns harness with the twin on a real PTY: `simhat daemon` gets online; after
// the data session drops and after the module reboots, `simhat status --json` through its socket reports
// online again without anyone acting, the default route still follows failover, `simhat at ATI` answers
// through the daemon, two commands at once both answer, and `simhat history --json --since 10m` lists both
// recoveries.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TwinFaults } from '../../../src-main/twin/faults.js';
import { TwinPtyBinding } from '../../../src-main/twin/pty-binding.js';
import { TEST_TIMINGS, Twin } from '../../../src-main/twin/twin.js';
import { cliVia, startDaemon, until, type DaemonProcess } from '../../helpers/daemon-harness.js';
import { buildFakeSysNet } from '../../helpers/fake-sysfs-net.js';
import { createNetns, ensureBuilt, INTERNET_IP, TEST_DNS_NAME, type NetnsHarness } from '../../helpers/netns.js';

interface StatusJson {
  via: string;
  answered: boolean;
  connection: { state: string; kept: boolean; lastRecovery?: { outcome: string; fixedBy?: string; trigger: string } };
}

let h: NetnsHarness;
let twin: Twin;
let binding: TwinPtyBinding;
let unfollow: () => void;
let daemon: DaemonProcess | undefined;
let dir: string;

beforeAll(async () => {
  await ensureBuilt();
  dir = await mkdtemp(join(tmpdir(), 'simhat-daemon-'));
  h = await createNetns({ internetHost: true });
  // The twin resets in about a second and a half; registration and the data session follow.
  twin = new Twin({ scenario: 'good', start: 'ready', timings: { ...TEST_TIMINGS, resetDelayMs: 1500 } });
  binding = await TwinPtyBinding.attach(twin, { link: join(dir, 'sim7600-at') });
  unfollow = await h.followTwin(twin);
  // The daemon's privileged actions touch only a modem's interface: the test root declares usb0 as one.
  await buildFakeSysNet([{ name: 'usb0', kind: 'usb', driver: 'rndis_host', vid: '1e0e', pid: '9011', port: '1-1.3', ifnum: 0 }], join(h.root, 'sys'));
}, 120_000);

afterAll(async () => {
  await daemon?.stop();
  unfollow?.();
  await binding?.close();
  twin?.dispose();
  await h?.close();
  await rm(dir, { recursive: true, force: true });
});

const socket = () => join(dir, 'simhat', 'simhat.sock');
const status = async (): Promise<StatusJson> => {
  const r = await cliVia(socket(), ['status', '--json'], { netns: h.host });
  return JSON.parse(r.stdout) as StatusJson;
};
const online = (s: StatusJson) => s.connection.state === 'online';

interface Recovery {
  trigger: string;
  outcome: string;
  startedAt: number;
  stages: { stage: string; ok: boolean }[];
}

/** The first recovered recovery in the daemon's history that matches. */
async function recovery(match: (r: Recovery) => boolean): Promise<Recovery | undefined> {
  const r = await cliVia(socket(), ['history', '--json', '--since', '10m'], { netns: h.host });
  const hist = JSON.parse(r.stdout) as { events: { kind: string; recovery?: Recovery }[] };
  return hist.events.map((e) => e.recovery).find((x): x is Recovery => !!x && x.outcome === 'recovered' && match(x));
}

describe('simhat daemon keeps the link online (issue 11 done-when)', () => {
  it('gets online, recovers from a dropped data session and from a module reboot by itself, and records both', async () => {
    daemon = await startDaemon({
      socket: socket(),
      netns: h.host,
      env: { SIMHAT_CONFIG_DIR: join(dir, 'config') },
      args: ['--port', binding.link, '--iface', 'usb0', '--policy', 'failover', '--ping-target', INTERNET_IP, '--dns-name', TEST_DNS_NAME, '--interval', '2', '--db', join(dir, 'history.db'), '--root', h.root, '--verify-timeout', '15', '--comeback-timeout', '30'],
    });
    const first = await until('online after start', async () => ((s) => (online(s) ? s : undefined))(await status()), 60_000);
    expect(first).toMatchObject({ via: 'daemon', answered: true, connection: { kept: true } });

    // 1. The network ends the data session (+CGEV: NW PDN DEACT) and it stays down until a radio cycle.
    new TwinFaults(twin).apply({ kind: 'drop-data' });
    const dropped = await until('recovered from the dropped session', () => recovery((r) => r.trigger === 'pdn-deactivated'), 90_000);
    expect(dropped.stages.at(-1)).toMatchObject({ stage: 'modem-data', ok: true });
    await until('online after the dropped session', async () => ((s) => (online(s) ? s : undefined))(await status()), 60_000);

    // 2. The module reboots: its port vanishes and comes back behind the stable link, usb0 loses carrier.
    const rebootAt = Date.now();
    new TwinFaults(twin).apply({ kind: 'reboot' });
    const rebooted = await until('recovered from the reboot', () => recovery((r) => r.startedAt >= rebootAt), 120_000).catch((err: Error) => {
      throw new Error(`${err.message}\n${daemon!.log.slice(-40).join('\n')}`);
    });
    expect(rebooted.outcome).toBe('recovered');
    await until('online after the reboot', async () => ((s) => (online(s) ? s : undefined))(await status()), 60_000);

    // The default route still follows the failover policy (LTE as backup: metric 700).
    const routes = await h.hostRoutes();
    expect(routes.find((r) => r.dev === 'usb0')?.metric).toBe(700);

    // `simhat at ATI` without --port goes through the daemon (it holds the port: a second opener would get EBUSY).
    const at = await cliVia(socket(), ['at', 'ATI'], { netns: h.host });
    expect(at.code, at.stderr).toBe(0);
    expect(at.stdout).toMatch(/SIMCOM_SIM7600G-H/);

    // Two commands at once through the one owner of the port: both answer, none steals the other's answer.
    const [a, b] = await Promise.all([cliVia(socket(), ['at', '--json', 'AT+CGMM', 'AT+CGSN'], { netns: h.host }), cliVia(socket(), ['status', '--json'], { netns: h.host })]);
    expect(a.code, a.stderr).toBe(0);
    const ax = JSON.parse(a.stdout) as { results: { command: string; lines: string[] }[] };
    expect(ax.results[0]!.lines).toEqual(['SIMCOM_SIM7600G-H']);
    expect(ax.results[1]!.lines[0]).toMatch(/^\d{15}$/);
    expect((JSON.parse(b.stdout) as StatusJson).via).toBe('daemon');

    const hist = JSON.parse((await cliVia(socket(), ['history', '--json', '--since', '10m'], { netns: h.host })).stdout) as { events: { kind: string; recovery?: { trigger: string; outcome: string; stages: { stage: string; ok: boolean }[] } }[]; outages: unknown[] };
    const recoveries = hist.events.filter((e) => e.kind === 'recovery' && e.recovery?.outcome === 'recovered');
    expect(recoveries.length).toBeGreaterThanOrEqual(2);
    expect(recoveries.some((e) => e.recovery!.trigger === 'pdn-deactivated')).toBe(true);
    expect(hist.outages.length).toBeGreaterThanOrEqual(2);
    const text = await cliVia(socket(), ['history', '--since', '10m'], { netns: h.host });
    expect(text.stdout).toMatch(/data session dropped; back after/);
  }, 400_000);
});
