// `connect` (issue 6): mode -> APN (suggested from the SIM when not given) -> network up with the
// chosen policy -> connectivity check, as one progress stream. It stops at the first failure and
// attaches the doctor's explanation of it (the verdict: first broken link + the fix).
import type { ApnTarget } from '../core/apn/apply-plan.js';
import type { ApnLookup, Carrier } from '../core/apn/lookup.js';
import type { IpType } from '../core/apn/db-types.js';
import type { AuthChoice } from '../core/apn/preset.js';
import { ModemAt } from '../core/at/modem-at.js';
import type { ModeTarget } from '../core/vendors/profile.js';
import type { DoctorReport, Verdict } from '../core/doctor/report.js';
import type { CheckResult as NetCheck, PolicyName, UpResult } from '../core/net/types.js';
import type { ApplyEvent, ApplyResult } from './apn.js';
import { runDoctor, type DoctorDeps } from './doctor.js';
import { modeSwitchSteps, ModeSwitchError, type ModeSwitchEvent, type ModeSwitchResult } from './mode-switch.js';
import { identifyModem } from './modem-identity.js';

export type ConnectStage = 'mode' | 'apn' | 'network' | 'check';
export const CONNECT_STAGES: readonly ConnectStage[] = ['mode', 'apn', 'network', 'check'];

export type ConnectEvent =
  | { type: 'stage'; stage: ConnectStage; state: 'running' | 'done' | 'skipped' | 'failed'; detail: string }
  | { type: 'mode'; event: ModeSwitchEvent }
  | { type: 'apn'; event: ApplyEvent }
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
}

class StageFailure extends Error {
  constructor(
    readonly stage: ConnectStage,
    message: string,
    readonly hint: string | null = null,
  ) {
    super(message);
  }
}

export async function* connectSteps(deps: ConnectDeps, options: ConnectOptions = {}): AsyncGenerator<ConnectEvent, ConnectResult> {
  const result: ConnectResult = { ok: false, mode: null, apn: null, port: options.port ?? null, iface: options.iface ?? null, address: null, check: null, failure: null };
  let stage: ConnectStage = 'mode';
  try {
    yield* modeStage(deps, options, result);
    stage = 'apn';
    yield* apnStage(deps, options, result);
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

/** 2. APN: chosen from the SIM unless given; skipped when it is already set and carrying data. */
async function* apnStage(deps: ConnectDeps, options: ConnectOptions, result: ConnectResult): AsyncGenerator<ConnectEvent, void> {
  yield { type: 'stage', stage: 'apn', state: 'running', detail: 'choosing the APN' };
  const engine = await deps.openEngine(result.port!);
  let applied: ApplyResult | null = null;
  let skippedBecause: string | null = null;
  try {
    const modem = new ModemAt(engine);
    const targets = await chooseTargets(deps, modem, options);
    result.apn = targets[0]!.apn;
    // Already set and carrying data: nothing to write (writing would cost a re-attach).
    skippedBecause = await alreadyWorking(modem, targets[0]!.apn);
    if (!skippedBecause) {
      const { applyApn } = await import('./apn.js');
      const it = applyApn(modem, { targets, port: result.port!, ...(options.apnTimeouts ? { timeouts: options.apnTimeouts } : {}), ...(options.signal ? { signal: options.signal } : {}) });
      for (;;) {
        const n = await it.next();
        if (n.done) {
          applied = n.value;
          break;
        }
        yield { type: 'apn', event: n.value };
      }
      if (!applied.ok) throw new StageFailure('apn', applied.error?.message ?? 'the APN did not bring data up', applied.error?.hint ?? null);
      result.apn = applied.apn ?? result.apn;
    }
  } finally {
    await engine.close().catch(() => {});
  }
  yield { type: 'stage', stage: 'apn', state: skippedBecause ? 'skipped' : 'done', detail: skippedBecause ?? `APN "${result.apn}" set in context${applied!.contexts.length > 1 ? 's' : ''} ${applied!.contexts.join(' and ')}; the modem has ${applied!.addresses.map((a) => a.ipv4 ?? a.ipv6).filter(Boolean).join(', ')}` };
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

async function chooseTargets(deps: DoctorDeps, modem: ModemAt, options: ConnectOptions): Promise<ApnTarget[]> {
  const base = { ipType: options.ipType ?? 'IPV4V6', auth: options.auth ?? (options.username ? 'auto' : 'none') } as const;
  const creds = { ...(options.username ? { username: options.username } : {}), ...(options.password ? { password: options.password } : {}) };
  if (options.apn) return [{ apn: options.apn, ...base, ...creds, label: '--apn' }];
  if (!deps.apn) throw new StageFailure('apn', 'No APN given and no APN database to suggest one.', 'Give the APN with --apn (your carrier publishes it).');
  let lookup: ApnLookup;
  try {
    lookup = deps.apn();
  } catch (err) {
    throw new StageFailure('apn', `No APN given and the APN database could not be loaded (${(err as Error).message}).`, 'Give the APN with --apn.');
  }
  if (options.carrier) {
    const carriers = lookup.resolveCarrierId(options.carrier);
    if (carriers.length === 0) throw new StageFailure('apn', `Unknown carrier id "${options.carrier}".`, 'Find it with `simhat apn search <name>`.');
    return carriers.map((c) => targetOf(c, options));
  }
  const { suggestForModem } = await import('./apn-modem.js');
  const { suggestion } = await suggestForModem(modem, lookup);
  const internet = suggestion.candidates.filter((c) => !c.apn.usage || c.apn.usage.includes('internet'));
  if (suggestion.basis !== 'imsi' || internet.length === 0) {
    // The notes are sentences already: appended, not wrapped in parentheses (issue 14: "…<text>).).").
    throw new StageFailure('apn', ['simhat could not tell the APN from the SIM.', ...suggestion.notes].join(' '), 'Give it with --apn or --carrier (`simhat apn search <carrier>`).');
  }
  // Several providers on one MCC/MNC (MVNOs): the user must choose rather than simhat guessing.
  const providers = new Set(internet.map((c) => c.providerId));
  if (providers.size > 1) {
    throw new StageFailure('apn', `This SIM's network is shared by ${[...providers].join(', ')}: simhat will not guess which one is yours.`, 'Pick one with --carrier <id> (`simhat apn suggest` lists them).');
  }
  return internet.slice(0, 3).map((c) => targetOf(c, options));
}

function targetOf(c: Carrier, options: ConnectOptions): ApnTarget {
  const auth: AuthChoice = c.apn.auth ?? (c.apn.username ? 'auto' : 'none');
  return {
    apn: c.apn.value,
    ipType: options.ipType ?? c.apn.ipType,
    auth,
    ...(c.apn.username ? { username: c.apn.username } : {}),
    ...(c.apn.password ? { password: c.apn.password } : {}),
    label: c.id,
  };
}

/** Why applying can be skipped (cid 1 and, where needed, cid 6 already hold this APN and data is up), else null. */
async function alreadyWorking(modem: ModemAt, apn: string): Promise<string | null> {
  try {
    const [contexts, addresses] = await Promise.all([modem.contexts(), modem.pdpAddresses()]);
    // The one rule of which contexts need the APN: the vendor profile's (core/vendors, via modem-identity.ts).
    const cids = (await identifyModem(modem, undefined)).contexts;
    const needs6 = cids.includes(6);
    const same = (cid: number) => contexts.find((c) => c.cid === cid)?.apn.toLowerCase() === apn.toLowerCase();
    const hasData = addresses.some((a) => a.cid === 1 && (a.ipv4 || a.ipv6));
    if (cids.every(same) && hasData) return `APN "${apn}" is already set${needs6 ? ' in contexts 1 and 6' : ''} and the modem has a data session`;
  } catch {
    return null;
  }
  return null;
}
