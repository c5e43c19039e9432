// bench:detect (issue 3): (1) time from a fake-sysfs change to the registry's event with polling,
// (2) full enumeration time for 1 and 20 modems. Two set-ups each:
// - "namespace": the real `usb` library reading the tree mounted over /sys/bus (built code, root);
// - "sysRoot": the same source code reading the tree in place (sysfs listing, no usb library).
// Hotplug (uevent) latency cannot be measured here: a fake tree raises no kernel uevents.
// Run: npm run build:main && npm run bench:detect
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { LinuxDeviceSource } from '../src-main/platform/usb/linux-source.js';
import { DeviceRegistry, type DeviceEvent } from '../src-main/service/devices.js';
import { sim7600UsbLayout, usbSerialAdapterLayout } from '../src-main/twin/usb-descriptors.js';
import { FakeSysfs } from '../test/helpers/fake-sysfs.js';
import { runInFakeSysfs, signalInFakeSysfs, spawnInFakeSysfs } from '../test/helpers/fake-sysfs-ns.js';

const POLL_MS = 500;
const CHANGES = 10;
const ENUM_RUNS = 20;

function stats(xs: number[]): string {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? NaN;
  return `median ${q(0.5).toFixed(1)} ms, p95 ${q(0.95).toFixed(1)} ms, max ${(s[s.length - 1] ?? NaN).toFixed(1)} ms (n=${s.length})`;
}

async function treeWith(modems: number): Promise<FakeSysfs> {
  const fs = await FakeSysfs.create('simhat-bench-');
  await fs.add({ portPath: '1-1', layout: usbSerialAdapterLayout('ftdi') });
  for (let i = 0; i < modems; i++) await fs.add({ portPath: `${1 + Math.floor(i / 7)}-${2 + (i % 7)}`, layout: sim7600UsbLayout(i % 2 ? 0x9011 : 0x9001) });
  return fs;
}

/** A change that keeps the PID (systemd renaming the netdev) -> modem-changed. */
async function renameChange(fs: FakeSysfs, k: number): Promise<void> {
  const d = fs.device('1-2');
  const ifnum = d?.layout.pid === 0x9011 ? 0 : 5;
  await fs.renameNetdev('1-2', ifnum, `bench${k}`);
}

async function changeLatencyInProcess(): Promise<number[]> {
  const fs = await treeWith(1);
  const registry = new DeviceRegistry(new LinuxDeviceSource({ sysRoot: fs.base, pollMs: POLL_MS, checkBusy: false }));
  const out: number[] = [];
  let waiting: ((e: DeviceEvent) => void) | undefined;
  registry.on((e) => waiting?.(e));
  registry.start();
  await registry.ready;
  for (let k = 0; k < CHANGES; k++) {
    await new Promise((r) => setTimeout(r, Math.random() * POLL_MS)); // change at a random phase of the poll
    const got = new Promise<void>((r) => (waiting = (e) => e.type === 'modem-changed' && r()));
    const t0 = performance.now();
    await renameChange(fs, k);
    await got;
    out.push(performance.now() - t0);
  }
  registry.stop();
  await fs.cleanup();
  return out;
}

async function changeLatencyNamespace(): Promise<number[]> {
  const fs = await treeWith(1);
  const child = spawnInFakeSysfs({ bus: fs.root }, process.execPath, ['bin/simhat.js', 'devices', '--watch', '--no-probe', '--poll-ms', String(POLL_MS)]);
  const arrivals: { event: string; at: number }[] = [];
  let buf = '';
  child.stdout?.on('data', (c: Buffer) => {
    buf += c.toString();
    let nl;
    while ((nl = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, nl);
      buf = buf.slice(nl + 1);
      if (line.trim()) arrivals.push({ event: (JSON.parse(line) as { event: string }).event, at: performance.now() });
    }
  });
  const waitFor = async (event: string, from: number) => {
    for (;;) {
      const hit = arrivals.slice(from).find((a) => a.event === event);
      if (hit) return hit.at;
      await new Promise((r) => setTimeout(r, 1));
    }
  };
  await waitFor('ready', 0);
  const out: number[] = [];
  for (let k = 0; k < CHANGES; k++) {
    await new Promise((r) => setTimeout(r, Math.random() * POLL_MS));
    const from = arrivals.length;
    const t0 = performance.now();
    await renameChange(fs, k);
    out.push((await waitFor('modem-changed', from)) - t0);
  }
  const closed = new Promise((r) => child.once('close', r));
  signalInFakeSysfs(child, 'SIGTERM');
  await closed;
  await fs.cleanup();
  return out;
}

async function enumerationInProcess(modems: number): Promise<number[]> {
  const fs = await treeWith(modems);
  const source = new LinuxDeviceSource({ sysRoot: fs.base, checkBusy: false });
  const out: number[] = [];
  for (let i = 0; i < ENUM_RUNS; i++) {
    const t0 = performance.now();
    const { modems: found } = await source.list();
    out.push(performance.now() - t0);
    if (found.length !== modems) throw new Error(`found ${found.length} of ${modems}`);
  }
  await fs.cleanup();
  return out;
}

async function enumerationNamespace(modems: number): Promise<number[]> {
  const fs = await treeWith(modems);
  const source = JSON.stringify(resolve('dist/main/platform/usb/linux-source.js'));
  const script = `
    const { LinuxDeviceSource } = await import(${source});
    const s = new LinuxDeviceSource({ checkBusy: false });
    const times = [];
    for (let i = 0; i < ${ENUM_RUNS}; i++) {
      const t0 = performance.now();
      const { modems } = await s.list();
      times.push(performance.now() - t0);
      if (modems.length !== ${modems}) throw new Error('found ' + modems.length);
    }
    console.log(JSON.stringify(times));`;
  const r = await runInFakeSysfs({ bus: fs.root }, process.execPath, ['--input-type=module', '-e', script], 60_000);
  await fs.cleanup();
  if (r.code !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout) as number[];
}

async function main(): Promise<void> {
  const haveBuild = existsSync('dist/main/cli/commands/devices.js');
  console.log(`bench:detect — poll interval ${POLL_MS} ms, ${CHANGES} changes, ${ENUM_RUNS} enumerations per size\n`);
  console.log(`change -> modem-changed, sysRoot (registry in-process):   ${stats(await changeLatencyInProcess())}`);
  if (haveBuild) console.log(`change -> modem-changed, namespace (simhat devices --watch, real usb lib): ${stats(await changeLatencyNamespace())}`);
  for (const n of [1, 20]) {
    console.log(`enumeration of ${String(n).padStart(2)} modem(s) + 1 adapter, sysRoot:   ${stats(await enumerationInProcess(n))}`);
    if (haveBuild) console.log(`enumeration of ${String(n).padStart(2)} modem(s) + 1 adapter, namespace (real usb lib): ${stats(await enumerationNamespace(n))}`);
  }
  if (!haveBuild) console.log('\n(namespace figures skipped: run `npm run build:main` first)');
  console.log('\nhotplug latency: not measurable here (a fake tree raises no uevents); polling bounds it at the interval.');
}

await main();
