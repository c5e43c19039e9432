// The doctor's gathering (issue 6): AT queries through the engine (evidence from its trace) — the
// ones the registered checks and the modem's vendor profile ask for —, the host side through the
// network layer, USB through detection; then the registry judges (core/doctor/evaluate.ts). Every
// layer is optional: a missing one turns its checks into `skip`, never a crash.
import { realpath } from 'node:fs/promises';
import type { AtEngineApi, TraceEntry } from '../core/at/engine-api.js';
import { AtError } from '../core/at/errors.js';
import { TransportError } from '../core/at/transport.js';
import type { ApnLookup } from '../core/apn/lookup.js';
import type { RankSources } from '../core/apn/rank.js';
import { simIdentityView, type SimIdentityView } from '../core/apn/sim-facts.js';
import type { DeviceSource, ModemDescription } from '../core/devices/types.js';
import type { CommonOptions, NetworkOps, PolicyName } from '../core/net/types.js';
import { atFactsFrom, doctorQueries, evidenceFrom, type AtAnswer, type AtGathered } from '../core/doctor/at-facts.js';
import { parseAtiExec } from '../core/at/commands/identity.js';
import { resolveProfile } from '../core/vendors/index.js';
import type { VendorProfile } from '../core/vendors/profile.js';
import type { AtFacts, DoctorFacts, HostFacts, UsbFacts } from '../core/doctor/facts.js';
import { hostFactsFrom, usbFactsFrom } from '../core/doctor/from-layers.js';
import type { DoctorReport, Evidence } from '../core/doctor/report.js';
import { buildReport } from '../core/doctor/evaluate.js';
import { removePasswords } from '../core/doctor/redact.js';
import { addSimEvidence, carrierFacts, rankFor, simFilesOf, simIdentityOf, type SimFiles } from './doctor-apn.js';
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
  let vendor: VendorProfile | undefined;
  try {
    const first = await query(engine, 'AT', Math.min(timeoutMs, 2000), options.signal);
    if (first.answer?.final.kind === 'ok') g.answered = true;
    else g.openFailure = { code: first.error?.code ?? 'no-answer', message: first.error?.message ?? `AT answered ${first.answer?.final.line}` };
    if (g.answered) {
      // Verbose +CME errors make the evidence readable ("SIM not inserted" instead of 10). Runtime only, not NV.
      await query(engine, 'AT+CMEE=2', timeoutMs, options.signal);
      // ATI names the vendor; its profile adds its own queries (the composition: AT+CUSBPIDSWITCH?, AT+QCFG="usbnet").
      if (await ask(engine, g, ['ATI'], timeoutMs, options.signal)) {
        vendor = vendorOfAti(g.answers['ATI']);
        await ask(engine, g, doctorQueries(vendor).filter((q) => q !== 'AT' && q !== 'ATI'), timeoutMs, options.signal);
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
  return { at: atFactsFrom(g, vendor), files };
}

/** The vendor profile ATI names (manufacturer, model); the default profile when it names none. */
function vendorOfAti(answer: AtAnswer | null | undefined): VendorProfile {
  let info: { manufacturer?: string; model?: string } = {};
  try {
    if (answer?.final.kind === 'ok') info = parseAtiExec(answer.lines);
  } catch {
    info = {};
  }
  return resolveProfile({ model: info.model ?? null, manufacturer: info.manufacturer ?? null }).profile;
}

/**
 * Sends the queries in order, recording each answer; false when the port vanished or the run was
 * cancelled (issue 15: the doctor then says the port vanished, not "no SIM").
 */
async function ask(engine: AtEngineApi, g: AtGathered, queries: readonly string[], timeoutMs: number, signal: AbortSignal | undefined): Promise<boolean> {
  for (const q of queries) {
    const r = await query(engine, q, timeoutMs, signal);
    g.answers[q] = r.answer;
    if (r.error?.code === 'port-closed') g.lost = { command: q, message: r.error.message };
    if (r.error?.code === 'port-closed' || r.error?.code === 'cancelled') return false;
  }
  return true;
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

// ---------------------------------------------------------------- --fix (./doctor-fix.ts)

export { applyOneFix, fixesToApply, runDoctorFixes, type FixDeps, type FixEvent, type FixOptions, type FixRun } from './doctor-fix.js';
