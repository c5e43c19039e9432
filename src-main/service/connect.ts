// `connect` (issue 6): mode -> APN (chosen by the one APN decider when not given, issue 13) -> network
// up with the chosen policy -> connectivity check, as one progress stream. It stops at the first
// failure and attaches the doctor's explanation of it (the verdict: first broken link + the fix).
import type { IpType } from '../core/apn/db-types.js';
import type { AuthChoice } from '../core/apn/preset.js';
import type { RankSources } from '../core/apn/rank.js';
import { ModemAt } from '../core/at/modem-at.js';
import type { ModeTarget } from '../core/vendors/profile.js';
import type { DoctorReport, Verdict } from '../core/doctor/report.js';
import type { CheckResult as NetCheck, PolicyName, UpResult } from '../core/net/types.js';
import type { ApplyEvent, ApplyResult } from './apn.js';
import type { ApnChoice, DecideEvent, DecideResult } from './apn-decider.js';
import type { ApplyJournal } from './apn-journal.js';
import type { ApnPresetStore } from './apn-presets.js';
import { apnStage, DecisionFailure, StageFailure, type ApnStageOutcome } from './connect-apn.js';
import { runDoctor, type DoctorDeps } from './doctor.js';
import { modeSwitchSteps, ModeSwitchError, type ModeSwitchEvent, type ModeSwitchResult } from './mode-switch.js';

export type ConnectStage = 'mode' | 'apn' | 'network' | 'check';
export const CONNECT_STAGES: readonly ConnectStage[] = ['mode', 'apn', 'network', 'check'];

export type ConnectEvent =
  | { type: 'stage'; stage: ConnectStage; state: 'running' | 'done' | 'skipped' | 'failed'; detail: string }
  | { type: 'mode'; event: ModeSwitchEvent }
  | { type: 'apn'; event: ApplyEvent }
  /** The APN decider's own steps (SIM, ranking, plan, each try and its rollback, the winner). */
  | { type: 'decide'; event: Exclude<DecideEvent, { type: 'apply' | 'finished' }> }
  | { type: 'network'; message: string };

export interface ConnectFailure {
  stage: ConnectStage;
  message: string;
  hint: string | null;
  /** The doctor's first broken link after the failure (null when the doctor found none). */
  verdict: Verdict | null;
  doctor: DoctorReport | null;
}

export interface ConnectResult {
  ok: boolean;
  mode: ModeSwitchResult | null;
  apn: string | null;
  port: string | null;
  iface: string | null;
  address: string | null;
  check: NetCheck | null;
  failure: ConnectFailure | null;
  /** The APN decider's result (SIM, ranking with reasons, which APN won, which tries failed); null when the APN was named. */
  decision: DecideResult | null;
}

export interface ConnectOptions {
  port?: string;
  iface?: string;
  /** Composition; default per OS (RNDIS on Linux/Windows, ECM on macOS). */
  mode?: ModeTarget;
  /** A carrier id from the APN database ("ca/freedom-mobile/0" or "ca/freedom-mobile"). */
  carrier?: string;
  /** Explicit APN (wins over --carrier and the suggestion). */
  apn?: string;
  /** Neither apn nor carrier: what the user chose from the decider's ranked list; absent = by rank. */
  choice?: Exclude<ApnChoice, { kind: 'cancel' }>;
  ipType?: IpType;
  auth?: AuthChoice;
  username?: string;
  password?: string;
  /** Default 'failover' (LTE as backup, metric 700). */
  policy?: PolicyName;
  pingTargets?: string[];
  dnsName?: string;
  platform?: string;
  /** Mode switch timeout; default 90 s. */
  modeTimeoutMs?: number;
  /** Lease wait; default the network layer's (20 s). */
  leaseTimeoutMs?: number;
  /** APN re-attach waits (registration, address), passed to the APN workflow. */
  apnTimeouts?: { simReadyMs?: number; registrationMs?: number; addressMs?: number; pollMs?: number };
  netRoot?: string;
  signal?: AbortSignal;
}

export interface ConnectDeps extends DoctorDeps {
  openEngine: NonNullable<DoctorDeps['openEngine']>;
  /**
   * Whether a network interface exists, for the mode stage's wait after a switch (ModeSwitchDeps);
   * default: /sys/class/net/<name> of this machine. An environment whose host is simulated (demo,
   * tests) passes its own, or the wait runs out (ifaceWaitMs) and the interface is reported missing.
   */
  ifaceExists?: ((name: string) => Promise<boolean>) | null;
  /** Both APN tables for the decider; default: `apn` and the shipped Android table. */
  apnSources?: (() => RankSources) | null;
  /** The user's presets: what worked before for this SIM ranks first, and the decider's winner is stored. */
  presets?: ApnPresetStore | null;
  /** The apply journal (recovery after a vanished port). */
  journal?: ApplyJournal;
}

export async function* connectSteps(deps: ConnectDeps, options: ConnectOptions = {}): AsyncGenerator<ConnectEvent, ConnectResult> {
  const result: ConnectResult = { ok: false, mode: null, apn: null, port: options.port ?? null, iface: options.iface ?? null, address: null, check: null, failure: null, decision: null };
  let stage: ConnectStage = 'mode';
  try {
    yield* modeStage(deps, options, result);
    stage = 'apn';
    yield* apnStep(deps, options, result);
    stage = 'network';
    yield* networkStage(deps, options, result);
    stage = 'check';
    yield* checkStage(deps, options, result);
    result.ok = true;
    return result;
  } catch (err) {
    const f = err instanceof StageFailure ? err : new StageFailure(stage, (err as Error).message, (err as { hint?: string }).hint ?? null);
    yield { type: 'stage', stage: f.stage, state: 'failed', detail: f.message };
    // The doctor explains the failure: the first broken link of the whole chain, and its fix.
    const doctor = await runDoctor(deps, {
      ...(result.port ? { port: result.port } : {}),
      ...(result.iface ? { iface: result.iface } : {}),
      ...(options.pingTargets ? { pingTargets: options.pingTargets } : {}),
      ...(options.dnsName ? { dnsName: options.dnsName } : {}),
      policy: options.policy ?? 'failover',
      ...(options.platform ? { platform: options.platform } : {}),
      ...(options.netRoot !== undefined ? { netRoot: options.netRoot } : {}),
    }).catch(() => null);
    result.failure = { stage: f.stage, message: f.message, hint: f.hint, verdict: doctor?.verdict ?? null, doctor };
    return result;
  }
}

/** 1. mode: the switch (or "already in it"), as its own progress events. */
async function* modeStage(deps: ConnectDeps, options: ConnectOptions, result: ConnectResult): AsyncGenerator<ConnectEvent, void> {
  yield { type: 'stage', stage: 'mode', state: 'running', detail: 'checking the USB composition' };
  try {
    const it = modeSwitchSteps(
      { openEngine: deps.openEngine, devices: deps.devices ?? null, ...(deps.ifaceExists ? { ifaceExists: deps.ifaceExists } : {}) },
      {
        ...(options.port ? { port: options.port } : {}),
        ...(options.iface ? { iface: options.iface } : {}),
        ...(options.mode ? { target: options.mode } : {}),
        ...(options.platform ? { platform: options.platform } : {}),
        ...(options.modeTimeoutMs ? { timeoutMs: options.modeTimeoutMs } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
      },
    );
    for (;;) {
      const n = await it.next();
      if (n.done) {
        result.mode = n.value;
        break;
      }
      yield { type: 'mode', event: n.value };
    }
  } catch (err) {
    if (err instanceof ModeSwitchError) throw new StageFailure('mode', err.message, err.hint);
    throw err;
  }
  result.port = result.mode.port;
  result.iface = options.iface ?? result.mode.iface;
  const already = result.mode.previous === result.mode.target;
  yield { type: 'stage', stage: 'mode', state: 'done', detail: already ? `already in ${result.mode.target.toUpperCase()}` : `switched to ${result.mode.target.toUpperCase()}` };
}

/** 2. APN: the SIM first (a SIM that cannot be used is said before any APN talk), then the APN given or decided. */
async function* apnStep(deps: ConnectDeps, options: ConnectOptions, result: ConnectResult): AsyncGenerator<ConnectEvent, void> {
  yield { type: 'stage', stage: 'apn', state: 'running', detail: options.apn || options.carrier ? 'checking the SIM, then the APN' : 'reading the SIM to choose the APN' };
  const port = result.port!;
  const engine = await deps.openEngine(port);
  let apn: ApnStageOutcome;
  try {
    apn = yield* apnStage(deps, new ModemAt(engine), options, port);
  } catch (err) {
    if (err instanceof DecisionFailure) result.decision = err.decision;
    throw err;
  } finally {
    await engine.close().catch(() => {});
  }
  result.apn = apn.apn;
  result.decision = apn.decision;
  yield { type: 'stage', stage: 'apn', state: apn.keptBecause ? 'skipped' : 'done', detail: apn.keptBecause ?? appliedWords(apn.apn, apn.applied!, apn.decision) };
}

/** 3. network: the interface up with a lease and the chosen route policy. */
async function* networkStage(deps: ConnectDeps, options: ConnectOptions, result: ConnectResult): AsyncGenerator<ConnectEvent, void> {
  if (!deps.network) throw new StageFailure('network', 'No network layer on this system.', null);
  if (!result.iface) throw new StageFailure('network', 'No network interface is known for this modem.', 'Give it with --iface (e.g. usb0 or enx...); `ip link` lists them.');
  const policy = options.policy ?? 'failover';
  yield { type: 'stage', stage: 'network', state: 'running', detail: `bringing ${result.iface} up (${policy})` };
  const messages: string[] = [];
  let up: UpResult;
  try {
    up = await deps.network.up({
      iface: result.iface,
      policy,
      ...(options.leaseTimeoutMs ? { leaseTimeoutMs: options.leaseTimeoutMs } : {}),
      ...(options.netRoot !== undefined ? { root: options.netRoot } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      onProgress: (p) => messages.push(p.message),
    });
  } catch (err) {
    throw new StageFailure('network', (err as Error).message, (err as { hint?: string }).hint ?? null);
  }
  for (const message of messages) yield { type: 'network', message };
  result.address = up.address ?? null;
  yield { type: 'stage', stage: 'network', state: 'done', detail: `${result.iface} has ${up.address ?? 'an address'} via ${up.gateway ?? 'the modem'}, metric ${up.metric}` };
}

/** 4. connectivity through the interface, when targets are given. */
async function* checkStage(deps: ConnectDeps, options: ConnectOptions, result: ConnectResult): AsyncGenerator<ConnectEvent, void> {
  const pingTargets = options.pingTargets ?? [];
  if (pingTargets.length === 0 && !options.dnsName) {
    yield { type: 'stage', stage: 'check', state: 'skipped', detail: 'no ping target or DNS name given' };
    return;
  }
  yield { type: 'stage', stage: 'check', state: 'running', detail: `pinging ${pingTargets.join(', ')}` };
  const check = await deps.network!.check({
    iface: result.iface!,
    pingTargets,
    dnsName: options.dnsName ?? '',
    ...(options.netRoot !== undefined ? { root: options.netRoot } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  result.check = check;
  if (check.classification !== 'ok') throw new StageFailure('check', check.summary, null);
  yield { type: 'stage', stage: 'check', state: 'done', detail: check.summary };
}

/** Runs connect, reporting each event; resolves with the result (ok false + failure on a stop). */
export async function connect(deps: ConnectDeps, options: ConnectOptions = {}, onEvent?: (e: ConnectEvent) => void): Promise<ConnectResult> {
  const it = connectSteps(deps, options);
  for (;;) {
    const n = await it.next();
    if (n.done) return n.value;
    onEvent?.(n.value);
  }
}

/** The APN stage's "done" line: which APN, which contexts, the address; and which tries failed before it. */
function appliedWords(apn: string, applied: ApplyResult, decision: DecideResult | null): string {
  const contexts = `context${applied.contexts.length > 1 ? 's' : ''} ${applied.contexts.join(' and ')}`;
  const addresses = applied.addresses.map((a) => a.ipv4 ?? a.ipv6).filter(Boolean).join(', ');
  const failed = decision?.tries.filter((t) => !t.ok).map((t) => `"${t.candidate.apn}"${t.rolledBack ? ' (rolled back)' : ''}`) ?? [];
  const why = decision?.winner ? ` (${decision.winner.reasons[0] ?? decision.winner.name})` : '';
  return `APN "${apn}"${why} set in ${contexts}; the modem has ${addresses}${failed.length ? `; tried before it: ${failed.join(', ')}` : ''}`;
}
