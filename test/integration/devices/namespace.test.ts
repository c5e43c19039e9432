// The real `usb` library and the real `serialport` against the twin on a fake USB bus: the fake
// sysfs tree is bind-mounted over /sys/bus and the twin's PTY over /dev/ttyUSBn inside a private
// mount + PID namespace (test/helpers/fake-sysfs-ns.ts). Runs the built CLI (npm run build:main).
import { spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ModemDescription } from '../../../src-main/core/devices/types.js';
import { NO_SYSFS_REASON } from '../../../src-main/platform/usb/linux-source.js';
import { usbSerialAdapterLayout } from '../../../src-main/twin/usb-descriptors.js';
import { FakeSysfs } from '../../helpers/fake-sysfs.js';
import { runInFakeSysfs, signalInFakeSysfs, spawnInFakeSysfs } from '../../helpers/fake-sysfs-ns.js';
import { putTwinOnBus, type TwinOnBus } from '../../helpers/fake-sysfs-twin.js';

const BIN = 'bin/simhat.js';
let fs: FakeSysfs;
let onBus: TwinOnBus | undefined;
let watcher: ChildProcess | undefined;
let stage: string;

beforeAll(() => {
  if (!existsSync('dist/main/cli/commands/devices.js')) throw new Error('build first: npm run build:main');
  const unshare = spawnSync('unshare', ['--help'], { encoding: 'utf8' });
  if (unshare.status !== 0 || !unshare.stdout.includes('--mount-proc')) throw new Error('unshare (util-linux) with --mount-proc is needed');
});

beforeEach(async () => {
  fs = await FakeSysfs.create();
  stage = join(fs.base, 'stage');
  await mkdir(stage);
  // Two other USB-serial adapters take ttyUSB0 and ttyUSB1 first (sim7600.md §1: numbers shift).
  await fs.add({ portPath: '1-1.1', layout: usbSerialAdapterLayout('ftdi') });
  await fs.add({ portPath: '1-1.2', layout: usbSerialAdapterLayout('cp210x') });
});

afterEach(async () => {
  if (watcher && watcher.exitCode === null) {
    const gone = new Promise((r) => watcher?.once('close', r));
    watcher.kill('SIGKILL');
    await gone;
  }
  watcher = undefined;
  await onBus?.close();
  onBus = undefined;
  await fs.cleanup();
});

function lines(child: ChildProcess): { all: () => unknown[]; next: (pred: (l: Record<string, unknown>) => boolean, timeoutMs?: number) => Promise<Record<string, unknown>> } {
  const got: Record<string, unknown>[] = [];
  let buf = '';
  child.stdout?.on('data', (c: Buffer) => {
    buf += c.toString();
    let nl: number;
    while ((nl = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, nl);
      buf = buf.slice(nl + 1);
      if (line.trim()) got.push({ ...(JSON.parse(line) as Record<string, unknown>), receivedAt: Date.now() });
    }
  });
  return {
    all: () => got,
    next: (pred, timeoutMs = 8000) =>
      new Promise((resolve, reject) => {
        const start = Date.now();
        const poll = () => {
          const hit = got.find(pred);
          if (hit) resolve(hit);
          else if (Date.now() - start > timeoutMs) reject(new Error(`no such line within ${timeoutMs} ms; got ${JSON.stringify(got.map((g) => g.event))}`));
          else setTimeout(poll, 5);
        };
        poll();
      }),
  };
}

describe('in a mount namespace with the fake sysfs', () => {
  it('the real usb library lists every device of the fake tree (bus, ports, ids)', async () => {
    onBus = await putTwinOnBus(fs, '1-1.3');
    const script = "require('usb').usb.getDevices().then((d) => console.log(JSON.stringify(d.map((x) => [x.vendorId.toString(16), x.productId.toString(16), x.bus, x.ports, x.manufacturerName]).sort())))";
    const r = await runInFakeSysfs({ bus: fs.root }, process.execPath, ['-e', script]);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual([
      ['10c4', 'ea60', '001', [1, 2], 'Silicon Labs'],
      ['1e0e', '9011', '001', [1, 3], 'SimTech, Incorporated'],
      ['403', '6001', '001', [1, 1], 'FTDI'],
    ]);
  });

  it('`simhat devices --json` finds the twin: model (AT+CGMM), mode, drivers, AT port ttyUSB4 that answers, netdev', async () => {
    onBus = await putTwinOnBus(fs, '1-1.3'); // scenario seed: 9011
    expect(onBus.atTty()).toBe('ttyUSB4');
    const port = onBus.binding.port;
    if (!port) throw new Error('twin port not open');
    const r = await runInFakeSysfs({ bus: fs.root, stage, ttys: { ttyUSB4: port.slavePath } }, process.execPath, [BIN, 'devices', '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { modems: ModemDescription[]; reason?: string };
    expect(out.reason).toBeUndefined();
    expect(out.modems).toHaveLength(1);
    const m = out.modems[0] as ModemDescription;
    expect(m).toMatchObject({
      id: 'imei:862636051234563', // usb:1-1.3:1e0e:9011 until AT+CGSN answered
      portPath: '1-1.3',
      model: 'SIMCOM_SIM7600G-H',
      family: 'sim7600',
      familyConfirmed: true,
      imei: '862636051234563',
      mode: 'rndis',
      atPort: '/dev/ttyUSB4',
      atInterface: 4,
      netIface: 'usb0',
      apnContexts: [1, 6],
      busy: null,
      warnings: [],
    });
    expect(m.interfaces.map((i) => [i.number, i.driver, i.role])).toEqual([
      [0, 'rndis_host', 'net-control'],
      [1, 'rndis_host', 'net-data'],
      [2, 'option', 'diag'],
      [3, 'option', 'nmea'],
      [4, 'option', 'at'],
      [5, 'option', 'ppp'],
      [6, 'option', 'audio'],
      [7, null, 'adb'],
    ]);
    // The answers came from the twin through /dev/ttyUSB4.
    expect(onBus.twin.receivedCommands).toEqual(expect.arrayContaining(['AT+CGMM', 'AT+CGSN']));
  });

  it('the text output names the AT port and who holds it (ModemManager) with the fix; a held port is not probed', async () => {
    onBus = await putTwinOnBus(fs, '1-1.3', { scenario: 'fresh' }); // 9001: AT on if2 = ttyUSB4 after the adapters
    const tty = onBus.atTty();
    const port = onBus.binding.port;
    if (!port) throw new Error('twin port not open');
    const r = await runInFakeSysfs({ bus: fs.root, stage, ttys: { [tty]: port.slavePath }, holders: { ModemManager: `/dev/${tty}` } }, process.execPath, [BIN, 'devices']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`AT port:   /dev/${tty} (if2)`);
    expect(r.stdout).toContain('network:   wwan0');
    expect(r.stdout).toMatch(new RegExp(`busy: /dev/${tty} is held by ModemManager \\(pid \\d+\\)\\.`));
    expect(r.stdout).toContain('ATTRS{idVendor}=="1e0e", ATTRS{idProduct}=="9001", ENV{ID_MM_DEVICE_IGNORE}="1"');
    expect(onBus.twin.receivedCommands).not.toContain('AT+CGMM');
  });

  it('--watch notices the twin switching 9001 -> 9011 within 1 s and ends on SIGTERM', async () => {
    onBus = await putTwinOnBus(fs, '1-1.3', { scenario: 'fresh' });
    watcher = spawnInFakeSysfs({ bus: fs.root }, process.execPath, [BIN, 'devices', '--watch', '--no-probe']);
    const out = lines(watcher);
    await out.next((l) => l.event === 'ready');
    const added = await out.next((l) => l.event === 'modem-added');
    expect(added.modem).toMatchObject({ pid: '9001', mode: 'qmi', atPort: '/dev/ttyUSB4' });

    // The twin's own mode switch (vendor manual §4.23): it resets and re-enumerates with 9011.
    onBus.twin.input('AT+CUSBPIDSWITCH=9011,1,1\r');
    const start = Date.now();
    while (fs.device('1-1.3')?.layout.pid !== 0x9011) {
      if (Date.now() - start > 5000) throw new Error('the twin did not come back as 9011');
      await new Promise((r) => setTimeout(r, 2));
    }
    const changedAt = Date.now();
    const back = await out.next((l) => l.event === 'modem-reappeared' && (l.modem as ModemDescription).pid === '9011', 3000);
    expect(back.modem).toMatchObject({ mode: 'rndis', atPort: '/dev/ttyUSB4', atInterface: 4, netIface: 'usb0' });
    expect(back.previous).toMatchObject({ pid: '9001', mode: 'qmi' });
    expect((back.receivedAt as number) - changedAt).toBeLessThan(1000);

    const exit = new Promise<number | null>((r) => watcher?.once('close', (code) => r(code)));
    signalInFakeSysfs(watcher, 'SIGTERM');
    expect(await exit).toBe(0);
  });

  it('no /sys/bus/usb in the namespace: an empty list with the reason (exit 1), and --watch says so without crashing', async () => {
    const bare = await mkdtemp(join(tmpdir(), 'simhat-bare-bus-'));
    try {
      const r = await runInFakeSysfs({ bus: bare }, process.execPath, [BIN, 'devices', '--json']);
      expect(r.code).toBe(1);
      expect(JSON.parse(r.stdout)).toEqual({ modems: [], reason: NO_SYSFS_REASON });

      watcher = spawnInFakeSysfs({ bus: bare }, process.execPath, [BIN, 'devices', '--watch']);
      const out = lines(watcher);
      expect(await out.next((l) => l.event === 'ready')).toMatchObject({ count: 0, reason: NO_SYSFS_REASON });
      const exit = new Promise<number | null>((r) => watcher?.once('close', (code) => r(code)));
      signalInFakeSysfs(watcher, 'SIGTERM');
      expect(await exit).toBe(0);
    } finally {
      await rm(bare, { recursive: true, force: true });
    }
  });
});
