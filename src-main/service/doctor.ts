// The doctor's gathering (issue 6): AT queries through the engine (evidence from its trace), the
// host side through the network layer, USB through detection; then the pure rules judge. Every
// layer is optional: a missing one turns its checks into `skip`, never a crash.
import { realpath } from 'node:fs/promises';
import type { AtEngineApi, TraceEntry } from '../core/at/engine-api.js';
import { AtError } from '../core/at/errors.js';
import { TransportError } from '../core/at/transport.js';
import type { ApnLookup } from '../core/apn/lookup.js';
import type { IpType } from '../core/apn/db-types.js';
import type { RankSources } from '../core/apn/rank.js';
import { simIdentityView, type SimIdentityView } from '../core/apn/sim-facts.js';
import type { DeviceSource, ModemDescription } from '../core/devices/types.js';
import type { CommonOptions, NetworkOps, PolicyName } from '../core/net/types.js';
import { atFactsFrom, DOCTOR_QUERIES, evidenceFrom, type AtAnswer, type AtGathered, type DoctorQuery } from '../core/doctor/at-facts.js';
import type { AtFacts, DoctorFacts, HostFacts, UsbFacts } from '../core/doctor/facts.js';
import { hostFactsFrom, usbFactsFrom } from '../core/doctor/from-layers.js';
import type { DoctorReport, Evidence, Fix, FixId } from '../core/doctor/report.js';
import { fixesToApply } from '../core/doctor/fix-order.js';
import { validateApn } from '../core/at/validate.js';
import { buildReport } from '../core/doctor/rules.js';
import type { PrivilegedVerb } from './env.js';
import { FIXES, type FixContext, type FixOutcome } from './fixes.js';
import { removePasswords } from '../core/doctor/redact.js';
import { addSimEvidence, carrierFacts, decidedApn, rankFor, simFilesOf, simIdentityOf, type SimFiles } from './doctor-apn.js';
import type { ApplyTimeouts } from './apn.js';
import type { ApnPresetStore } from './apn-presets.js';

/** Opens an AT engine on a path (real: serialport transport + AtEngine). Rejects with TransportError. */
export type EngineOpener = (path: string) => Promise<AtEngineApi>;

export interface DoctorDeps {
  /** USB view; undefined/null = none (only --port): usb.* skip. */
  devices?: DeviceSource | null;
  /** Opens the AT port; undefined = the modem side is not checked. */
  openEngine?: EngineOpener | null;
  /** Host network layer; undefined = host.* skip. */
  network?: NetworkOps | null;
  /** APN database for apn.carrier-match and the apply-apn suggestion. */
  apn?: (() => ApnLookup) | null;
  /** Both APN tables the decider ranks from (issue 13); default: `apn` and the shipped Android table. */
  apnSources?: (() => RankSources) | null;
  /** The user's presets: what worked before for this SIM ranks first (as in the decider). */
  presets?: ApnPresetStore | null;
  /** Other processes holding a port (detection's contention scan). */
  portHolders?: ((path: string) => Promise<{ pid: number; command: string }[]>) | null;
}

export interface DoctorOptions {
  /** AT port; default: the AT interface of the modem the USB view found. */
  port?: string;
  /** Network interface; default: the one the USB view found. */
  iface?: string;
  /** Probes for host.internet / host.dns; none given = those checks skip. */
  pingTargets?: string[];
  dnsName?: string;
  /** The chosen route policy; null/undefined = none chosen (a takeover is only a warning). */
  policy?: PolicyName | null;
  /** Default process.platform. */
  platform?: string;
  /** Per-query AT timeout in ms; default 3000 (the doctor must stay fast, issue 6: <= 1 s total). */
  atTimeoutMs?: number;
  /** Passed to the network layer (tests: a temp root). */
  netRoot?: string;
  signal?: AbortSignal;
}

/** Already-open engine to reuse instead of opening `port` (connect, --fix re-runs). */
export interface DoctorSession {
  engine?: AtEngineApi;
  /** SIM files already read, by ICCID (the status reader's polls read them once per SIM). */
  simFiles?: Map<string, SimFiles>;
}

export async function runDoctor(deps: DoctorDeps, options: DoctorOptions = {}, session: DoctorSession = {}): Promise<DoctorReport> {
  return (await diagnose(deps, options, session)).report;
}

/** The report and the facts it was judged from (the fixes need both). */
export async function diagnose(deps: DoctorDeps, options: DoctorOptions = {}, session: DoctorSession = {}): Promise<{ report: DoctorReport; facts: GatheredFacts }> {
  const started = performance.now();
  const facts = await gatherFacts(deps, options, session);
  const report = buildReport(facts, performance.now() - started);
  addSimEvidence(report, facts);
  return { report, facts };
}

export type GatheredFacts = DoctorFacts & { simIdentity: SimIdentityView | null };

export async function gatherFacts(deps: DoctorDeps, options: DoctorOptions, session: DoctorSession = {}): Promise<GatheredFacts> {
  const platform = options.platform ?? process.platform;
  const modem = await findModem(deps.devices ?? null, options.port);
  const usb: UsbFacts | null = modem.view;
  const port = options.port ?? modem.description?.atPort ?? null;
  const gathered = port ? await gatherAt(deps, port, options, session) : null;
  const at = gathered?.at ?? null;
  const identity = at ? simIdentityOf(at, gathered?.files ?? null) : null;
  const ranking = at && identity ? await rankFor(deps, at, identity) : null;
  const carrier = ranking ? carrierFacts(ranking) : null;
  const iface = options.iface ?? modem.description?.netIface ?? null;
  const host = iface ? await gatherHost(deps, iface, options) : null;
  const home = ranking?.home?.pairs.length === 1 ? ranking.home.pairs[0] : undefined;
  return { platform, usb, at, carrier, host, simIdentity: identity ? simIdentityView(identity, home) : null };
}

// ---------------------------------------------------------------- USB

async function samePath(a: string, b: string): Promise<boolean> {
  if (a === b) return true;
  const [ra, rb] = await Promise.all([realpath(a).catch(() => a), realpath(b).catch(() => b)]);
  return ra === rb;
}

async function findModem(devices: DeviceSource | null, port: string | undefined): Promise<{ view: UsbFacts | null; description: ModemDescription | null }> {
  if (!devices) return { view: null, description: null };
  let list;
  try {
    list = await devices.list();
  } catch {
    return { view: null, description: null };
  }
  const evidence: Evidence[] = list.reason ? [{ command: 'simhat devices', output: list.reason }] : [];
  if (port) {
    // With a port given, the USB view only counts when it knows that port: a UART HAT or a
    // simulated modem has no USB side, and "no modem on the bus" would be a false verdict.
    for (const m of list.modems) if (m.atPort && (await samePath(m.atPort, port))) return { view: usbFactsFrom(m), description: m };
    return { view: null, description: null };
  }
  const m = list.modems[0] ?? null;
  return { view: usbFactsFrom(m, evidence), description: m };
}

// ---------------------------------------------------------------- AT

async function gatherAt(deps: DoctorDeps, port: string, options: DoctorOptions, session: DoctorSession): Promise<{ at: AtFacts; files: SimFiles | null }> {
  const reuse = session.engine;
  const timeoutMs = options.atTimeoutMs ?? 3000;
  const holders = deps.portHolders ? await deps.portHolders(port).catch(() => null) : null;
  const g: AtGathered = { port, openFailure: null, answered: false, holders, answers: {}, evidence: [] };
  if (!reuse && !deps.openEngine) {
    g.openFailure = { code: 'io', message: 'no serial layer available in this build' };
    return { at: atFactsFrom(g), files: null };
  }
  let engine: AtEngineApi;
  try {
    engine = reuse ?? (await deps.openEngine!(port));
  } catch (err) {
    // 'open-failed': the port could not be opened at all (a directory, a plain file, not a tty), unlike
    // an 'io' error after it opened; the doctor says so instead of "opened but did not answer".
    const code = err instanceof TransportError ? (err.code === 'io' ? 'open-failed' : err.code) : 'open-failed';
    g.openFailure = { code, message: (err as Error).message };
    return { at: atFactsFrom(g), files: null };
  }
  let files: SimFiles | null = null;
  const trace: TraceEntry[] = [];
  const off = engine.onTrace((e) => trace.push(e));
  try {
    const first = await query(engine, 'AT', Math.min(timeoutMs, 2000), options.signal);
    if (first.answer?.final.kind === 'ok') g.answered = true;
    else g.openFailure = { code: first.error?.code ?? 'no-answer', message: first.error?.message ?? `AT answered ${first.answer?.final.line}` };
    if (g.answered) {
      // Verbose +CME errors make the evidence readable ("SIM not inserted" instead of 10). Runtime only, not NV.
      await query(engine, 'AT+CMEE=2', timeoutMs, options.signal);
      for (const q of DOCTOR_QUERIES) {
        const r = await query(engine, q, timeoutMs, options.signal);
        g.answers[q as DoctorQuery] = r.answer;
        // Unplugged or reset mid-run (issue 15): the doctor says the port vanished, not "no SIM".
        if (r.error?.code === 'port-closed') g.lost = { command: q, message: r.error.message };
        if (r.error?.code === 'port-closed' || r.error?.code === 'cancelled') break;
      }
      // Quectel keeps its PID across modes: AT+QCFG="usbnet" tells the mode (issue 12).
      if (!g.lost && /quectel/i.test(g.answers['ATI']?.lines.join(' ') ?? '')) {
        const r = await query(engine, 'AT+QCFG="usbnet"', timeoutMs, options.signal);
        g.usbnet = r.answer;
        if (r.error?.code === 'port-closed') g.lost = { command: 'AT+QCFG="usbnet"', message: r.error.message };
      }
      files = await simFilesOf(engine, g, timeoutMs, options.signal, session.simFiles);
    }
  } finally {
    off();
    if (!reuse) await engine.close().catch(() => {});
  }
  // Evidence is for pasting into a forum: APN passwords (AT+CGAUTH?) never appear in it.
  g.evidence = evidenceFrom(trace)
    .filter((e) => e.command !== 'AT+CMEE=2')
    .map((e) => ({ command: removePasswords(e.command), output: removePasswords(e.output) }));
  return { at: atFactsFrom(g), files };
}

async function query(engine: AtEngineApi, command: string, timeoutMs: number, signal?: AbortSignal): Promise<{ answer: AtAnswer | null; error: AtError | null }> {
  try {
    const r = await engine.send(command, { timeoutMs, allowError: true, ...(signal ? { signal } : {}) });
    return { answer: { lines: r.lines, final: r.final }, error: null };
  } catch (err) {
    return { answer: null, error: err instanceof AtError ? err : new AtError('timeout', (err as Error).message) };
  }
}

// ---------------------------------------------------------------- host

async function gatherHost(deps: DoctorDeps, iface: string, options: DoctorOptions): Promise<HostFacts | null> {
  const net = deps.network;
  if (!net) return null;
  const evidence: Evidence[] = [];
  const common: CommonOptions = {
    iface,
    ...(options.netRoot !== undefined ? { root: options.netRoot } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  };
  let status = null;
  try {
    status = await net.status(common);
  } catch (err) {
    evidence.push({ command: `net status ${iface}`, output: (err as Error).message });
  }
  if (status) {
    evidence.push({
      command: `ip -4 addr show dev ${iface}`,
      output: status.exists ? status.addresses.map((a) => `inet ${a.address}/${a.prefixlen}${a.dynamic ? ' dynamic' : ''}`).join('\n') || '(no IPv4 address)' : `Device "${iface}" does not exist.`,
    });
    evidence.push({
      command: 'ip route show default',
      output: status.defaultRoutes.map((r) => `default${r.gateway ? ` via ${r.gateway}` : ''} dev ${r.dev}${r.metric ? ` metric ${r.metric}` : ''}`).join('\n') || '(no default route)',
    });
  }
  let check = null;
  const probes = options.pingTargets?.length || options.dnsName;
  if (status?.exists && status.addresses.length > 0 && probes) {
    try {
      check = await net.check({ ...common, pingTargets: options.pingTargets ?? [], dnsName: options.dnsName ?? '', probeTimeoutMs: 1500 });
    } catch (err) {
      evidence.push({ command: `net check ${iface}`, output: (err as Error).message });
    }
  }
  const host = hostFactsFrom({ iface, status, check, policy: options.policy ?? null, ...(options.dnsName ? { dnsName: options.dnsName } : {}), evidence });
  if (check && !options.dnsName) host.dns = null;
  return host;
}

// ---------------------------------------------------------------- --fix

export interface FixDeps extends DoctorDeps {
  /** Mode switch for switch-rndis / switch-ecm (service/mode-switch.ts). */
  switchMode?: ((target: 'rndis' | 'ecm', port: string | undefined) => Promise<unknown>) | null;
  /**
   * Applies an APN (undefined: the APN decider chooses for this SIM, as connect does, issue 13); default:
   * the APN workflow (write, verify, re-attach, restore on failure) with the given APN, else the decider.
   * ipType: the PDP type cid 1 already has (kept), undefined when it has none.
   */
  applyApn?: ((apn: string | undefined, port: string, engine: AtEngineApi, ipType: IpType | undefined) => Promise<{ message: string; result?: unknown }>) | null;
  /** Privileged host actions (the helper's verbs udev-rule / usb-serial-new-id). */
  privileged?: ((verb: PrivilegedVerb, args: Record<string, string>) => Promise<void>) | null;
  /** Runs fn on an AT port; default: opened with openEngine for the fix and closed after. */
  withEngine?: (<T>(port: string, fn: (engine: AtEngineApi) => Promise<T>) => Promise<T>) | null;
  /** Host fixes of a simulated host (demo). */
  hostFix?: ((id: FixId) => Promise<unknown>) | null;
  /** The AT session the diagnoses between fixes reuse (the service's shared one); default: open the port each time. */
  sharedEngine?: (() => Promise<AtEngineApi | undefined>) | null;
}

export interface FixOptions {
  /** Ask before each fix; returns true to apply. Default: apply (the CLI passes a prompt unless --yes). */
  confirm?: (fix: Fix) => Promise<boolean>;
  /** Only these fix ids are applied (the ones the user accepted); others are skipped as declined. */
  only?: readonly string[];
  /** SIM PIN for enter-pin. */
  pin?: string;
  /** APN for apply-apn when the SIM's carrier gives no suggestion. */
  apn?: string;
  /** How long to wait for registration / data after a modem fix; default 20 s. */
  settleMs?: number;
  /** apply-apn's waits per APN try (registration, address); default the APN workflow's (apn.ts). */
  apnTimeouts?: Partial<ApplyTimeouts>;
  onEvent?: (e: FixEvent) => void;
  /** Progress inside one fix (a mode switch's steps, the APN apply's). */
  onProgress?: FixContext['progress'];
}

export type FixEvent =
  | { type: 'fix-start'; fix: Fix }
  | { type: 'fix-done'; fix: Fix; ok: boolean; message: string }
  | { type: 'fix-skipped'; fix: Fix; message: string };

export interface FixRun {
  before: DoctorReport;
  applied: { fix: Fix; ok: boolean; message: string }[];
  after: DoctorReport;
}

export { fixesToApply };

/**
 * `doctor --fix`: diagnose, apply the first fix of a failing check (FIX_IDS order, asking first),
 * diagnose again, and so on: a fix changes the facts the next one depends on (after a switch to
 * RNDIS the APN also goes to context 6). Each fix id is tried once.
 */
export async function runDoctorFixes(deps: FixDeps, options: DoctorOptions, fixOptions: FixOptions = {}): Promise<FixRun> {
  const look = async () => {
    const engine = deps.sharedEngine ? await deps.sharedEngine() : undefined;
    return diagnose(deps, options, engine ? { engine } : {});
  };
  const first = await look();
  let current = first;
  const applied: FixRun['applied'] = [];
  const tried = new Set<string>();
  for (;;) {
    const fix = fixesToApply(current.report).find((f) => !tried.has(f.id));
    if (!fix || options.signal?.aborted) break;
    tried.add(fix.id);
    const declined = (fixOptions.only && !fixOptions.only.includes(fix.id)) || (fixOptions.confirm && !(await fixOptions.confirm(fix)));
    if (declined) {
      fixOptions.onEvent?.({ type: 'fix-skipped', fix, message: 'declined' });
      continue;
    }
    fixOptions.onEvent?.({ type: 'fix-start', fix });
    let outcome: { ok: boolean; message: string };
    try {
      outcome = await applyOneFix(deps, options, fixOptions, fix, current.facts);
    } catch (err) {
      outcome = { ok: false, message: (err as Error).message };
    }
    applied.push({ fix, ok: outcome.ok, message: outcome.message });
    fixOptions.onEvent?.({ type: 'fix-done', fix, ok: outcome.ok, message: outcome.message });
    // A failed fix leaves the rest of the chain as it was: stop rather than pile changes on top.
    if (!outcome.ok) break;
    current = await look();
  }
  // A failed fix may have changed part of the state: look once more.
  const after = applied.length > 0 && !applied.at(-1)!.ok ? (await look()).report : current.report;
  return { before: first.report, applied, after };
}

/** One fix of the registry (./fixes.ts), with the capabilities these deps give. */
export function applyOneFix(deps: FixDeps, options: DoctorOptions, fo: FixOptions, fix: Fix, facts: DoctorFacts): Promise<FixOutcome> {
  const port = options.port ?? facts.at?.port ?? undefined;
  const iface = options.iface ?? facts.host?.iface ?? undefined;
  const withEngine = <T>(fn: (e: AtEngineApi) => Promise<T>): Promise<T> => {
    if (!port) throw new Error('no AT port');
    if (deps.withEngine) return deps.withEngine(port, fn);
    return openedFor(deps, port, fn);
  };
  // Keep the PDP type the modem already uses in cid 1 (an IPv4-only network refuses IPV4V6 on some firmware).
  const existing = facts.at?.contexts?.find((c) => c.cid === 1)?.type;
  const ipType = existing === 'IP' || existing === 'IPV6' || existing === 'IPV4V6' ? existing : undefined;
  const ctx: FixContext = {
    fix,
    facts,
    port,
    iface,
    policy: options.policy ?? 'failover',
    ...(fo.pin ? { pin: fo.pin } : {}),
    ...(fo.apn !== undefined ? { apn: fo.apn } : {}),
    settleMs: fo.settleMs ?? 20_000,
    ...(options.netRoot !== undefined ? { netRoot: options.netRoot } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    progress: fo.onProgress ?? (() => {}),
    ...(port && (deps.withEngine || deps.openEngine) ? { withEngine } : {}),
    ...(deps.switchMode ? { switchMode: (target: 'rndis' | 'ecm') => deps.switchMode!(target, port) } : {}),
    ...(port && (deps.withEngine || deps.openEngine)
      ? {
          applyApn: (given: string | undefined) => {
            // A caller's own applyApn chooses the APN itself when none was given (the service: its decider operation).
            if (deps.applyApn) return withEngine((engine) => deps.applyApn!(given === undefined ? undefined : validateApn(given), port, engine, ipType));
            if (given !== undefined) return withEngine((engine) => defaultApplyApn(validateApn(given), port, engine, ipType ?? 'IPV4V6'));
            return withEngine((engine) => decidedApn(deps, port, engine, { ipType, progress: ctx.progress, signal: options.signal, timeouts: fo.apnTimeouts }));
          },
        }
      : {}),
    network: deps.network ?? null,
    privileged: deps.privileged ?? null,
    portHolders: deps.portHolders ?? null,
    hostFix: deps.hostFix ?? undefined,
  };
  return FIXES[fix.id](ctx);
}

async function openedFor<T>(deps: DoctorDeps, port: string, fn: (e: AtEngineApi) => Promise<T>): Promise<T> {
  if (!deps.openEngine) throw new Error('no AT port');
  const engine = await deps.openEngine(port);
  try {
    return await fn(engine);
  } finally {
    await engine.close().catch(() => {});
  }
}

/** The APN workflow of issue 5 (write, verify, re-attach, restore on failure) with one target. */
async function defaultApplyApn(apn: string, port: string, engine: AtEngineApi, ipType: 'IP' | 'IPV6' | 'IPV4V6'): Promise<{ message: string; result?: unknown }> {
  const { runApplyApn } = await import('./apn.js');
  const { ModemAt } = await import('../core/at/modem-at.js');
  // The contexts come from the device catalog (core/apn/apply-plan.ts contextsForDevice): one rule.
  const result = await runApplyApn(new ModemAt(engine), { targets: [{ apn, ipType, auth: 'none', label: 'doctor --fix' }], port });
  if (!result.ok) throw new Error(`${result.error?.message ?? 'the APN did not bring data up'}${result.restore?.ok ? ' (the previous contexts were restored)' : ''}`);
  return { message: `APN "${apn}" set in context${result.contexts.length > 1 ? 's' : ''} ${result.contexts.join(' and ')}`, result };
}
