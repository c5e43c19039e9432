// bench:watch — staying online (issue 11), measured on the twin in the netns harness with the real daemon:
//  - fault -> detection, by the URC path (+CGEV: NW PDN DEACT) and by the probe path (usb0 taken down: only
//    the periodic check sees it);
//  - fault -> online again, per recovery stage (host, modem data, modem reset);
//  - the daemon's RSS after idling (default 10 min, BENCH_IDLE_MIN) and its CPU while idle at --interval 30;
//  - the history database at 30 days of samples (bench/history.bench.ts).
// Run as root (network namespaces): npm run bench:watch
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ConnectionInfo } from '../src-main/api/contract.js';
import { connectDaemon } from '../src-main/daemon/socket-client.js';
import { TwinFaults } from '../src-main/twin/faults.js';
import { TwinPtyBinding } from '../src-main/twin/pty-binding.js';
import { DEFAULT_TIMINGS, Twin } from '../src-main/twin/twin.js';
import { startDaemon } from '../test/helpers/daemon-harness.js';
import { buildFakeSysNet } from '../test/helpers/fake-sysfs-net.js';
import { createNetns, ensureBuilt, INTERNET_IP, TEST_DNS_NAME, type NetnsHarness } from '../test/helpers/netns.js';

const IDLE_MIN = Number(process.env['BENCH_IDLE_MIN'] ?? 10);
const CLK_TCK = 100;

async function procStat(pid: number): Promise<{ rssMb: number; cpuS: number }> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  const stat = (await readFile(`/proc/${pid}/stat`, 'utf8')).split(') ')[1]!.split(' ');
  // Fields after "(comm) ": state is [0]; utime [11], stime [12] (proc(5), 14 and 15 counted from 1).
  const cpuS = (Number(stat[11]) + Number(stat[12])) / CLK_TCK;
  return { rssMb: rssKb / 1024, cpuS };
}

async function scenario(intervalS: number, fn: (ctx: { h: NetnsHarness; twin: Twin; events: { at: number; c: ConnectionInfo }[]; pid: number }) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'simhat-bench-watch-'));
  const h = await createNetns({ internetHost: true });
  const twin = new Twin({ scenario: 'good', start: 'ready', timings: { ...DEFAULT_TIMINGS, resetDelayMs: 3000 } });
  const binding = await TwinPtyBinding.attach(twin, { link: join(dir, 'at') });
  const unfollow = await h.followTwin(twin);
  await buildFakeSysNet([{ name: 'usb0', kind: 'usb', driver: 'rndis_host', vid: '1e0e', pid: '9011', port: '1-1.3', ifnum: 0 }], join(h.root, 'sys'));
  const socket = join(dir, 'simhat', 'simhat.sock');
  const daemon = await startDaemon({
    socket,
    netns: h.host,
    env: { SIMHAT_CONFIG_DIR: join(dir, 'config') },
    args: ['--port', binding.link, '--iface', 'usb0', '--policy', 'failover', '--ping-target', INTERNET_IP, '--dns-name', TEST_DNS_NAME, '--interval', String(intervalS), '--db', join(dir, 'h.db'), '--root', h.root],
  });
  const client = (await connectDaemon([socket]))!;
  const events: { at: number; c: ConnectionInfo }[] = [];
  client.api.onEvent((e) => {
    if (e.type === 'connection') events.push({ at: performance.now(), c: e.connection });
  });
  try {
    const deadline = Date.now() + 60_000;
    while ((await client.api.getConnection({})).state !== 'online') {
      if (Date.now() > deadline) throw new Error('the daemon did not get online');
      await new Promise((r) => setTimeout(r, 200));
    }
    await fn({ h, twin, events, pid: daemon.child.pid! });
  } finally {
    await client.close();
    await daemon.stop();
    unfollow();
    await binding.close();
    twin.dispose();
    await h.close();
    await rm(dir, { recursive: true, force: true });
  }
}

/** Time from `t0` to the first connection event after it that matches. */
async function waitFor(events: { at: number; c: ConnectionInfo }[], t0: number, match: (c: ConnectionInfo) => boolean, timeoutMs = 180_000): Promise<number> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const e = events.find((x) => x.at >= t0 && match(x.c));
    if (e) return e.at - t0;
    if (performance.now() > deadline) throw new Error('not within the time limit');
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function main(): Promise<void> {
  if (process.getuid?.() !== 0) throw new Error('bench:watch needs root (network namespaces)');
  await ensureBuilt();
  const INTERVAL = 5;
  console.log(`bench:watch — twin (default timings, reset 3 s) behind a real PTY, daemon --interval ${INTERVAL}`);
  await scenario(INTERVAL, async ({ h, twin, events }) => {
    const faults = new TwinFaults(twin);
    let t0 = performance.now();
    faults.apply({ kind: 'drop-data' });
    const urcDetect = await waitFor(events, t0, (c) => c.state !== 'online');
    const dataBack = await waitFor(events, t0, (c) => c.state === 'online');
    console.log(`  data session dropped (URC +CGEV): detected in ${urcDetect.toFixed(0)} ms; online again (stage ${events.at(-1)?.c.lastRecovery?.fixedBy}) after ${(dataBack / 1000).toFixed(2)} s`);
    await new Promise((r) => setTimeout(r, 2000));
    t0 = performance.now();
    await h.exec(h.host, ['ip', 'link', 'set', 'usb0', 'down']);
    const probeDetect = await waitFor(events, t0, (c) => c.state !== 'online');
    const hostBack = await waitFor(events, t0, (c) => c.state === 'online');
    console.log(`  usb0 down (no URC, probe path, interval ${INTERVAL} s): detected in ${probeDetect.toFixed(0)} ms; online again (stage ${events.at(-1)?.c.lastRecovery?.fixedBy}) after ${(hostBack / 1000).toFixed(2)} s`);
    await new Promise((r) => setTimeout(r, 2000));
    t0 = performance.now();
    faults.apply({ kind: 'reboot' });
    const rebootDetect = await waitFor(events, t0, (c) => c.state !== 'online');
    const rebootBack = await waitFor(events, t0, (c) => c.state === 'online');
    console.log(`  module reboot (port vanishes): detected in ${rebootDetect.toFixed(0)} ms; online again (stage ${events.at(-1)?.c.lastRecovery?.fixedBy}) after ${(rebootBack / 1000).toFixed(2)} s`);
  });

  console.log(`idle: daemon --interval 30 for ${IDLE_MIN} min`);
  await scenario(30, async ({ pid }) => {
    const a = await procStat(pid);
    const t = performance.now();
    await new Promise((r) => setTimeout(r, IDLE_MIN * 60_000));
    const b = await procStat(pid);
    const wallS = (performance.now() - t) / 1000;
    console.log(`  RSS after ${IDLE_MIN} min idle: ${b.rssMb.toFixed(1)} MB (target <= 60 MB; at start ${a.rssMb.toFixed(1)} MB)`);
    console.log(`  CPU while idle: ${((100 * (b.cpuS - a.cpuS)) / wallS).toFixed(2)} % of one core (target < 1 %)`);
  });

  console.log('history at 30 days of samples (bench:history):');
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'bench/history.bench.ts', '100'], { encoding: 'utf8' });
  process.stdout.write(r.stdout.split('\n').map((l) => (l ? `  ${l}` : l)).join('\n'));
}

main().catch((err: Error) => {
  console.error(`bench:watch: ${err.message}`);
  process.exit(1);
});
