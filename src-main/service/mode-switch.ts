// The one-click USB composition switch (issue 6) as a stream of typed progress steps:
// checked current mode -> command sent -> device left the bus -> device back in the new mode ->
// AT port answering -> boot URCs seen / SIM ready -> network interface present -> done.
// Already in the target mode: done at once, nothing sent. The modem is found again by
// VID:PID:interface through the device source, or (a stable --port such as /dev/serial/by-id/...)
// by reopening that path once it is back.
import { stat } from 'node:fs/promises';
import { abortableSleep, abortRejection } from '../core/abortable-sleep.js';
import { parseCgmmExec } from '../core/at/commands/identity.js';
import { parseCpinRead } from '../core/at/commands/sim.js';
import type { AtEngineApi, Urc } from '../core/at/engine-api.js';
import { hasQuirk } from '../core/devices/catalog.js';
import type { DeviceSource, ModemDescription, ModeSwitchStrategy } from '../core/devices/types.js';
import type { Fix } from '../core/doctor/report.js';
import { planSwitch, resolveProfile, type ResolvedProfile } from '../core/vendors/index.js';
import { MODE_TARGETS, UnsupportedSwitch, type ModeTarget, type SwitchPlan, type VendorProfile } from '../core/vendors/profile.js';
import { targetModeFor } from '../core/doctor/target-mode.js';
import type { EngineOpener } from './doctor.js';

export type ModeSwitchEvent =
  | { step: 'checked'; model: string | null; strategy: ModeSwitchStrategy; current: ModeTarget | 'other' | null; currentId: string | null; target: ModeTarget; reason: string }
  | { step: 'command-sent'; commands: string[] }
  | { step: 'left-bus'; afterMs: number }
  | { step: 'back'; afterMs: number; usbId: string | null; port: string }
  | { step: 'at-answering'; afterMs: number; port: string; confirmedId: string | null }
  | { step: 'sim-ready'; afterMs: number; sim: string | null; urcs: string[] }
  | { step: 'iface-present'; afterMs: number; iface: string | null; note: string }
  | { step: 'done'; afterMs: number; alreadyInTarget: boolean; result: ModeSwitchResult };

export interface ModeSwitchResult {
  target: ModeTarget;
  /** The composition before the switch: what `revert` goes back to. */
  previous: ModeTarget | 'other' | null;
  previousId: string | null;
  port: string;
  iface: string | null;
  elapsedMs: number;
}

export type ModeSwitchErrorCode = 'no-modem' | 'no-answer' | 'unsupported' | 'command-failed' | 'timeout' | 'wrong-mode' | 'cancelled';

export class ModeSwitchError extends Error {
  override name = 'ModeSwitchError';
  constructor(
    readonly code: ModeSwitchErrorCode,
    message: string,
    /** What to do about it, in the user's words. */
    readonly hint: string,
    readonly fix: Fix | null = null,
  ) {
    super(message);
  }
}

export interface ModeSwitchDeps {
  openEngine: EngineOpener;
  /** USB view for finding the modem again by VID:PID:interface; optional with a stable --port. */
  devices?: DeviceSource | null;
  /** Whether a network interface exists; default: /sys/class/net/<name>. */
  ifaceExists?: (name: string) => Promise<boolean>;
}

export interface ModeSwitchOptions {
  /** Default: per OS (Linux/Windows RNDIS, macOS ECM). */
  target?: ModeTarget;
  /** AT port; a stable path (/dev/serial/by-id/...) is reopened once the modem is back. */
  port?: string;
  /** Network interface to wait for; default: what the USB view reports. */
  iface?: string;
  /** Whole switch; default 90 s (reports: a few seconds to a minute, sim7600.md §2). */
  timeoutMs?: number;
  /** Wait for the network interface after the SIM step; default 10 s (within the whole timeout). */
  ifaceWaitMs?: number;
  /** Wait for +CPIN: READY after the AT port answers; default 20 s (within the whole timeout). */
  simWaitMs?: number;
  platform?: string;
  signal?: AbortSignal;
}

const POLL_MS = 100;
/** SIM state poll while "SIM busy" (normal for a second or two after boot, sim7600.md §2). */
const SIM_POLL_MS = 100;

export async function* modeSwitchSteps(deps: ModeSwitchDeps, options: ModeSwitchOptions = {}): AsyncGenerator<ModeSwitchEvent, ModeSwitchResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const timeoutMs = options.timeoutMs ?? 90_000;
  const deadline = started + timeoutMs;
  const choice = options.target ? { mode: options.target, reason: `asked for ${options.target.toUpperCase()}` } : targetModeFor(options.platform ?? process.platform);
  const target = choice.mode;

  const before = await locate(deps, options.port);
  const port = before.port;
  let engine = await openAnswering(deps.openEngine, port, Math.min(5000, timeoutMs), options.signal).catch((err: Error) => {
    throw new ModeSwitchError('no-answer', `${port} does not answer AT: ${err.message}`, 'Check the port (the AT interface, e.g. if02 / if04) and that no other program holds it (simhat doctor).');
  });

  let previous: ModeTarget | 'other' | null = null;
  let previousId: string | null = null;
  let plan: SwitchPlan;
  let model: string | null = null;
  // The vendor profile decides the switch and how the current composition is read (issue 10).
  let vendor = vendorOfDescription(before.description);
  let strategy: ModeSwitchStrategy = before.description?.strategy ?? 'none';
  try {
    model = await modelOf(engine);
    const byModel = model ? resolveProfile({ model }) : undefined;
    if (byModel?.family) vendor = byModel;
    strategy = vendor.family?.modeSwitch.strategy ?? strategy;
    ({ previous, previousId } = await currentMode(engine, vendor.profile, before.description));
    yield { step: 'checked', model, strategy, current: previous, currentId: previousId, target, reason: choice.reason };

    if (previous === target) {
      const result: ModeSwitchResult = { target, previous, previousId, port, iface: before.description?.netIface ?? options.iface ?? null, elapsedMs: elapsed() };
      yield { step: 'done', afterMs: elapsed(), alreadyInTarget: true, result };
      return result;
    }
    try {
      plan = vendor.family ? vendor.family.modeSwitch.plan(target) : planSwitch(strategy, target);
    } catch (err) {
      if (err instanceof UnsupportedSwitch) throw new ModeSwitchError('unsupported', err.message, 'This family has no known switch command; the vendor tool can change it.');
      throw err;
    }

    const left = new Promise<void>((resolve) => engine.onClose(() => resolve()));
    for (const [i, command] of plan.commands.entries()) {
      const last = i === plan.commands.length - 1;
      try {
        const r = await engine.send(command, { allowError: true });
        if (r.final.kind !== 'ok') throw new ModeSwitchError('command-failed', `${command} answered ${r.final.line}`, 'The firmware refused the switch; check the model and firmware version (simhat status).');
      } catch (err) {
        // The resetting command may lose its OK when the port vanishes at once.
        if (!(last && (err as { code?: string }).code === 'port-closed')) throw err;
      }
    }
    yield { step: 'command-sent', commands: plan.commands };

    await raceDeadline(left, deadline, options.signal, () => timeoutError('left-bus', options, null));
    yield { step: 'left-bus', afterMs: elapsed() };
  } finally {
    await engine.close().catch(() => {});
  }

  // Back on the bus: by the stable path, or by the USB port path through the device source.
  const newId = newIdFix(before.description?.vid ?? vendor.profile.usbVendorIds[0], plan.usbPid, options);
  const back = await waitBack(deps, before, deadline, options, newId);
  yield { step: 'back', afterMs: elapsed(), usbId: back.description ? `${back.description.vid}:${back.description.pid}` : null, port: back.port };

  engine = await retryUntil(() => openAnswering(deps.openEngine, back.port, 2000, options.signal), deadline, options.signal, () => timeoutError('at', options, newId));
  const urcs: string[] = [];
  const offUrc = engine.onUrc((u: Urc) => urcs.push(u.line));
  try {
    const now = await currentMode(engine, vendor.profile, back.description);
    if (now.previous !== null && now.previous !== target) {
      throw new ModeSwitchError('wrong-mode', `The modem came back as ${now.previousId ?? now.previous}, not ${plan.expect}.`, 'Run the switch again; if it persists the firmware may not support this composition.');
    }
    yield { step: 'at-answering', afterMs: elapsed(), port: back.port, confirmedId: now.previousId };

    // Boot URCs (RDY, +CPIN: READY, SMS DONE, PB DONE) may come before the port could be opened:
    // ask for the SIM state until it settles ("SIM busy" is normal right after boot, sim7600.md §2).
    const simDeadline = Math.min(deadline, performance.now() + (options.simWaitMs ?? 20_000));
    let sim: string | null = null;
    // The +CPIN: READY URC ends the wait at once; polling covers URCs sent before the port was open.
    let urcReady!: () => void;
    const readyUrc = new Promise<void>((resolve) => (urcReady = resolve));
    const offReady = engine.onUrc((u: Urc) => {
      if (/^\+CPIN:\s*READY/i.test(u.line)) urcReady();
    });
    try {
      for (;;) {
        const r = await engine.send('AT+CPIN?', { allowError: true, timeoutMs: 3000 }).catch(() => null);
        if (r?.final.kind === 'ok') {
          try {
            sim = parseCpinRead(r.lines);
          } catch {
            sim = null;
          }
        } else if (r) sim = r.final.text ?? r.final.line;
        const settled = sim !== null && sim !== 'NOT READY' && !/busy/i.test(sim);
        if (settled || performance.now() > simDeadline) break;
        const woke = await Promise.race([readyUrc.then(() => true), sleep(SIM_POLL_MS, options.signal).then(() => false)]);
        if (woke) {
          sim = 'READY';
          break;
        }
      }
    } finally {
      offReady();
    }
    yield { step: 'sim-ready', afterMs: elapsed(), sim, urcs: [...urcs] };
  } finally {
    offUrc();
    await engine.close().catch(() => {});
  }

  const iface = await waitIface(deps, back.description, target, deadline, options);
  yield { step: 'iface-present', afterMs: elapsed(), ...iface };
  const result: ModeSwitchResult = { target, previous, previousId, port: back.port, iface: iface.iface, elapsedMs: elapsed() };
  yield { step: 'done', afterMs: elapsed(), alreadyInTarget: false, result };
  return result;
}

export { MODE_STEP_LABELS, MODE_STEP_ORDER } from '../core/mode-steps.js';

/** Runs the switch, reporting each step; resolves with the result. */
export async function switchMode(deps: ModeSwitchDeps, options: ModeSwitchOptions = {}, onStep?: (e: ModeSwitchEvent) => void): Promise<ModeSwitchResult> {
  const it = modeSwitchSteps(deps, options);
  for (;;) {
    const n = await it.next();
    if (n.done) return n.value;
    onStep?.(n.value);
  }
}

/** One action back to the composition before the last switch. */
export function revertOptions(last: ModeSwitchResult, options: ModeSwitchOptions = {}): ModeSwitchOptions {
  if (last.previous === null || last.previous === 'other') {
    throw new ModeSwitchError('unsupported', `The previous composition (${last.previousId ?? 'unknown'}) is not one simhat switches to.`, 'Use the vendor tool, or pick rndis, ecm or qmi.');
  }
  return { ...options, target: last.previous, port: last.port };
}

// ---------------------------------------------------------------- helpers

interface Located {
  port: string;
  description: ModemDescription | null;
}

async function locate(deps: ModeSwitchDeps, port: string | undefined): Promise<Located> {
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

/** The profile the USB view names (its family, else its USB vendor id). */
function vendorOfDescription(desc: ModemDescription | null): ResolvedProfile {
  return resolveProfile({ family: desc && desc.family !== 'unknown' ? desc.family : null, vid: desc?.vid ?? null });
}

async function modelOf(engine: AtEngineApi): Promise<string | null> {
  const cgmm = await engine.send('AT+CGMM', { allowError: true });
  if (cgmm.final.kind !== 'ok') return null;
  try {
    return parseCgmmExec(cgmm.lines);
  } catch {
    return null;
  }
}

/** The composition now: the vendor's AT query (AT+CUSBPIDSWITCH?, AT+QCFG="usbnet"), else the USB view. */
async function currentMode(engine: AtEngineApi, profile: VendorProfile, desc: ModemDescription | null): Promise<{ previous: ModeTarget | 'other' | null; previousId: string | null }> {
  const q = profile.usbModeQuery;
  if (q) {
    const r = await engine.send(q.command, { allowError: true });
    let reading = null;
    try {
      reading = r.final.kind === 'ok' ? q.read(r.lines) : null;
    } catch {
      reading = null; // fall through to the USB view
    }
    if (reading) return { previous: (MODE_TARGETS as readonly string[]).includes(reading.mode) ? (reading.mode as ModeTarget) : 'other', previousId: reading.id };
  }
  if (desc) {
    const m = desc.mode === 'rndis' || desc.mode === 'ecm' || desc.mode === 'qmi' ? desc.mode : 'other';
    return { previous: m, previousId: desc.pid };
  }
  return { previous: null, previousId: null };
}

/** The catalog says this device has no serial driver without new_id (SIMCom 9018): the fix that binds one. */
function newIdFixOf(modems: readonly ModemDescription[]): Fix | null {
  const m = modems.find((x) => hasQuirk(Number.parseInt(x.vid, 16), Number.parseInt(x.pid, 16), 'needs-new-id'));
  return m ? { id: 'serial-driver', label: `Bind the generic USB serial driver to ${m.vid}:${m.pid} (new_id) so the AT port appears` } : null;
}

/** On Linux, the composition the switch goes to may come back without serial ports (needs-new-id). */
function newIdFix(vid: string | number | undefined, usbPid: number | null, options: ModeSwitchOptions): Fix | null {
  if (usbPid === null || vid === undefined || (options.platform ?? process.platform) !== 'linux') return null;
  const v = typeof vid === 'number' ? vid : Number.parseInt(vid, 16);
  if (!hasQuirk(v, usbPid, 'needs-new-id')) return null;
  const id = `${v.toString(16).padStart(4, '0')}:${usbPid.toString(16).padStart(4, '0')}`;
  return { id: 'serial-driver', label: `Bind the generic USB serial driver to ${id} (new_id) so the AT port appears` };
}

async function openAnswering(open: EngineOpener, port: string, timeoutMs: number, signal?: AbortSignal): Promise<AtEngineApi> {
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

async function waitBack(deps: ModeSwitchDeps, before: Located, deadline: number, options: ModeSwitchOptions, newId: Fix | null): Promise<Located> {
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

async function waitIface(deps: ModeSwitchDeps, desc: ModemDescription | null, target: ModeTarget, deadline: number, options: ModeSwitchOptions): Promise<{ iface: string | null; note: string }> {
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

function timeoutError(stage: 'left-bus' | 'back' | 'at', options: ModeSwitchOptions, newId: Fix | null): ModeSwitchError {
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

async function retryUntil<T>(fn: () => Promise<T>, deadline: number, signal: AbortSignal | undefined, onTimeout: () => Error): Promise<T> {
  for (;;) {
    try {
      return await fn();
    } catch {
      if (performance.now() > deadline) throw onTimeout();
      await sleep(POLL_MS, signal);
    }
  }
}

async function raceDeadline(p: Promise<void>, deadline: number, signal: AbortSignal | undefined, onTimeout: () => Error): Promise<void> {
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
function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return abortableSleep(ms, signal, cancelledError);
}
