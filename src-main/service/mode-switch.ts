// The one-click USB composition switch (issue 6) as a stream of typed progress steps:
// checked current mode -> command sent -> device left the bus -> device back in the new mode ->
// AT port answering -> boot URCs seen / SIM ready -> network interface present -> done.
// Already in the target mode: done at once, nothing sent. The modem is found again by
// VID:PID:interface through the device source, or (a stable --port such as /dev/serial/by-id/...)
// by reopening that path once it is back.
import { parseCgmmExec } from '../core/at/commands/identity.js';
import { parseCpinRead } from '../core/at/commands/sim.js';
import type { AtEngineApi, Urc } from '../core/at/engine-api.js';
import type { DeviceSource, ModemDescription, ModeSwitchStrategy } from '../core/devices/types.js';
import type { Fix } from '../core/doctor/report.js';
import { planSwitch, resolveProfile, type ResolvedProfile } from '../core/vendors/index.js';
import { MODE_TARGETS, UnsupportedSwitch, type ModeTarget, type SwitchPlan, type VendorProfile } from '../core/vendors/profile.js';
import { targetModeFor } from '../core/doctor/target-mode.js';
import type { EngineOpener } from './doctor.js';
import { locate, newIdFix, openAnswering, raceDeadline, retryUntil, sleep, timeoutError, waitBack, waitIface, type Located } from './mode-switch-wait.js';

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

/** SIM state poll while "SIM busy" (normal for a second or two after boot, sim7600.md §2). */
const SIM_POLL_MS = 100;

/** One switch run: what every phase needs. */
interface SwitchRun {
  deps: ModeSwitchDeps;
  options: ModeSwitchOptions;
  deadline: number;
  target: ModeTarget;
  elapsed: () => number;
  before: Located;
}

/** What the first phase leaves for the second: the commands went out and the modem left the bus. */
interface Sent {
  plan: SwitchPlan;
  vendor: ResolvedProfile;
  previous: ModeTarget | 'other' | null;
  previousId: string | null;
}

export async function* modeSwitchSteps(deps: ModeSwitchDeps, options: ModeSwitchOptions = {}): AsyncGenerator<ModeSwitchEvent, ModeSwitchResult> {
  const started = performance.now();
  const choice = options.target ? { mode: options.target, reason: `asked for ${options.target.toUpperCase()}` } : targetModeFor(options.platform ?? process.platform);
  const before = await locate(deps, options.port);
  const run: SwitchRun = { deps, options, deadline: started + (options.timeoutMs ?? 90_000), target: choice.mode, elapsed: () => Math.round(performance.now() - started), before };
  const away = yield* switchAway(run, choice.reason);
  if ('result' in away) return away.result;
  return yield* comeBack(run, away);
}

/** checked -> command sent -> left the bus; or done at once when the modem is already in the target. */
async function* switchAway(run: SwitchRun, reason: string): AsyncGenerator<ModeSwitchEvent, Sent | { result: ModeSwitchResult }> {
  const { before, options, target, elapsed } = run;
  const port = before.port;
  const engine = await openAnswering(run.deps.openEngine, port, Math.min(5000, options.timeoutMs ?? 90_000), options.signal).catch((err: Error) => {
    throw new ModeSwitchError('no-answer', `${port} does not answer AT: ${err.message}`, 'Check the port (the AT interface, e.g. if02 / if04) and that no other program holds it (simhat doctor).');
  });
  try {
    // The vendor profile decides the switch and how the current composition is read (issue 10).
    const model = await modelOf(engine);
    const byModel = model ? resolveProfile({ model }) : undefined;
    const vendor = byModel?.family ? byModel : vendorOfDescription(before.description);
    const strategy: ModeSwitchStrategy = vendor.family?.modeSwitch.strategy ?? before.description?.strategy ?? 'none';
    const { previous, previousId } = await currentMode(engine, vendor.profile, before.description);
    yield { step: 'checked', model, strategy, current: previous, currentId: previousId, target, reason };

    if (previous === target) {
      const result: ModeSwitchResult = { target, previous, previousId, port, iface: before.description?.netIface ?? options.iface ?? null, elapsedMs: elapsed() };
      yield { step: 'done', afterMs: elapsed(), alreadyInTarget: true, result };
      return { result };
    }
    const plan = planFor(vendor, strategy, target);
    const left = new Promise<void>((resolve) => engine.onClose(() => resolve()));
    await sendPlan(engine, plan);
    yield { step: 'command-sent', commands: plan.commands };
    await raceDeadline(left, run.deadline, options.signal, () => timeoutError('left-bus', options, null));
    yield { step: 'left-bus', afterMs: elapsed() };
    return { plan, vendor, previous, previousId };
  } finally {
    await engine.close().catch(() => {});
  }
}

/** back on the bus -> AT answering in the new mode -> SIM settled -> network interface -> done. */
async function* comeBack(run: SwitchRun, sent: Sent): AsyncGenerator<ModeSwitchEvent, ModeSwitchResult> {
  const { deps, options, target, elapsed, deadline, before } = run;
  // Back on the bus: by the stable path, or by the USB port path through the device source.
  const newId = newIdFix(before.description?.vid ?? sent.vendor.profile.usbVendorIds[0], sent.plan.usbPid, options);
  const back = await waitBack(deps, before, deadline, options, newId);
  yield { step: 'back', afterMs: elapsed(), usbId: back.description ? `${back.description.vid}:${back.description.pid}` : null, port: back.port };

  const engine = await retryUntil(() => openAnswering(deps.openEngine, back.port, 2000, options.signal), deadline, options.signal, () => timeoutError('at', options, newId));
  const urcs: string[] = [];
  const offUrc = engine.onUrc((u: Urc) => urcs.push(u.line));
  try {
    const now = await currentMode(engine, sent.vendor.profile, back.description);
    if (now.previous !== null && now.previous !== target) {
      throw new ModeSwitchError('wrong-mode', `The modem came back as ${now.previousId ?? now.previous}, not ${sent.plan.expect}.`, 'Run the switch again; if it persists the firmware may not support this composition.');
    }
    yield { step: 'at-answering', afterMs: elapsed(), port: back.port, confirmedId: now.previousId };
    const sim = await waitSimSettled(engine, Math.min(deadline, performance.now() + (options.simWaitMs ?? 20_000)), options.signal);
    yield { step: 'sim-ready', afterMs: elapsed(), sim, urcs: [...urcs] };
  } finally {
    offUrc();
    await engine.close().catch(() => {});
  }

  const iface = await waitIface(deps, back.description, target, deadline, options);
  yield { step: 'iface-present', afterMs: elapsed(), ...iface };
  const result: ModeSwitchResult = { target, previous: sent.previous, previousId: sent.previousId, port: back.port, iface: iface.iface, elapsedMs: elapsed() };
  yield { step: 'done', afterMs: elapsed(), alreadyInTarget: false, result };
  return result;
}

/** The family's own switch; a family the profile does not know goes by the strategy's name. */
function planFor(vendor: ResolvedProfile, strategy: ModeSwitchStrategy, target: ModeTarget): SwitchPlan {
  try {
    return vendor.family ? vendor.family.modeSwitch.plan(target) : planSwitch(strategy, target);
  } catch (err) {
    if (err instanceof UnsupportedSwitch) throw new ModeSwitchError('unsupported', err.message, 'This family has no known switch command; the vendor tool can change it.');
    throw err;
  }
}

async function sendPlan(engine: AtEngineApi, plan: SwitchPlan): Promise<void> {
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
}

/**
 * Boot URCs (RDY, +CPIN: READY, SMS DONE, PB DONE) may come before the port could be opened: ask for
 * the SIM state until it settles ("SIM busy" is normal right after boot, sim7600.md §2). The
 * +CPIN: READY URC ends the wait at once; polling covers URCs sent before the port was open.
 */
async function waitSimSettled(engine: AtEngineApi, simDeadline: number, signal: AbortSignal | undefined): Promise<string | null> {
  let sim: string | null = null;
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
      if (settled || performance.now() > simDeadline) return sim;
      const woke = await Promise.race([readyUrc.then(() => true), sleep(SIM_POLL_MS, signal).then(() => false)]);
      if (woke) return 'READY';
    }
  } finally {
    offReady();
  }
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

// ---------------------------------------------------------------- reads of the modem

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

