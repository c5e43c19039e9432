// The doctor's gathering (issue 6): AT queries through the engine (evidence from its trace), the
// host side through the network layer, USB through detection; then the pure rules judge. Every
// layer is optional: a missing one turns its checks into `skip`, never a crash.
import { realpath } from 'node:fs/promises';
import { apnLookup as loadApn } from './apn-db.js';
import type { AtEngineApi, TraceEntry } from '../core/at/engine-api.js';
import { AtError } from '../core/at/errors.js';
import { TransportError } from '../core/at/transport.js';
import type { ApnLookup } from '../core/apn/lookup.js';
import type { DeviceSource, ModemDescription } from '../core/devices/types.js';
import type { CommonOptions, NetworkOps, PolicyName } from '../core/net/types.js';
import { atFactsFrom, DOCTOR_QUERIES, evidenceFrom, type AtAnswer, type AtGathered, type DoctorQuery } from '../core/doctor/at-facts.js';
import type { AtFacts, CarrierFacts, DoctorFacts, HostFacts, UsbFacts } from '../core/doctor/facts.js';
import { hostFactsFrom, usbFactsFrom } from '../core/doctor/from-layers.js';
import { FIX_IDS, type DoctorReport, type Evidence, type Fix } from '../core/doctor/report.js';
import { parseCgpaddrExec } from '../core/at/commands/pdp.js';
import { buildCfunWrite } from '../core/at/commands/power.js';
import { parseRegistration } from '../core/at/commands/registration.js';
import { buildCpinWrite } from '../core/at/commands/sim.js';
import { validateApn, validatePin } from '../core/at/validate.js';
import { describeHolders, isModemManager, MM_REPROBE, MM_STOP_FOR_SESSION, portHolderAdvice } from '../core/doctor/port-advice.js';
import { buildReport } from '../core/doctor/rules.js';
import { removePasswords } from '../core/doctor/redact.js';

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
}

export async function runDoctor(deps: DoctorDeps, options: DoctorOptions = {}, session: DoctorSession = {}): Promise<DoctorReport> {
  return (await diagnose(deps, options, session)).report;
}

/** The report and the facts it was judged from (the fixes need both). */
export async function diagnose(deps: DoctorDeps, options: DoctorOptions = {}, session: DoctorSession = {}): Promise<{ report: DoctorReport; facts: DoctorFacts }> {
  const started = performance.now();
  const facts = await gatherFacts(deps, options, session);
  return { report: buildReport(facts, performance.now() - started), facts };
}

export async function gatherFacts(deps: DoctorDeps, options: DoctorOptions, session: DoctorSession = {}): Promise<DoctorFacts> {
  const platform = options.platform ?? process.platform;
  const modem = await findModem(deps.devices ?? null, options.port);
  const usb: UsbFacts | null = modem.view;
  const port = options.port ?? modem.description?.atPort ?? null;
  const at = port ? await gatherAt(deps, port, options, session.engine) : null;
  const carrier = at ? carrierFacts(deps, at) : null;
  const iface = options.iface ?? modem.description?.netIface ?? null;
  const host = iface ? await gatherHost(deps, iface, options) : null;
  return { platform, usb, at, carrier, host };
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

async function gatherAt(deps: DoctorDeps, port: string, options: DoctorOptions, reuse: AtEngineApi | undefined): Promise<AtFacts> {
  const timeoutMs = options.atTimeoutMs ?? 3000;
  const holders = deps.portHolders ? await deps.portHolders(port).catch(() => null) : null;
  const g: AtGathered = { port, openFailure: null, answered: false, holders, answers: {}, evidence: [] };
  if (!reuse && !deps.openEngine) {
    g.openFailure = { code: 'io', message: 'no serial layer available in this build' };
    return atFactsFrom(g);
  }
  let engine: AtEngineApi;
  try {
    engine = reuse ?? (await deps.openEngine!(port));
  } catch (err) {
    // 'open-failed': the port could not be opened at all (a directory, a plain file, not a tty), unlike
    // an 'io' error after it opened; the doctor says so instead of "opened but did not answer".
    const code = err instanceof TransportError ? (err.code === 'io' ? 'open-failed' : err.code) : 'open-failed';
    g.openFailure = { code, message: (err as Error).message };
    return atFactsFrom(g);
  }
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
    }
  } finally {
    off();
    if (!reuse) await engine.close().catch(() => {});
  }
  // Evidence is for pasting into a forum: APN passwords (AT+CGAUTH?) never appear in it.
  g.evidence = evidenceFrom(trace)
    .filter((e) => e.command !== 'AT+CMEE=2')
    .map((e) => ({ command: removePasswords(e.command), output: removePasswords(e.output) }));
  return atFactsFrom(g);
}

async function query(engine: AtEngineApi, command: string, timeoutMs: number, signal?: AbortSignal): Promise<{ answer: AtAnswer | null; error: AtError | null }> {
  try {
    const r = await engine.send(command, { timeoutMs, allowError: true, ...(signal ? { signal } : {}) });
    return { answer: { lines: r.lines, final: r.final }, error: null };
  } catch (err) {
    return { answer: null, error: err instanceof AtError ? err : new AtError('timeout', (err as Error).message) };
  }
}

function carrierFacts(deps: DoctorDeps, at: AtFacts): CarrierFacts | null {
  if (!deps.apn || !at.imsi) return null;
  try {
    const lookup = deps.apn();
    const roaming = at.registrations.some((r) => r.stat === 5);
    const s = lookup.suggest({ imsi: at.imsi, ...(at.operator ? { operatorName: at.operator } : {}), registeredRoaming: roaming });
    if (s.basis !== 'imsi' || s.candidates.length === 0) return null;
    const providers = [...new Set(s.candidates.map((c) => c.provider))];
    const internet = s.candidates.filter((c) => !c.apn.usage || c.apn.usage === 'internet' || c.apn.usage.includes('internet'));
    const first = internet[0] ?? s.candidates[0]!;
    return {
      name: providers.slice(0, 3).join(' / '),
      apns: [...new Set(s.candidates.map((c) => c.apn.value))],
      suggested: { apn: first.apn.value, label: `${first.provider} preset, carrier ${first.id}` },
    };
  } catch {
    return null;
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

/** The real opener: serialport transport + AT engine, opened. */
export const serialEngineOpener: EngineOpener = async (path) => {
  const { AtEngine } = await import('../core/at/engine.js');
  const { openSerialTransport } = await import('../platform/serial/serialport-transport.js');
  const engine = new AtEngine(openSerialTransport(path));
  await engine.open();
  return engine;
};

// ---------------------------------------------------------------- --fix

export interface FixDeps extends DoctorDeps {
  /** Mode switch for switch-rndis / switch-ecm (service/mode-switch.ts). */
  switchMode?: ((target: 'rndis' | 'ecm', port: string | undefined) => Promise<void>) | null;
  /** Applies an APN to contexts; default: AT+CGDCONT on each context, then a radio cycle (sim7600.md §2). */
  applyApn?: ((engine: AtEngineApi, apn: string, contexts: number[], pdpType: string) => Promise<void>) | null;
  /** Privileged host actions (the helper's verbs udev-rule / usb-serial-new-id). */
  privileged?: ((verb: 'udev-rule' | 'usb-serial-new-id', args: Record<string, string>) => Promise<void>) | null;
}

export interface FixOptions {
  /** Ask before each fix; returns true to apply. Default: apply (the CLI passes a prompt unless --yes). */
  confirm?: (fix: Fix) => Promise<boolean>;
  /** SIM PIN for enter-pin. */
  pin?: string;
  /** APN for apply-apn when the SIM's carrier gives no suggestion. */
  apn?: string;
  /** How long to wait for registration / data after a modem fix; default 20 s. */
  settleMs?: number;
  onEvent?: (e: FixEvent) => void;
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

/** Failing checks' fixes in the order FIX_IDS gives (one of each id). */
export function fixesToApply(report: DoctorReport): Fix[] {
  const byId = new Map<string, Fix>();
  for (const c of report.checks) if (c.status === 'fail' && c.fix && !byId.has(c.fix.id)) byId.set(c.fix.id, c.fix);
  return FIX_IDS.filter((id) => byId.has(id)).map((id) => byId.get(id)!);
}

/**
 * `doctor --fix`: diagnose, apply the first fix of a failing check (FIX_IDS order, asking first),
 * diagnose again, and so on: a fix changes the facts the next one depends on (after a switch to
 * RNDIS the APN also goes to context 6). Each fix id is tried once.
 */
export async function runDoctorFixes(deps: FixDeps, options: DoctorOptions, fixOptions: FixOptions = {}): Promise<FixRun> {
  const first = await diagnose(deps, options);
  let current = first;
  const applied: FixRun['applied'] = [];
  const tried = new Set<string>();
  for (;;) {
    const fix = fixesToApply(current.report).find((f) => !tried.has(f.id));
    if (!fix) break;
    tried.add(fix.id);
    if (fixOptions.confirm && !(await fixOptions.confirm(fix))) {
      fixOptions.onEvent?.({ type: 'fix-skipped', fix, message: 'declined' });
      continue;
    }
    fixOptions.onEvent?.({ type: 'fix-start', fix });
    let outcome: { ok: boolean; message: string };
    try {
      outcome = await applyFix(deps, options, fixOptions, fix, current.facts);
    } catch (err) {
      outcome = { ok: false, message: (err as Error).message };
    }
    applied.push({ fix, ...outcome });
    fixOptions.onEvent?.({ type: 'fix-done', fix, ...outcome });
    // A failed fix leaves the rest of the chain as it was: stop rather than pile changes on top.
    if (!outcome.ok) break;
    current = await diagnose(deps, options);
  }
  // A failed fix may have changed part of the state: look once more.
  const after = applied.length > 0 && !applied.at(-1)!.ok ? await runDoctor(deps, options) : current.report;
  return { before: first.report, applied, after };
}

async function applyFix(deps: FixDeps, options: DoctorOptions, fo: FixOptions, fix: Fix, facts: DoctorFacts): Promise<{ ok: boolean; message: string }> {
  const port = options.port ?? facts.at?.port ?? undefined;
  const iface = options.iface ?? facts.host?.iface ?? undefined;
  switch (fix.id) {
    case 'switch-rndis':
    case 'switch-ecm': {
      if (!deps.switchMode) return { ok: false, message: 'mode switching is not available here' };
      await deps.switchMode(fix.id === 'switch-rndis' ? 'rndis' : 'ecm', port);
      return { ok: true, message: `switched to ${fix.id === 'switch-rndis' ? 'RNDIS' : 'ECM'}` };
    }
    case 'enter-pin': {
      if (!fo.pin) return { ok: false, message: 'give the SIM PIN with --pin (simhat never guesses it: three wrong tries block the SIM)' };
      const pin = validatePin(fo.pin);
      return withEngine(deps, port, async (engine) => {
        await engine.send(buildCpinWrite(pin));
        await settle(engine, fo.settleMs ?? 20_000, false);
        return { ok: true, message: 'PIN accepted' };
      });
    }
    case 'radio-on':
      return withEngine(deps, port, async (engine) => {
        await engine.send(buildCfunWrite(1));
        await settle(engine, fo.settleMs ?? 20_000, false);
        return { ok: true, message: 'radio on' };
      });
    case 'apply-apn': {
      const apn = validateApn(fo.apn ?? facts.carrier?.suggested?.apn ?? '');
      const mode = facts.usb?.mode ?? (facts.at?.usbPid === '9011' ? 'rndis' : facts.at?.usbPid === '9018' ? 'ecm' : null);
      const sim7600 = (facts.usb?.family ?? (/SIM7[56]\d\d/i.test(facts.at?.model ?? '') ? 'simcom-sim7600' : '')) === 'simcom-sim7600';
      const contexts = sim7600 && (mode === 'rndis' || mode === 'ecm') ? [1, 6] : [1];
      const existing = facts.at?.contexts?.find((c) => c.cid === 1)?.type;
      const pdpType = existing && ['IP', 'IPV6', 'IPV4V6'].includes(existing) ? existing : 'IPV4V6';
      return withEngine(deps, port, async (engine) => {
        await (deps.applyApn ?? defaultApplyApn)(engine, apn, contexts, pdpType);
        await settle(engine, fo.settleMs ?? 20_000, true);
        return { ok: true, message: `APN "${apn}" set in context${contexts.length > 1 ? 's' : ''} ${contexts.join(' and ')}` };
      });
    }
    case 'dhcp-up': {
      if (!deps.network || !iface) return { ok: false, message: 'no network layer or interface' };
      const r = await deps.network.up({ iface, policy: options.policy ?? 'failover', ...(options.netRoot !== undefined ? { root: options.netRoot } : {}) });
      return { ok: true, message: `${iface} has ${r.address ?? 'no address'} (metric ${r.metric})` };
    }
    case 'route-policy': {
      if (!deps.network || !iface) return { ok: false, message: 'no network layer or interface' };
      const policy = options.policy ?? 'failover';
      const r = await deps.network.policy({ iface, policy, ...(options.netRoot !== undefined ? { root: options.netRoot } : {}) });
      return { ok: true, message: `${iface} default route metric ${r.metric} (${policy})` };
    }
    case 'udev-rule':
      return installMmRule(deps, port);
    case 'serial-driver': {
      if (!deps.privileged) return { ok: false, message: 'the privileged helper is not available' };
      const vid = facts.usb?.vid ?? '1e0e';
      const pid = facts.usb?.pid ?? '9018';
      await deps.privileged('usb-serial-new-id', { vid, pid });
      return { ok: true, message: `generic serial driver bound to ${vid}:${pid}` };
    }
    case 'free-port':
      return freePort(deps, port, facts);
  }
}

/**
 * free-port: who holds the port NOW (the diagnosis may be older, or could not name the holder). For
 * ModemManager the udev rule through the privileged helper; anyone else is named, never killed
 * (core/doctor/port-advice.ts says what the user can do, and why simhat does no more).
 */
async function freePort(deps: FixDeps, port: string | undefined, facts: DoctorFacts): Promise<{ ok: boolean; message: string }> {
  if (!port) return { ok: false, message: 'no AT port known' };
  const before = facts.at?.holders ?? [];
  const now = deps.portHolders ? await deps.portHolders(port).catch(() => null) : null;
  const holders = now ?? before;
  if (now && now.length === 0 && before.length > 0) return { ok: true, message: `${describeHolders(before)} no longer hold${before.length > 1 ? '' : 's'} ${port}` };
  if (holders.some(isModemManager)) return installMmRule(deps, port);
  if (holders.length === 0) return { ok: false, message: `${port} is locked by a program simhat cannot name. ${portHolderAdvice(port, [])}` };
  return { ok: false, message: `${describeHolders(holders)} hold${holders.length > 1 ? '' : 's'} ${port}. ${portHolderAdvice(port, holders)}` };
}

/**
 * udev-rule: installs the rule that keeps ModemManager off SIMCom/Quectel modems (the privileged
 * helper's `udev-rule` verb, which also reloads udev). ModemManager keeps a modem it already holds until
 * it sees it again, so the result says whether it still holds the port and what to do then.
 */
async function installMmRule(deps: FixDeps, port: string | undefined): Promise<{ ok: boolean; message: string }> {
  if (!deps.privileged) return { ok: false, message: `the privileged helper is not available, so simhat cannot install the udev rule (run \`sudo simhat doctor --fix\`). ${MM_STOP_FOR_SESSION}` };
  try {
    await deps.privileged('udev-rule', { action: 'install' });
  } catch (err) {
    return { ok: false, message: `could not install the udev rule: ${(err as Error).message}. ${MM_STOP_FOR_SESSION}` };
  }
  const installed = 'udev rule installed (ENV{ID_MM_DEVICE_IGNORE}="1" for SIMCom/Quectel modems) and udev reloaded.';
  const after = port && deps.portHolders ? await deps.portHolders(port).catch(() => null) : null;
  if (after === null) return { ok: true, message: `${installed} If ModemManager still holds the port: ${MM_REPROBE}` };
  const mm = after.filter(isModemManager);
  if (mm.length === 0) return { ok: true, message: `${installed} ModemManager no longer holds ${port}.` };
  return { ok: false, message: `${installed} ${describeHolders(mm)} still holds ${port}: ${MM_REPROBE} ${MM_STOP_FOR_SESSION}` };
}

async function withEngine(deps: DoctorDeps, port: string | undefined, fn: (e: AtEngineApi) => Promise<{ ok: boolean; message: string }>): Promise<{ ok: boolean; message: string }> {
  if (!port || !deps.openEngine) return { ok: false, message: 'no AT port' };
  const engine = await deps.openEngine(port);
  try {
    return await fn(engine);
  } finally {
    await engine.close().catch(() => {});
  }
}

/** The APN workflow of issue 5 (write, verify, re-attach, restore on failure) with one target. */
async function defaultApplyApn(engine: AtEngineApi, apn: string, contexts: number[], pdpType: string): Promise<void> {
  const { runApplyApn } = await import('./apn.js');
  const { ModemAt } = await import('../core/at/modem-at.js');
  const ipType = pdpType === 'IP' || pdpType === 'IPV6' ? pdpType : 'IPV4V6';
  const result = await runApplyApn(new ModemAt(engine), { targets: [{ apn, ipType, auth: 'none', label: 'doctor --fix' }], contexts, port: engine.path });
  if (!result.ok) throw new Error(`${result.error?.message ?? 'the APN did not bring data up'}${result.restore?.ok ? ' (the previous contexts were restored)' : ''}`);
}

/** Waits until registered (and, when asked, cid 1 holds an address) or the time is up. */
async function settle(engine: AtEngineApi, ms: number, data: boolean): Promise<void> {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    const reg = await engine.send('AT+CEREG?', { allowError: true }).catch(() => null);
    const stat = reg?.final.kind === 'ok' ? registration(reg.lines) : null;
    if (stat === 1 || stat === 5) {
      if (!data) return;
      const p = await engine.send('AT+CGPADDR', { allowError: true }).catch(() => null);
      if (p?.final.kind === 'ok' && cid1Address(p.lines)) return;
    }
    if (stat === 3) return; // denied: waiting does not help
    await new Promise((r) => setTimeout(r, 100));
  }
}

function cid1Address(lines: readonly string[]): boolean {
  try {
    return parseCgpaddrExec(lines).some((a) => a.cid === 1 && (a.ipv4 || a.ipv6));
  } catch {
    return false;
  }
}

function registration(lines: readonly string[]): number | null {
  try {
    return parseRegistration('cereg', lines).stat;
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------- the real layers

export interface SystemDepsOptions {
  /** Use the USB view (default true). */
  usb?: boolean;
  /** Use the host network layer (default: on Linux). */
  network?: boolean;
}

/** The real layers for the CLI: each loaded on its own, so one missing or failing never stops the doctor. */
export async function systemDeps(options: SystemDepsOptions = {}): Promise<FixDeps> {
  const deps: FixDeps = { openEngine: serialEngineOpener, apn: apnLookupOrNull() };
  if (options.usb !== false) {
    deps.devices = await optional(async () => (await import('../platform/usb/device-source.js')).createDeviceSource({ checkBusy: false }));
    deps.portHolders = await optional(async () => {
      const { findPortHolders } = await import('../platform/usb/port-holders.js');
      return async (path: string) => {
        const holders = await findPortHolders(path);
        // A pseudo-terminal's slave is held by the program that made it (socat for the twin): not a rival.
        const pty = (await realpath(path).catch(() => path)).startsWith('/dev/pts/');
        return holders.filter((h) => !(pty && h.command === 'socat')).map((h) => ({ pid: h.pid, command: h.command }));
      };
    });
  }
  if (options.network ?? process.platform === 'linux') {
    deps.network = await optional(async () => new (await import('../platform/net/network-ops.js')).LinuxNetworkOps());
    deps.privileged = await optional(async () => {
      const { createPrivilegedRunner } = await import('../platform/privileged/client.js');
      const runner = createPrivilegedRunner();
      return async (verb: 'udev-rule' | 'usb-serial-new-id', args: Record<string, string>) => {
        await runner.call(verb, args);
      };
    });
  }
  deps.switchMode = async (target, port) => {
    const { switchMode } = await import('./mode-switch.js');
    await switchMode({ openEngine: serialEngineOpener, devices: deps.devices ?? null }, { target, ...(port ? { port } : {}) });
  };
  return deps;
}

function apnLookupOrNull(): (() => ApnLookup) | null {
  let cached: ApnLookup | null | undefined;
  return () => {
    if (cached === undefined) {
      try {
        // Loaded on first use: the database is only needed once the IMSI is known.
        cached = loadApn();
      } catch {
        cached = null;
      }
    }
    if (!cached) throw new Error('APN database unavailable');
    return cached;
  };
}

async function optional<T>(load: () => Promise<T>): Promise<T | null> {
  try {
    return await load();
  } catch {
    return null;
  }
}
