// Puts the twin (src-main/twin) on the fake USB bus: its layout for the current PID is in the
// fake sysfs tree, its AT port is a PTY (TwinPtyBinding). When the twin resets (AT+CUSBPIDSWITCH,
// AT+CFUN=1,1) its device leaves the tree and comes back with the new PID's layout, as a real
// SIM7600 re-enumerates (sim7600.md §2).
import { Twin, TEST_TIMINGS, type TwinOptions } from '../../src-main/twin/twin.js';
import { TwinPtyBinding } from '../../src-main/twin/pty-binding.js';
import { sim7600UsbLayout, usbPidOfTwin } from '../../src-main/twin/usb-descriptors.js';
import type { FakeSysfs } from './fake-sysfs.js';

export interface TwinOnBus {
  twin: Twin;
  binding: TwinPtyBinding;
  portPath: string;
  /** Name of the tty the AT interface has now, e.g. ttyUSB3. */
  atTty(): string;
  /** Resolves once the tree shows the twin with this PID (after a reset). */
  settled(): Promise<void>;
  close(): Promise<void>;
}

/** AT interface per PID (catalog: if2 in 9001/9018/9003, if4 in 9011). */
const AT_IF: Record<number, number> = { 0x9001: 2, 0x9011: 4, 0x9018: 2, 0x9003: 2 };

export async function putTwinOnBus(fs: FakeSysfs, portPath: string, options: TwinOptions = {}): Promise<TwinOnBus> {
  const twin = new Twin({ timings: TEST_TIMINGS, start: 'ready', ...options });
  await fs.add({ portPath, layout: sim7600UsbLayout(usbPidOfTwin(twin.pid)) });
  let chain: Promise<void> = Promise.resolve();
  const step = (f: () => Promise<unknown>) => {
    chain = chain.then(() => f()).then(
      () => undefined,
      () => undefined,
    );
  };
  twin.on('reset-start', () => step(() => fs.remove(portPath)));
  twin.on('unplugged', () => step(() => fs.remove(portPath)));
  twin.on('reappeared', ({ pid }) => step(() => fs.add({ portPath, layout: sim7600UsbLayout(usbPidOfTwin(pid)) })));
  const binding = await TwinPtyBinding.attach(twin);
  return {
    twin,
    binding,
    portPath,
    atTty() {
      const pid = usbPidOfTwin(twin.pid);
      const tty = fs.tty(portPath, AT_IF[pid] ?? -1);
      if (!tty) throw new Error(`the twin (${pid.toString(16)}) has no AT tty in the tree`);
      return tty;
    },
    settled: () => chain,
    async close() {
      await binding.close();
      twin.dispose();
      await chain;
    },
  };
}
