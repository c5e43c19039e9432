// LinuxDeviceSource and the registry over a generated sysfs tree on the real file system (sysRoot
// pointed at it; enumeration by the sysfs listing). The real `usb` library is exercised in
// namespace.test.ts, where the tree is mounted over /sys/bus.
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DeviceList, ModemDescription } from '../../../src-main/core/devices/types.js';
import { LinuxDeviceSource, NO_SYSFS_REASON } from '../../../src-main/platform/usb/linux-source.js';
import { readUsbDevice } from '../../../src-main/platform/usb/sysfs.js';
import { DeviceRegistry, type DeviceEvent } from '../../../src-main/service/devices.js';
import { sim7600UsbLayout, usbSerialAdapterLayout } from '../../../src-main/twin/usb-descriptors.js';
import { FakeSysfs } from '../../helpers/fake-sysfs.js';

let fs: FakeSysfs;
/** FakeSysfs.root is the /sys/bus stand-in, so its parent is the /sys stand-in. */
const sysRoot = () => fs.base;

beforeEach(async () => {
  fs = await FakeSysfs.create();
});
afterEach(async () => {
  await fs.cleanup();
});

function waitFor(events: DeviceEvent[], pred: (e: DeviceEvent) => boolean, timeoutMs = 2000): Promise<DeviceEvent> {
  const start = Date.now();
  return new Promise((resolve, reject) => {
    const poll = () => {
      const hit = events.find(pred);
      if (hit) resolve(hit);
      else if (Date.now() - start > timeoutMs) reject(new Error(`no matching event within ${timeoutMs} ms; got ${events.map((e) => e.type).join(', ')}`));
      else setTimeout(poll, 10);
    };
    poll();
  });
}

describe('LinuxDeviceSource on a generated sysfs', () => {
  it('other USB-serial adapters shift the ttys: the 9011 AT port is ttyUSB4 (if4), found by interface number', async () => {
    await fs.add({ portPath: '1-1.1', layout: usbSerialAdapterLayout('ftdi') });
    await fs.add({ portPath: '1-1.2', layout: usbSerialAdapterLayout('cp210x') });
    await fs.add({ portPath: '1-1.3', layout: sim7600UsbLayout(0x9011) });
    const { modems, reason } = await new LinuxDeviceSource({ sysRoot: sysRoot(), checkBusy: false }).list();
    expect(reason).toBeUndefined();
    expect(modems).toHaveLength(1);
    const m = modems[0] as ModemDescription;
    expect(m).toMatchObject({ id: 'usb:1-1.3:1e0e:9011', atPort: '/dev/ttyUSB4', atInterface: 4, netIface: 'usb0', mode: 'rndis', pppPort: '/dev/ttyUSB5' });
    expect(m.interfaces.map((i) => `${i.number}:${i.driver}:${i.ttys.join('')}`)).toEqual([
      '0:rndis_host:',
      '1:rndis_host:',
      '2:option:ttyUSB2',
      '3:option:ttyUSB3',
      '4:option:ttyUSB4',
      '5:option:ttyUSB5',
      '6:option:ttyUSB6',
      '7:null:',
    ]);
  });

  it('two modems and an adapter in between: each gets its own AT port', async () => {
    await fs.add({ portPath: '1-1.2', layout: sim7600UsbLayout(0x9001) });
    await fs.add({ portPath: '1-1.3', layout: usbSerialAdapterLayout('ch341') });
    await fs.add({ portPath: '1-1.4', layout: sim7600UsbLayout(0x9001) });
    const { modems } = await new LinuxDeviceSource({ sysRoot: sysRoot(), checkBusy: false }).list();
    expect(modems.map((m) => [m.portPath, m.atPort, m.netIface])).toEqual([
      ['1-1.2', '/dev/ttyUSB2', 'wwan0'],
      ['1-1.4', '/dev/ttyUSB8', 'wwan1'],
    ]);
  });

  it('no /sys/bus/usb: an empty list with the reason, no crash', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'simhat-nosys-'));
    try {
      await mkdir(join(empty, 'bus'));
      expect(await new LinuxDeviceSource({ sysRoot: empty }).list()).toEqual({ modems: [], reason: NO_SYSFS_REASON });
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });

  it('a device vanishing while it is read is either complete or absent, never half', async () => {
    const source = new LinuxDeviceSource({ sysRoot: sysRoot(), checkBusy: false });
    await fs.add({ portPath: '1-1.3', layout: sim7600UsbLayout(0x9011) });
    let stop = false;
    const churn = (async () => {
      let pid: 0x9001 | 0x9011 = 0x9001;
      while (!stop) {
        await fs.replace('1-1.3', sim7600UsbLayout(pid));
        pid = pid === 0x9001 ? 0x9011 : 0x9001;
        await new Promise((r) => setTimeout(r, 60)); // present for a moment between switches
      }
    })();
    const seen = new Set<string>();
    let absent = 0;
    const until = Date.now() + 1500;
    while (Date.now() < until) {
      const { modems } = await source.list();
      if (modems.length === 0) absent++;
      for (const m of modems) {
        expect(m.interfaces).toHaveLength(m.pid === '9011' ? 8 : 6);
        seen.add(m.pid);
      }
      const raw = await readUsbDevice('1-1.3', sysRoot());
      if (raw) expect(raw.interfaces.length).toBe(raw.pid === 0x9011 ? 8 : 6);
    }
    stop = true;
    await churn;
    // Both modes were seen complete, and the device was caught absent too: the race really happened.
    expect([...seen].sort()).toEqual(['9001', '9011']);
    expect(absent).toBeGreaterThan(0);
  });
});

describe('DeviceRegistry over the polling source', () => {
  it('added, changed (netdev renamed), reappeared after 9001 -> 9011, removed', async () => {
    await fs.add({ portPath: '1-1.1', layout: usbSerialAdapterLayout('ftdi') });
    await fs.add({ portPath: '1-1.3', layout: sim7600UsbLayout(0x9001) });
    const registry = new DeviceRegistry(new LinuxDeviceSource({ sysRoot: sysRoot(), pollMs: 50, checkBusy: false }));
    const events: DeviceEvent[] = [];
    registry.on((e) => events.push(e));
    registry.start();
    try {
      await registry.ready;
      expect(events.map((e) => e.type)).toEqual(['modem-added']);
      expect(registry.list().map((m) => m.atPort)).toEqual(['/dev/ttyUSB3']);

      await fs.renameNetdev('1-1.3', 5, 'wwp0s20f0u2u1i5');
      const changed = await waitFor(events, (e) => e.type === 'modem-changed');
      expect(changed.modem.netIface).toBe('wwp0s20f0u2u1i5');

      // The mode switch: the device leaves, then comes back with the new PID on the same port.
      await fs.remove('1-1.3');
      await waitFor(events, (e) => e.type === 'modem-removed');
      await fs.add({ portPath: '1-1.3', layout: sim7600UsbLayout(0x9011) });
      const back = await waitFor(events, (e) => e.type === 'modem-reappeared');
      // FTDI keeps ttyUSB0; the 9011 serial interfaces if2..if6 take ttyUSB1..5, so AT (if4) is ttyUSB3.
      expect(back.modem).toMatchObject({ pid: '9011', mode: 'rndis', atPort: '/dev/ttyUSB3', atInterface: 4 });
      expect(back.type === 'modem-reappeared' && back.previous.pid).toBe('9001');
      expect(events.filter((e) => e.type === 'modem-added')).toHaveLength(1);

      await fs.remove('1-1.3');
      await waitFor(events, (e) => e.type === 'modem-removed' && e.modem.pid === '9011');
      expect(registry.list()).toEqual([]);
    } finally {
      registry.stop();
    }
  });

  it('a switch between two polls (no gap seen) is a reappearance too', async () => {
    await fs.add({ portPath: '1-1.3', layout: sim7600UsbLayout(0x9001) });
    const snaps: DeviceList[] = [];
    const source = new LinuxDeviceSource({ sysRoot: sysRoot(), checkBusy: false });
    const registry = new DeviceRegistry(source);
    const events: DeviceEvent[] = [];
    registry.on((e) => events.push(e));
    snaps.push(await source.list());
    registry.apply(snaps[0] as DeviceList);
    await fs.replace('1-1.3', sim7600UsbLayout(0x9011));
    registry.apply(await source.list());
    expect(events.map((e) => e.type)).toEqual(['modem-added', 'modem-reappeared']);
  });

  it('by IMEI once it answered: the same modem moved to another port reappears', async () => {
    await fs.add({ portPath: '1-1.3', layout: sim7600UsbLayout(0x9011) });
    const source = new LinuxDeviceSource({ sysRoot: sysRoot(), checkBusy: false });
    const registry = new DeviceRegistry(source);
    const events: DeviceEvent[] = [];
    registry.on((e) => events.push(e));
    registry.apply(await source.list());
    registry.setIdentity('1-1.3', { model: 'SIMCOM_SIM7600G-H', imei: '862636055891234' });
    expect(registry.list()[0]).toMatchObject({ id: 'imei:862636055891234', imei: '862636055891234', familyConfirmed: true });

    await fs.remove('1-1.3');
    registry.apply(await source.list());
    await fs.add({ portPath: '1-1.4', layout: sim7600UsbLayout(0x9001) });
    registry.apply(await source.list());
    expect(events.map((e) => e.type)).toEqual(['modem-added', 'modem-changed', 'modem-removed', 'modem-added']);
    registry.setIdentity('1-1.4', { imei: '862636055891234' });
    const last = events[events.length - 1];
    expect(last?.type).toBe('modem-reappeared');
    expect(last?.modem).toMatchObject({ portPath: '1-1.4', pid: '9001', imei: '862636055891234' });
    expect(last?.type === 'modem-reappeared' && last.previous.portPath).toBe('1-1.3');
  });

  it('a modem that left longer ago than the window is new when it comes back', async () => {
    let now = 0;
    await fs.add({ portPath: '1-1.3', layout: sim7600UsbLayout(0x9001) });
    const source = new LinuxDeviceSource({ sysRoot: sysRoot(), checkBusy: false });
    const registry = new DeviceRegistry(source, { reappearWindowMs: 1000, now: () => now });
    const events: DeviceEvent[] = [];
    registry.on((e) => events.push(e));
    registry.apply(await source.list());
    registry.setIdentity('1-1.3', { imei: '862636055891234' });
    await fs.remove('1-1.3');
    registry.apply(await source.list());
    now = 5000;
    await fs.add({ portPath: '1-1.3', layout: sim7600UsbLayout(0x9011) });
    registry.apply(await source.list());
    expect(events.map((e) => e.type)).toEqual(['modem-added', 'modem-changed', 'modem-removed', 'modem-added']);
    // It may be another modem: it inherits no identity from the one that left.
    expect(registry.list()[0]).toMatchObject({ imei: null, id: 'usb:1-1.3:1e0e:9011' });
  });
});
