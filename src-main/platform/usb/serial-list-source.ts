// Windows / macOS DeviceSource: serialport list() + the platform's network adapter listing, mapped by
// the pure functions in core/devices/serial-list-map.ts. Polls (no sysfs, no uevents); default 1 s.
import { execFile } from 'node:child_process';
import { networkInterfaces } from 'node:os';
import { mapMacPorts, mapWindowsPorts, parseMacHardwarePorts, withAddressCheck, type WindowsNetAdapter } from '../../core/devices/serial-list-map.js';
import type { DeviceList, DeviceSource } from '../../core/devices/types.js';
import { safeSerialList } from './serial-list.js';

function run(file: string, args: string[], timeoutMs = 5000): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile(file, args, { timeout: timeoutMs, windowsHide: true, maxBuffer: 4 << 20 }, (err, stdout) => resolve(err ? undefined : stdout));
  });
}

async function windowsAdapters(): Promise<WindowsNetAdapter[]> {
  const out = await run('powershell.exe', [
    '-NoProfile',
    '-NonInteractive',
    '-Command',
    'Get-NetAdapter | Select-Object Name,InterfaceDescription,MacAddress,PnPDeviceID | ConvertTo-Json -Compress',
  ]);
  if (!out) return [];
  try {
    const parsed = JSON.parse(out) as WindowsNetAdapter | WindowsNetAdapter[];
    return Array.isArray(parsed) ? parsed : [parsed];
  } catch {
    return [];
  }
}

export class SerialListDeviceSource implements DeviceSource {
  constructor(
    private readonly platform: NodeJS.Platform = process.platform,
    private readonly pollMs = 1000,
  ) {}

  async list(): Promise<DeviceList> {
    const { ports, reason } = await safeSerialList({ platform: this.platform });
    let modems;
    if (this.platform === 'win32') modems = mapWindowsPorts(ports, await windowsAdapters());
    else modems = mapMacPorts(ports, parseMacHardwarePorts((await run('networksetup', ['-listallhardwareports'])) ?? ''));
    modems = withAddressCheck(modems, networkInterfaces());
    return reason ? { modems, reason } : { modems };
  }

  watch(listener: (snapshot: DeviceList) => void): () => void {
    let stopped = false;
    let last = '';
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = async () => {
      const snap = await this.list().catch((e: Error) => ({ modems: [], reason: e.message }));
      if (stopped) return;
      const key = JSON.stringify(snap);
      if (key !== last) {
        last = key;
        listener(snap);
      }
      timer = setTimeout(() => void tick(), this.pollMs);
    };
    void tick();
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    };
  }
}
