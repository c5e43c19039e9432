// serialport's list(), contained. On Linux it spawns `udevadm info -e`; without udevadm (containers,
// minimal images) that spawn fails, and a failure that escapes as an unhandled rejection ends the
// process (issue 3: "crashes the process when it is missing (seen here)"). We look for udevadm on
// PATH first, then run list() with every failure and a timeout turned into a reason.
import { access, constants } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import type { SerialPortInfo } from '../../core/devices/serial-list-map.js';

export interface SerialListResult {
  ports: SerialPortInfo[];
  reason?: string;
}

export async function findOnPath(name: string, pathEnv = process.env.PATH ?? ''): Promise<string | undefined> {
  for (const dir of pathEnv.split(delimiter).filter(Boolean)) {
    const candidate = join(dir, name);
    try {
      await access(candidate, constants.X_OK);
      return candidate;
    } catch {
      // next
    }
  }
  return undefined;
}

export interface SafeListOptions {
  /** Give up after this long; default 5000 ms. */
  timeoutMs?: number;
  /** Injected for tests of the containment only; default serialport's SerialPort.list. */
  list?: () => Promise<SerialPortInfo[]>;
  platform?: NodeJS.Platform;
}

export async function safeSerialList(options: SafeListOptions = {}): Promise<SerialListResult> {
  const { timeoutMs = 5000, platform = process.platform } = options;
  if (platform === 'linux' && !(await findOnPath('udevadm'))) {
    return { ports: [], reason: 'udevadm is not installed: serial ports cannot be listed through udev (sysfs is used instead)' };
  }
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    const list = options.list ?? (await import('serialport')).SerialPort.list;
    const pending = Promise.resolve().then(() => list());
    pending.catch(() => {}); // a late rejection after the timeout must not surface as unhandled
    const ports = await Promise.race([
      pending,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`listing serial ports took longer than ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    return { ports };
  } catch (err) {
    return { ports: [], reason: `serial port listing failed: ${(err as Error).message}` };
  } finally {
    if (timer) clearTimeout(timer);
  }
}
