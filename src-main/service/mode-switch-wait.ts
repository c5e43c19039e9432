// The waits of the USB composition switch (service/mode-switch.ts): finding the modem, waiting for
// it to leave and come back (by its stable path or its USB port path), for its AT port and its
// network interface, with deadlines and cancel, and the timeout guidance (power, cable, new_id).
import { stat } from 'node:fs/promises';
import { abortableSleep, abortRejection } from '../core/abortable-sleep.js';
import type { AtEngineApi } from '../core/at/engine-api.js';
import { hasQuirk } from '../core/devices/catalog.js';
import type { DeviceSource, ModemDescription } from '../core/devices/types.js';
import type { Fix } from '../core/doctor/report.js';
import type { ModeTarget } from '../core/vendors/profile.js';
import type { EngineOpener } from './doctor.js';
import { ModeSwitchError, type ModeSwitchOptions } from './mode-switch.js';

const POLL_MS = 100;

/** What a wait needs of the switch's deps. */
interface WaitDeps {
  devices?: DeviceSource | null;
  ifaceExists?: (name: string) => Promise<boolean>;
}

export interface Located {
  port: string;
  description: ModemDescription | null;
}

export async function locate(deps: WaitDeps, port: string | undefined): Promise<Located> {
  const list = deps.devices ? await deps.devices.list().catch(() => null) : null;
  const modems = list?.modems ?? [];
  if (port) {
    const description = modems.find((m) => m.atPort === port) ?? null;
    return { port, description };
  }
  const m = modems.find((x) => x.atPort) ?? null;
  if (!m?.atPort) {
    throw new ModeSwitchError(
      'no-modem',
      modems.length ? `The modem ${modems[0]!.vid}:${modems[0]!.pid} has no AT port.` : `No modem found${list?.reason ? ` (${list.reason})` : ''}.`,
      'Plug the modem in, check its power, or give the AT port with --port.',
      newIdFixOf(modems),
    );
  }
  return { port: m.atPort, description: m };
}

/** The catalog says this device has no serial driver without new_id (SIMCom 9018): the fix that binds one. */
function newIdFixOf(modems: readonly ModemDescription[]): Fix | null {
  const m = modems.find((x) => hasQuirk(Number.parseInt(x.vid, 16), Number.parseInt(x.pid, 16), 'needs-new-id'));
  return m ? { id: 'serial-driver', label: `Bind the generic USB serial driver to ${m.vid}:${m.pid} (new_id) so the AT port appears` } : null;
}

/** On Linux, the composition the switch goes to may come back without serial ports (needs-new-id). */
export function newIdFix(vid: string | number | undefined, usbPid: number | null, options: ModeSwitchOptions): Fix | null {
  if (usbPid === null || vid === undefined || (options.platform ?? process.platform) !== 'linux') return null;
  const v = typeof vid === 'number' ? vid : Number.parseInt(vid, 16);
  if (!hasQuirk(v, usbPid, 'needs-new-id')) return null;
  const id = `${v.toString(16).padStart(4, '0')}:${usbPid.toString(16).padStart(4, '0')}`;
  return { id: 'serial-driver', label: `Bind the generic USB serial driver to ${id} (new_id) so the AT port appears` };
}

export async function openAnswering(open: EngineOpener, port: string, timeoutMs: number, signal?: AbortSignal): Promise<AtEngineApi> {
  const engine = await open(port);
  try {
    const r = await engine.send('AT', { timeoutMs, ...(signal ? { signal } : {}) });
    if (r.final.kind !== 'ok') throw new Error(`AT answered ${r.final.line}`);
    return engine;
  } catch (err) {
    await engine.close().catch(() => {});
    throw err;
  }
}

export async function waitBack(deps: WaitDeps, before: Located, deadline: number, options: ModeSwitchOptions, newId: Fix | null): Promise<Located> {
  const useDevices = deps.devices && before.description && !options.port;
  for (;;) {
    if (useDevices) {
      const list = await deps.devices!.list().catch(() => null);
      // Identity across the reset is the USB port path + VID (the serial is the same on every unit).
      const m = list?.modems.find((x) => x.portPath === before.description!.portPath && x.vid === before.description!.vid && x.atPort);
      if (m?.atPort) return { port: m.atPort, description: m };
    } else if (await exists(before.port)) {
      const list = deps.devices ? await deps.devices.list().catch(() => null) : null;
      return { port: before.port, description: list?.modems.find((x) => x.atPort === before.port) ?? null };
    }
    if (performance.now() > deadline) throw timeoutError('back', options, newId);
    await sleep(POLL_MS, options.signal);
  }
}

export async function waitIface(deps: WaitDeps, desc: ModemDescription | null, target: ModeTarget, deadline: number, options: ModeSwitchOptions): Promise<{ iface: string | null; note: string }> {
  const name = options.iface ?? desc?.netIface ?? null;
  if (!name) {
    return { iface: null, note: target === 'qmi' ? 'QMI gives wwan0 only with a dialer.' : 'No USB view of this port, so the interface name is unknown (give --iface to wait for it).' };
  }
  const has = deps.ifaceExists ?? ((n: string) => exists(`/sys/class/net/${n}`));
  // The interface follows the AT port within seconds; a missing driver must not hold the switch for 90 s.
  const end = Math.min(deadline, performance.now() + (options.ifaceWaitMs ?? 10_000));
  for (;;) {
    if (await has(name)) return { iface: name, note: `${name} is present.` };
    if (performance.now() > end) return { iface: null, note: `${name} did not appear: check that the ${target === 'ecm' ? 'cdc_ether' : 'rndis_host'} driver is loaded.` };
    await sleep(POLL_MS, options.signal);
  }
}

export function timeoutError(stage: 'left-bus' | 'back' | 'at', options: ModeSwitchOptions, newId: Fix | null): ModeSwitchError {
  const secs = Math.round((options.timeoutMs ?? 90_000) / 1000);
  if (stage === 'left-bus') {
    return new ModeSwitchError('timeout', `The modem accepted the command but did not reset within ${secs} s.`, 'Power-cycle the modem (unplug it, or the HAT\'s power), then run `simhat mode` again to check.');
  }
  const hint = [
    `The modem did not come back with an answering AT port within ${secs} s.`,
    'Check the power supply (a Pi USB port may not deliver the peak current: use a powered hub or the HAT\'s own supply), the USB cable, and `dmesg` for the re-enumeration.',
    newId ? 'This composition has no serial driver in mainline Linux: simhat can add new_id for the generic serial driver.' : '',
  ].filter(Boolean).join(' ');
  return new ModeSwitchError('timeout', `Timed out waiting for the modem (${stage === 'back' ? 'back on the bus' : 'AT port answering'}).`, hint, newId);
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

export async function retryUntil<T>(fn: () => Promise<T>, deadline: number, signal: AbortSignal | undefined, onTimeout: () => Error): Promise<T> {
  for (;;) {
    try {
      return await fn();
    } catch {
      if (performance.now() > deadline) throw onTimeout();
      await sleep(POLL_MS, signal);
    }
  }
}

export async function raceDeadline(p: Promise<void>, deadline: number, signal: AbortSignal | undefined, onTimeout: () => Error): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const t = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(onTimeout()), Math.max(0, deadline - performance.now()));
  });
  const aborted = abortRejection(signal, cancelledError);
  try {
    await Promise.race([p, t, aborted.promise]);
  } finally {
    clearTimeout(timer);
    aborted.dispose();
  }
}

function cancelledError(): ModeSwitchError {
  return new ModeSwitchError('cancelled', 'Cancelled.', 'Run it again when ready.');
}

/** Poll interval wait; removes its abort listener when it ends (the switch polls hundreds of times on one signal). */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return abortableSleep(ms, signal, cancelledError);
}
