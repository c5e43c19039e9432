// The service facade (architecture.md): the one object every face calls. It implements the Api contract
// (src-main/api/contract.ts) over the layers — device registry (issue 3), AT engine (issue 2), network
// (issue 4), APN (issue 5), workflows and doctor (issue 6) — and turns their callbacks into one typed
// event stream. Long operations return an operation id at once; progress and the end arrive as events,
// and cancel(opId) aborts them through an AbortSignal.
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type {
  Api,
  ApiError,
  ApiEvent,
  ApnSettings,
  AppInfo,
  AtExchange,
  CarrierPreset,
  LogEntry,
  LogLevel,
  ModemStatus,
  ModemSummary,
  NetworkStatus,
  OperationKind,
  OperationStarted,
  Params,
  Result,
  RouteEntry,
  RoutePolicy,
  Settings,
  SettingsInfo,
  SignalSample,
  StepState,
  UsbMode,
} from '../api/contract.js';
import { ApiCallError, toApiError } from '../api/validate.js';
import type { AtEngineApi } from '../core/at/engine-api.js';
import { AtEngine } from '../core/at/engine.js';
import type { Transport } from '../core/at/transport.js';
import { describeFinal } from '../core/at/final-result.js';
import { validateApn, validatePassword, validateUsername } from '../core/at/validate.js';
import { ModemAt } from '../core/at/modem-at.js';
import { refineIdentity } from '../core/devices/identity.js';
import type { DeviceSource, ModemDescription } from '../core/devices/types.js';
import type { NetStatus, NetworkOps, Route } from '../core/net/types.js';
import type { ApnLookup, Carrier } from '../core/apn/lookup.js';
import { loadSettings, saveSettings } from '../platform/files/settings-store.js';
import { DEFAULT_DNS_NAME, DEFAULT_PING_TARGETS, resolveCheckTargets, type CheckTargets } from '../core/net/check-targets.js';
import { settingsErrors } from '../api/settings-rules.js';
import { DeviceRegistry, type DeviceEvent } from './devices.js';
import { runDoctor } from './doctor.js';
import { MODE_STEP_LABELS, MODE_STEP_ORDER, modeSwitchSteps, revertOptions, type ModeSwitchEvent, type ModeSwitchOptions, type ModeSwitchResult } from './mode-switch.js';
import { applyApn as applyApnSteps, type ApplyEvent, type ApplyResult } from './apn.js';
import { ApplyJournal } from './apn-journal.js';
import { ApnPresetStore } from './apn-presets.js';
import { suggestForModem } from './apn-modem.js';
import { connectSteps, type ConnectEvent, type ConnectResult, type ConnectStage } from './connect.js';
import { buildReportBundle, reportFileName, type ReportDeps } from './report.js';
import type { ApnTarget } from '../core/apn/apply-plan.js';
import type { ApnPreset, AuthChoice } from '../core/apn/preset.js';
import { enterSimPin, pinVendorOf, readSimPin } from './sim-pin.js';
import { browseCarriers } from './carrier-browse.js';

/** What the service runs on: the real platform, or the twin in demo mode (./demo-env.ts). */
export interface ServiceEnv {
  version: string;
  /** process.platform of the host (chooses RNDIS vs ECM, issue 6). */
  platform: string;
  /** Demo scenario name, null on real hardware. */
  demo: string | null;
  devices: DeviceSource;
  /** A transport to an AT port path (real: serialport; demo: the twin's in-process stream). */
  openTransport(path: string): Transport;
  network: NetworkOps;
  apn: () => ApnLookup;
  /** Folder of settings.json; null keeps settings in memory (demo, tests). */
  configDir: string | null;
  /** Environment the check targets fall back to (SIMHAT_PING_TARGETS, SIMHAT_DNS_NAME); default process.env. */
  targetEnv?: Record<string, string | undefined>;
  /** Whether a network interface exists (mode switch waits for it); default: the workflow's own check. */
  ifaceExists?: (name: string) => Promise<boolean>;
  /**
   * Fixes that change the host (free-port, serial-driver, udev-rule: the privileged helper's work on a
   * real system); a fix id missing here is answered with how to apply it by hand.
   */
  hostFixes?: Partial<Record<string, () => Promise<unknown>>>;
  /** Host listings for the report bundle (ip route, lsusb...); default: run the real programs. */
  hostListing?: ReportDeps['listing'];
  /** Processes holding a port (doctor's port.conflict). */
  portHolders?: (path: string) => Promise<{ pid: number; command: string }[]>;
  /** Extra teardown (demo: stop the twin). */
  dispose?: () => Promise<void>;
}

export type Service = Api & {
  close(): Promise<void>;
  /** The live modem descriptions (for workflows that need the full detection view). */
  description(modemId: string): ModemDescription | undefined;
  /** The open AT session to a modem (opened on first use). */
  engine(modemId: string): Promise<AtEngineApi>;
};

export const DEFAULT_SETTINGS: Settings = { policy: 'failover', pingTargets: [...DEFAULT_PING_TARGETS], dnsName: DEFAULT_DNS_NAME, theme: 'system' };

const LOG_LIMIT = 1000;
const SIGNAL_LIMIT = 720;

/** Maps the detection layer's composition to the contract's mode names. */
export function usbModeOf(desc: ModemDescription): UsbMode {
  switch (desc.mode) {
    case 'rndis':
    case 'ecm':
    case 'qmi':
    case 'mbim':
      return desc.mode;
    case 'serial':
      return 'ppp-only';
    default:
      return 'unknown';
  }
}

/**
 * The modem's id in the Api: its USB port path, which survives a mode switch (the detection layer's own
 * id carries the PID, which changes with the composition; sim7600.md §1: serials are all alike).
 */
export function modemIdOf(desc: ModemDescription): string {
  return `usb:${desc.portPath}`;
}

export function summaryOf(desc: ModemDescription, extra: { revision?: string; simulated?: boolean } = {}): ModemSummary {
  const drivers = [...new Set(desc.interfaces.map((i) => i.driver).filter((d): d is string => !!d))];
  const holder = desc.busy?.holders[0];
  let state: ModemSummary['state'] = 'ready';
  let fix: ModemSummary['fix'] = null;
  if (!desc.keepsAtPort) state = 'no-at-port';
  else if (desc.busy) {
    state = 'port-busy';
    fix = { id: 'free-port', label: 'Free the port' };
  } else if (!desc.atPort) {
    state = 'no-driver';
    fix = { id: 'serial-driver', label: 'Bind the serial driver' };
  }
  const s: ModemSummary = {
    id: modemIdOf(desc),
    vid: desc.vid,
    pid: desc.pid,
    model: desc.model ?? desc.product ?? `${desc.vid}:${desc.pid}`,
    mode: usbModeOf(desc),
    drivers,
    state,
    fix,
  };
  if (desc.manufacturer) s.manufacturer = desc.manufacturer;
  if (desc.imei) s.imei = desc.imei;
  if (desc.atPort) s.atPort = desc.atPort;
  if (desc.netIface) s.iface = desc.netIface;
  if (holder) s.heldBy = holder.command;
  if (extra.revision) s.revision = extra.revision;
  if (extra.simulated) s.simulated = true;
  return s;
}

function routeEntry(r: Route): RouteEntry {
  const e: RouteEntry = { destination: r.dst, iface: r.dev, metric: r.metric };
  if (r.gateway) e.gateway = r.gateway;
  return e;
}

export function networkStatusOf(s: NetStatus): NetworkStatus {
  const addr = s.addresses[0];
  return {
    iface: s.exists ? s.iface : null,
    up: !!s.link?.up && !!s.link.carrier,
    lease: addr
      ? { address: addr.address, prefix: addr.prefixlen, dns: s.dns, ...(s.ifaceDefault?.gateway ? { gateway: s.ifaceDefault.gateway } : {}) }
      : null,
    policy: s.role === 'primary' ? 'primary' : s.role === 'backup' ? 'failover' : null,
    routes: s.defaultRoutes.map(routeEntry),
  };
}

export function presetOf(c: Carrier): CarrierPreset {
  return {
    id: c.id,
    country: c.countryCode,
    provider: c.provider,
    name: c.apn.name ?? c.apn.value,
    source: 'db',
    settings: {
      apn: c.apn.value,
      ipType: c.apn.ipType,
      username: c.apn.username ?? '',
      password: c.apn.password ?? '',
      auth: c.apn.auth ?? 'none',
    },
  };
}

/** Contract auth names <-> the APN layer's (SIMCom type 3 "PAP or CHAP" is 'auto' there). */
const toAuthChoice = (a: ApnSettings['auth']): AuthChoice => (a === 'either' ? 'auto' : a);
const fromAuthChoice = (a: AuthChoice): ApnSettings['auth'] => (a === 'auto' ? 'either' : a);

/** User presets are named by the user; their Api id is `user:<name, percent-encoded>`. */
export const userPresetId = (name: string): string => `user:${encodeURIComponent(name)}`;

export function userPresetOf(p: ApnPreset): CarrierPreset {
  return {
    id: userPresetId(p.name),
    country: '',
    provider: 'Saved preset',
    name: p.name,
    source: 'user',
    settings: { apn: p.apn, ipType: p.ipType, username: p.username ?? '', password: p.password ?? '', auth: fromAuthChoice(p.auth) },
  };
}

/** 0..4 bars (same thresholds as the renderer's format.ts). */
function bars(dBm: number | null): number {
  if (dBm === null) return 0;
  return dBm >= -65 ? 4 : dBm >= -75 ? 3 : dBm >= -85 ? 2 : dBm >= -95 ? 1 : 0;
}

interface OpContext {
  opId: string;
  signal: AbortSignal;
  step(step: string, label: string, state: StepState, detail?: string): void;
}

interface Session {
  engine: AtEngineApi;
  offs: (() => void)[];
}

/** The mode switch's steps in order, with their labels (issue 6): one table, shared with the CLI. */
const SWITCH_STEPS = MODE_STEP_ORDER.map((step) => ({ step, label: MODE_STEP_LABELS[step] }));

function switchDetail(e: ModeSwitchEvent): string | undefined {
  switch (e.step) {
    case 'checked':
      return `${e.currentId ?? e.current ?? 'unknown'} → ${e.target.toUpperCase()}: ${e.reason}`;
    case 'command-sent':
      return e.commands.join('; ');
    case 'left-bus':
      return `after ${e.afterMs} ms`;
    case 'back':
      return `${e.usbId ?? ''} ${e.port}`.trim();
    case 'at-answering':
      return e.port;
    case 'sim-ready':
      return e.sim ?? undefined;
    case 'iface-present':
      return e.iface ? `${e.iface}: ${e.note}` : e.note;
    case 'done':
      return e.alreadyInTarget ? 'already in this mode: nothing sent' : `${e.afterMs} ms`;
  }
}

const REG: Record<string, ModemStatus['registration']> = {
  'not-searching': 'not-searching',
  home: 'home',
  searching: 'searching',
  denied: 'denied',
  roaming: 'roaming',
  'sms-only-home': 'home',
  'sms-only-roaming': 'roaming',
};

const RAT: Record<number, string> = { 0: 'GSM', 2: 'UTRAN', 3: 'EDGE', 4: 'HSDPA', 5: 'HSUPA', 6: 'HSPA', 7: 'LTE' };

export function createService(env: ServiceEnv): Service {
  const listeners = new Set<(e: ApiEvent) => void>();
  const logs: LogEntry[] = [];
  const ops = new Map<string, { kind: OperationKind; controller: AbortController }>();
  const sessions = new Map<string, Promise<Session>>();
  /** Modems whose port a workflow holds (mode switch): no console/status session meanwhile. */
  const exclusive = new Map<string, string>();
  const signalHistory = new Map<string, SignalSample[]>();
  const revisions = new Map<string, string>();
  const lastSwitch = new Map<string, ModeSwitchResult>();
  let modems: ModemSummary[] = [];
  /** What the user chose (settings.json holds only these keys): unset check targets fall back to env/defaults. */
  let stored: Partial<Settings> = {};
  /** Effective policy and theme (the check targets are resolved per call by checkTargets()). */
  let settings: Settings = { ...DEFAULT_SETTINGS };
  let closed = false;

  const emit = (e: ApiEvent) => {
    for (const l of listeners) {
      try {
        l(e);
      } catch {
        // a failing face must not break the others
      }
    }
  };

  const log = (level: LogLevel, source: string, message: string) => {
    const entry: LogEntry = { at: Date.now(), level, source, message };
    logs.push(entry);
    if (logs.length > LOG_LIMIT) logs.splice(0, logs.length - LOG_LIMIT);
    emit({ type: 'log', entry });
  };

  // ---------- settings ----------
  // settings.json in the config folder (platform/files/settings-store.ts; the CLI reads the same file).
  const settingsLoaded = env.configDir ? loadSettings(env.configDir).then(setStored) : Promise.resolve();

  function setStored(next: Partial<Settings>): void {
    stored = next;
    settings = { ...DEFAULT_SETTINGS, policy: stored.policy ?? DEFAULT_SETTINGS.policy, theme: stored.theme ?? DEFAULT_SETTINGS.theme };
  }

  /** The connectivity check's targets: the request's own > settings > env > defaults (core/net/check-targets.ts decides). */
  function checkTargets(req: { pingTargets?: string[] | undefined; dnsName?: string | undefined } = {}): CheckTargets {
    const errors = settingsErrors({ ...(req.pingTargets ? { pingTargets: req.pingTargets } : {}), ...(req.dnsName ? { dnsName: req.dnsName } : {}) });
    if (errors[0]) throw new ApiCallError({ code: 'invalid-argument', message: errors[0].message, field: errors[0].field });
    try {
      return resolveCheckTargets({ request: req, settings: stored, env: env.targetEnv ?? process.env });
    } catch (err) {
      throw new ApiCallError({ code: 'invalid-argument', message: (err as Error).message, hint: 'Fix SIMHAT_PING_TARGETS / SIMHAT_DNS_NAME, or set the targets on the Settings screen.' });
    }
  }

  function settingsInfo(): SettingsInfo {
    let targets: CheckTargets;
    try {
      targets = checkTargets();
    } catch {
      // A bad environment value must not hide the screen that can override it.
      targets = resolveCheckTargets({ settings: stored });
    }
    const { sources, ...values } = targets;
    // No request here, so every source is settings, env or default.
    return { ...settings, ...values, sources: sources as SettingsInfo['sources'] };
  }

  // ---------- modems (device registry, issue 3) ----------
  const registry = new DeviceRegistry(env.devices, {
    // Confirms model and IMEI on the AT port (and keeps the firmware revision for the Modem screen).
    identify: async (desc) => {
      const id = modemIdOf(desc);
      const m = new ModemAt(await engine(id));
      const model = await m.model().catch(() => undefined);
      const imei = await m.imei().catch(() => undefined);
      const revision = await m.revision().catch(() => undefined);
      if (revision) revisions.set(id, revision);
      return refineIdentity(desc, { ...(model ? { model } : {}), ...(imei ? { imei } : {}) });
    },
  });
  const descriptions = () => registry.list();
  const publish = (change: 'added' | 'removed' | 'changed' | 'reappeared' | 'initial', modemId?: string) => {
    modems = descriptions().map((d) => {
      const id = modemIdOf(d);
      const s = summaryOf(d, { ...(revisions.has(id) ? { revision: revisions.get(id)! } : {}), simulated: env.demo !== null });
      if (exclusive.get(id) === 'switching mode') s.state = 'switching';
      return s;
    });
    emit({ type: 'modems', modems, change, ...(modemId ? { modemId } : {}) });
  };
  const offRegistry = registry.on((e: DeviceEvent) => {
    const id = modemIdOf(e.modem);
    const change = e.type === 'modem-added' ? 'added' : e.type === 'modem-removed' ? 'removed' : e.type === 'modem-reappeared' ? 'reappeared' : 'changed';
    log('info', 'devices', `${e.type} ${id} (${e.modem.vid}:${e.modem.pid} ${e.modem.modeName})`);
    if (e.type === 'modem-removed' || e.type === 'modem-reappeared' || (e.type === 'modem-changed' && e.previous.atPort !== e.modem.atPort)) void dropSession(id);
    publish(change, id);
  });
  registry.start();
  void registry.ready.then(() => publish('initial'));

  const describe = (modemId: string): ModemDescription => {
    const d = descriptions().find((m) => modemIdOf(m) === modemId);
    if (!d) throw new ApiCallError({ code: 'no-modem', message: `No modem ${modemId}`, hint: 'Plug the modem in, or pick another one on the Modem screen.' });
    return d;
  };
  const describeOrFirst = (modemId?: string): ModemDescription | undefined => (modemId ? describe(modemId) : descriptions()[0]);

  // ---------- AT sessions ----------
  async function openEngineOn(path: string): Promise<AtEngineApi> {
    const e = new AtEngine(env.openTransport(path));
    await e.open();
    return e;
  }

  async function openSession(modemId: string): Promise<Session> {
    const d = describe(modemId);
    if (!d.atPort) {
      throw new ApiCallError({ code: 'no-at-port', message: 'This modem has no AT port right now', hint: d.busy ? d.busy.fix : 'Switch to a mode with an AT port, or bind the serial driver.' });
    }
    // Two programs on one AT port interleave their commands and answers (sim7600.md §3: ModemManager).
    if (d.busy) throw new ApiCallError({ code: 'port-busy', message: d.busy.fix.split('\n')[0] ?? 'The AT port is held by another program', hint: d.busy.fix });
    const e = await openEngineOn(d.atPort);
    const offs = [
      e.onUrc((u) => emit({ type: 'urc', modemId, line: u.line, at: u.at })),
      e.onClose(() => {
        sessions.delete(modemId);
        log('info', 'at', `AT port of ${modemId} closed`);
      }),
    ];
    log('info', 'at', `opened ${d.atPort}`);
    return { engine: e, offs };
  }

  function session(modemId: string): Promise<Session> {
    const holder = exclusive.get(modemId);
    if (holder) return Promise.reject(new ApiCallError({ code: 'busy', message: `The modem is busy: ${holder}`, hint: 'Wait for it to finish (see its progress).' }));
    let s = sessions.get(modemId);
    if (!s) {
      s = openSession(modemId);
      sessions.set(modemId, s);
      s.catch(() => sessions.delete(modemId));
    }
    return s;
  }

  async function dropSession(modemId: string): Promise<void> {
    const s = sessions.get(modemId);
    sessions.delete(modemId);
    if (!s) return;
    try {
      const { engine: e, offs } = await s;
      for (const off of offs) off();
      await e.close();
    } catch {
      // it never opened
    }
  }

  const engine = async (modemId: string) => (await session(modemId)).engine;

  // ---------- operations ----------
  function startOp(kind: OperationKind, run: (ctx: OpContext) => Promise<unknown>): OperationStarted {
    const opId = `op-${randomUUID()}`;
    const controller = new AbortController();
    ops.set(opId, { kind, controller });
    const ctx: OpContext = {
      opId,
      signal: controller.signal,
      step: (step, label, state, detail) => emit({ type: 'progress', opId, kind, step, label, state, at: Date.now(), ...(detail ? { detail } : {}) }),
    };
    log('info', 'ops', `${kind} ${opId} started`);
    // Started on the next tick so the caller holds the id before the first event.
    setImmediate(() => {
      void (async () => {
        try {
          const result = await run(ctx);
          emit({ type: 'operation-end', opId, kind, ok: true, result });
          log('info', 'ops', `${kind} ${opId} done`);
        } catch (err) {
          const error: ApiError = controller.signal.aborted ? { code: 'cancelled', message: 'Cancelled' } : toApiError(err);
          emit({ type: 'operation-end', opId, kind, ok: false, error });
          log('warn', 'ops', `${kind} ${opId} failed: ${error.message}`);
        } finally {
          ops.delete(opId);
        }
      })();
    });
    return { opId, kind };
  }

  /** Runs `fn` with the modem's port handed over to a workflow that opens it itself. */
  async function withPort<T>(modemId: string, why: string, fn: () => Promise<T>): Promise<T> {
    if (exclusive.has(modemId)) throw new ApiCallError({ code: 'busy', message: `The modem is busy: ${exclusive.get(modemId)}` });
    exclusive.set(modemId, why);
    await dropSession(modemId);
    publish('changed', modemId);
    try {
      return await fn();
    } finally {
      exclusive.delete(modemId);
      publish('changed', modemId);
    }
  }

  // ---------- mode switch (issue 6) ----------
  async function runSwitch(ctx: OpContext, modemId: string, options: ModeSwitchOptions): Promise<ModeSwitchResult> {
    const d = describe(modemId);
    const from = usbModeOf(d);
    return withPort(modemId, 'switching mode', async () => {
      const it = modeSwitchSteps(
        { openEngine: openEngineOn, devices: env.devices, ...(env.ifaceExists ? { ifaceExists: env.ifaceExists } : {}) },
        // With one modem the workflow re-finds it by USB port path + VID through the device source (a
        // tty name may change across the reset); with several, name its port so the right one switches.
        { platform: env.platform, signal: ctx.signal, ...(d.atPort && descriptions().length > 1 ? { port: d.atPort } : {}), ...options },
      );
      let index = 0;
      ctx.step(SWITCH_STEPS[0]!.step, SWITCH_STEPS[0]!.label, 'running');
      for (;;) {
        const n = await it.next();
        if (n.done) {
          lastSwitch.set(modemId, n.value);
          log('info', 'mode', `${modemId}: ${from} → ${n.value.target}`);
          return n.value;
        }
        const e = n.value;
        const at = SWITCH_STEPS.findIndex((s) => s.step === e.step);
        // Steps the workflow skipped (already in the target mode) are shown as skipped.
        for (let k = index; k < at; k++) ctx.step(SWITCH_STEPS[k]!.step, SWITCH_STEPS[k]!.label, 'skipped');
        ctx.step(e.step, SWITCH_STEPS[at]!.label, 'done', switchDetail(e));
        index = at + 1;
        const next = SWITCH_STEPS[index];
        if (next) ctx.step(next.step, next.label, 'running');
      }
    });
  }

  // ---------- status ----------
  async function getStatus(modemId: string): Promise<ModemStatus> {
    const d = describe(modemId);
    const m = new ModemAt(await engine(modemId));
    const soft = <T>(p: Promise<T>): Promise<T | undefined> => p.catch(() => undefined);
    const pin = await soft(m.pinStatus());
    const sig = await soft(m.signal());
    const reg = (await soft(m.registration('cereg'))) ?? (await soft(m.registration('cgreg')));
    const op = await soft(m.operator());
    const contexts = (await soft(m.contexts())) ?? [];
    const addrs = (await soft(m.pdpAddresses())) ?? [];
    const imsi = await soft(m.imsi());
    const iccid = await soft(m.iccid());
    const imei = d.imei ?? (await soft(m.imei()));
    const dBm = sig?.dbm ?? null;
    const sample: SignalSample = { at: Date.now(), dBm };
    const hist = signalHistory.get(modemId) ?? [];
    hist.push(sample);
    if (hist.length > SIGNAL_LIMIT) hist.splice(0, hist.length - SIGNAL_LIMIT);
    signalHistory.set(modemId, hist);
    emit({ type: 'signal', modemId, sample });
    const pdp = addrs.find((a) => a.cid === 1)?.ipv4 ?? addrs.find((a) => a.ipv4)?.ipv4 ?? null;
    const act = reg?.act ?? op?.act;
    const status: ModemStatus = {
      modemId,
      ...(d.model ? { model: d.model } : {}),
      ...(revisions.get(modemId) ? { revision: revisions.get(modemId)! } : {}),
      ...(imei ? { imei } : {}),
      ...(imsi ? { imsi } : {}),
      ...(iccid ? { iccid } : {}),
      sim: pin === 'READY' ? 'ready' : pin === 'SIM PIN' ? 'pin' : pin === 'SIM PUK' ? 'puk' : pin === undefined ? 'absent' : 'unknown',
      registration: reg ? (REG[reg.state] ?? 'unknown') : 'unknown',
      ...(op?.name ? { operator: op.name } : {}),
      ...(act !== undefined ? { rat: RAT[act] ?? `AcT ${act}` } : {}),
      signalDbm: dBm,
      signalBars: bars(dBm),
      mode: usbModeOf(d),
      contexts: contexts.map((c) => ({ cid: c.cid, type: c.pdpType, apn: c.apn })),
      pdpAddress: pdp,
      iface: d.netIface,
      at: Date.now(),
    };
    emit({ type: 'status', status });
    return status;
  }

  // ---------- doctor (issue 6) ----------
  async function doctor(modemId: string | undefined, signal?: AbortSignal, req: { pingTargets?: string[]; dnsName?: string } = {}) {
    await settingsLoaded;
    const targets = checkTargets(req);
    const d = describeOrFirst(modemId);
    const id = d ? modemIdOf(d) : undefined;
    const shared = id && d?.atPort && !exclusive.has(id) ? await engine(id).catch(() => undefined) : undefined;
    return runDoctor(
      {
        devices: env.devices,
        openEngine: openEngineOn,
        network: env.network,
        apn: env.apn,
        ...(env.portHolders ? { portHolders: env.portHolders } : {}),
      },
      {
        ...(d?.atPort ? { port: d.atPort } : {}),
        ...(d?.netIface ? { iface: d.netIface } : {}),
        pingTargets: targets.pingTargets,
        dnsName: targets.dnsName,
        policy: settings.policy,
        platform: env.platform,
        ...(signal ? { signal } : {}),
      },
      shared ? { engine: shared } : {},
    );
  }

  // ---------- APN (issue 5) ----------
  const presets = new ApnPresetStore(env.configDir ? { dir: env.configDir } : {});

  /** What an Api call asks to apply: a database carrier, a saved preset, or settings typed by hand. */
  async function targetOf(presetId: string | undefined, given: ApnSettings | undefined): Promise<ApnTarget> {
    let settings = given;
    let label = 'custom APN';
    if (presetId?.startsWith('user:')) {
      const name = decodeURIComponent(presetId.slice(5));
      const p = await presets.get(name).catch(() => undefined);
      if (!p) throw new ApiCallError({ code: 'not-found', message: `No saved preset "${name}"`, field: 'presetId' });
      settings = userPresetOf(p).settings;
      label = p.name;
    } else if (presetId) {
      const c = env.apn().carrier(presetId);
      if (!c) throw new ApiCallError({ code: 'not-found', message: `No carrier ${presetId} in the APN database`, field: 'presetId' });
      settings = presetOf(c).settings;
      label = c.id;
    }
    if (!settings) throw new ApiCallError({ code: 'invalid-argument', message: 'Choose a carrier or enter an APN', field: 'settings' });
    return {
      apn: settings.apn,
      ipType: settings.ipType,
      auth: toAuthChoice(settings.auth),
      ...(settings.username ? { username: settings.username } : {}),
      ...(settings.password ? { password: settings.password } : {}),
      label,
    };
  }

  function applyStep(ctx: OpContext, ev: ApplyEvent): void {
    switch (ev.type) {
      case 'validated':
        return ctx.step('validate', 'Checked the settings', 'done');
      case 'device':
        return ctx.step('identify', 'Found the contexts to write', 'done', `contexts ${ev.contexts.join(', ')} (${ev.contextsSource})`);
      case 'journal-found':
        return ctx.step('journal', 'Found an interrupted apply', 'done', ev.message);
      case 'saved':
        return ctx.step('save', 'Saved the current contexts (to restore on failure)', 'done');
      case 'candidate':
        return ctx.step('candidate', `Applying ${ev.apn || '(empty APN)'}`, 'running', ev.label);
      case 'context-written':
        return ctx.step(`write-${ev.cid}`, `Wrote context ${ev.cid}`, 'done', `${ev.apn} ${ev.ipType}`);
      case 'auth-written':
        return ctx.step(`auth-${ev.cid}`, `Wrote authentication of context ${ev.cid}`, 'done');
      case 'verified':
        return ctx.step('verify', 'Read back and verified', 'done', `contexts ${ev.cids.join(', ')}`);
      case 'reattach':
        return ctx.step(ev.phase, ev.message, 'done');
      case 'candidate-failed':
        return ctx.step('candidate', `Applying ${ev.apn || '(empty APN)'}`, 'failed', ev.error.message);
      case 'restoring':
        return ctx.step('restore', 'Restoring the previous contexts', 'running', ev.reason);
      case 'restored':
        return ctx.step('restore', 'Restoring the previous contexts', ev.report.ok ? 'done' : 'failed', ev.report.exact ? 'restored exactly' : ev.report.mismatches.join('; ') || ev.report.reason);
      case 'finished':
        if (ev.result.ok) ctx.step('candidate', `Applying ${ev.result.apn ?? ''}`, 'done', ev.result.addresses.map((a) => a.ipv4 ?? a.ipv6).filter(Boolean).join(', '));
        return;
    }
  }

  async function runApply(ctx: OpContext, modemId: string, target: ApnTarget) {
    const d = describe(modemId);
    const m = new ModemAt(await engine(modemId));
    const it = applyApnSteps(m, {
      targets: [target],
      signal: ctx.signal,
      ...(d.atPort ? { port: d.atPort } : {}),
      ...(env.configDir ? { journal: new ApplyJournal({ dir: env.configDir }) } : {}),
    });
    let result: ApplyResult | undefined;
    for (;;) {
      const n = await it.next();
      if (n.done) {
        result = n.value;
        break;
      }
      applyStep(ctx, n.value);
    }
    if (!result.ok) {
      const e = result.error;
      throw new ApiCallError({
        code: e?.code ?? 'apply-failed',
        message: e?.message ?? 'The APN did not bring data up',
        ...(e?.hint ? { hint: e.hint } : {}),
        ...(result.restore?.attempted ? { hint: `${e?.hint ? e.hint + ' ' : ''}The previous settings were ${result.restore.ok ? 'restored' : 'NOT fully restored'}.` } : {}),
      });
    }
    const contexts = (await m.contexts().catch(() => [])).map((c) => ({ cid: c.cid, type: c.pdpType, apn: c.apn }));
    const pdp = result.addresses.find((a) => a.ipv4)?.ipv4 ?? null;
    log('info', 'apn', `${modemId}: applied ${result.apn} to contexts ${result.contexts.join(', ')}`);
    return {
      cids: result.contexts,
      verified: true,
      contexts,
      pdpAddress: pdp,
      // One sentence the APN screen shows after "Verified:" (it adds nothing of its own).
      detail: `APN ${result.apn ?? ''} written to context${result.contexts.length > 1 ? 's' : ''} ${result.contexts.join(' and ')} and read back; ${pdp ? `the modem got the data address ${pdp}` : 'the modem got a data address'}.`,
    };
  }

  // ---------- fixes (the doctor's fix ids, issue 6) ----------
  async function runFix(ctx: OpContext, modemId: string | undefined, fixId: string): Promise<unknown> {
    const d = describeOrFirst(modemId);
    if (!d) throw new ApiCallError({ code: 'no-modem', message: 'No modem to fix', hint: 'Plug the modem in.' });
    const id = modemIdOf(d);
    switch (fixId) {
      case 'switch-rndis':
      case 'switch-ecm':
        return runSwitch(ctx, id, { target: fixId === 'switch-rndis' ? 'rndis' : 'ecm' });
      case 'apply-apn': {
        ctx.step('suggest', 'Reading the SIM to pick its carrier', 'running');
        const { suggestion } = await suggestForModem(new ModemAt(await engine(id)), env.apn(), { signal: ctx.signal });
        const first = suggestion.candidates[0];
        if (!first) throw new ApiCallError({ code: 'no-suggestion', message: 'No carrier matches this SIM', hint: 'Choose your carrier on the Carrier & APN screen.' });
        ctx.step('suggest', 'Reading the SIM to pick its carrier', 'done', `${first.provider}: ${first.apn.value}`);
        return runApply(ctx, id, await targetOf(first.id, undefined));
      }
      case 'radio-on': {
        await new ModemAt(await engine(id)).setFunctionality(1);
        ctx.step('radio-on', 'Radio switched on (AT+CFUN=1)', 'done');
        return { ok: true };
      }
      case 'route-policy': {
        const iface = needIface(d);
        await settingsLoaded;
        const r = await env.network.policy({ iface, policy: settings.policy, onProgress: (p) => ctx.step(p.step, p.message, 'done', p.command?.join(' ')) });
        return { before: r.routesBefore.map(routeEntry), after: r.routesAfter.map(routeEntry), policy: r.policy };
      }
      case 'dhcp-up': {
        const iface = needIface(d);
        await settingsLoaded;
        await env.network.up({ iface, policy: settings.policy, signal: ctx.signal, onProgress: (p) => ctx.step(p.step, p.message, 'done', p.command?.join(' ')) });
        return networkStatusOf(await env.network.status({ iface }));
      }
      case 'enter-pin':
        throw new ApiCallError({ code: 'needs-input', message: 'The SIM needs its PIN', hint: 'Send AT+CPIN=<your PIN> in the AT console (3 wrong tries lock the SIM: check the PIN first).' });
      default: {
        const host = env.hostFixes?.[fixId];
        if (host) {
          ctx.step(fixId, `Applying ${fixId}`, 'running');
          const r = await host();
          ctx.step(fixId, `Applying ${fixId}`, 'done');
          return r ?? { ok: true };
        }
        throw new ApiCallError({ code: 'needs-privileges', message: `The fix "${fixId}" changes the host system`, hint: `Run \`sudo simhat doctor --fix\` on the machine with the modem.` });
      }
    }
  }

  // ---------- connect (issue 6) ----------
  const APPLY_TEXT: Partial<Record<ApplyEvent['type'], string>> = {
    validated: 'Checked the settings',
    device: 'Found the contexts to write',
    saved: 'Saved the current contexts',
    candidate: 'Writing the APN',
    'context-written': 'Wrote a context',
    'auth-written': 'Wrote the authentication',
    verified: 'Read back and verified',
    restoring: 'Restoring the previous contexts',
    restored: 'Restored the previous contexts',
    finished: 'APN applied',
  };
  const STAGE_LABEL: Record<ConnectStage, string> = { mode: 'USB mode', apn: 'APN in the modem', network: 'Network interface up', check: 'Connectivity check' };

  function connectStep(ctx: OpContext, e: ConnectEvent): void {
    switch (e.type) {
      case 'stage':
        return ctx.step(e.stage, STAGE_LABEL[e.stage], e.state, e.detail);
      case 'mode': {
        const label = SWITCH_STEPS.find((x) => x.step === e.event.step)?.label ?? e.event.step;
        // A real switch shows its own steps (as the Mode screen does); checked/done only update the stage.
        if (e.event.step !== 'checked' && e.event.step !== 'done') return ctx.step(e.event.step, label, 'done', switchDetail(e.event));
        return ctx.step('mode', STAGE_LABEL.mode, 'running', label);
      }
      case 'apn':
        return ctx.step('apn', STAGE_LABEL.apn, 'running', e.event.type === 'reattach' ? e.event.message : (APPLY_TEXT[e.event.type] ?? e.event.type));
      case 'network':
        return ctx.step('network', STAGE_LABEL.network, 'running', e.message);
    }
  }

  async function runConnect(
    ctx: OpContext,
    modemId: string,
    presetId: string | undefined,
    policy: RoutePolicy | undefined,
    targets: { pingTargets: string[]; dnsName: string },
  ): Promise<ConnectResult> {
    const chosen = presetId ? await targetOf(presetId, undefined) : undefined;
    const d = describe(modemId);
    return withPort(modemId, 'connecting', async () => {
      // connect's own mode stage switches when needed (per OS target), waiting for the interface
      // through this environment's check; the interface name comes from the mode stage (it may change).
      const it = connectSteps(
        {
          openEngine: openEngineOn,
          devices: env.devices,
          network: env.network,
          apn: env.apn,
          ...(env.portHolders ? { portHolders: env.portHolders } : {}),
          ...(env.ifaceExists ? { ifaceExists: env.ifaceExists } : {}),
        },
        {
          ...(chosen
            ? { apn: chosen.apn, ipType: chosen.ipType, auth: chosen.auth, ...(chosen.username ? { username: chosen.username } : {}), ...(chosen.password ? { password: chosen.password } : {}) }
            : {}),
          // As runSwitch: with several modems, name this one's port.
          ...(d.atPort && descriptions().length > 1 ? { port: d.atPort } : {}),
          policy: policy ?? settings.policy,
          pingTargets: targets.pingTargets,
          dnsName: targets.dnsName,
          platform: env.platform,
          signal: ctx.signal,
        },
      );
      for (;;) {
        const n = await it.next();
        if (n.done) {
          const r = n.value;
          // A switch made by connect is revertible like one from the Mode screen.
          if (r.mode && r.mode.previous !== r.mode.target) lastSwitch.set(modemId, r.mode);
          if (!r.ok) {
            const f = r.failure;
            const why = f?.verdict ? `${f.verdict.summary}${f.verdict.fix ? ` Fix: ${f.verdict.fix.label}.` : ''}` : (f?.hint ?? undefined);
            throw new ApiCallError({ code: 'connect-failed', message: f?.message ?? 'Connect failed', ...(why ? { hint: why } : {}) });
          }
          log('info', 'connect', `${modemId}: connected (${r.iface} ${r.address ?? ''})`);
          void impl.networkStatus({ modemId }).catch(() => {});
          return r;
        }
        connectStep(ctx, n.value);
      }
    });
  }

  const needIface = (d: ModemDescription): string => {
    if (!d.netIface) throw new ApiCallError({ code: 'no-interface', message: 'This mode has no network interface', hint: 'Switch to RNDIS first (Mode screen).' });
    return d.netIface;
  };

  // ---------- the Api ----------
  const impl: { [M in keyof Omit<Api, 'onEvent'>]: (p: Params<M>) => Promise<Result<M>> } = {
    async appInfo(): Promise<AppInfo> {
      return { version: env.version, platform: env.platform, demo: env.demo };
    },

    async listModems() {
      await registry.ready;
      return modems;
    },

    getStatus: async ({ modemId }) => getStatus(modemId),

    async signalHistory({ modemId }) {
      describe(modemId);
      return signalHistory.get(modemId) ?? [];
    },

    async getMode({ modemId }) {
      const d = describe(modemId);
      const recommended: UsbMode = env.platform === 'darwin' ? 'ecm' : 'rndis';
      const last = lastSwitch.get(modemId);
      const prev = last?.previous;
      return {
        modemId,
        current: usbModeOf(d),
        pid: d.pid,
        recommended,
        reason:
          recommended === 'ecm'
            ? 'macOS has no working RNDIS driver (HoRNDIS fails on Apple Silicon): ECM uses the built-in CDC Ethernet driver.'
            : 'Linux and Windows bind RNDIS out of the box: a network interface appears and the modem serves DHCP on it, no dialer needed.',
        offered: d.keepsAtPort ? ['rndis', 'ecm', 'qmi'] : [],
        previous: prev && prev !== 'other' && last.previous !== last.target ? prev : null,
      };
    },

    async switchMode({ modemId, target }) {
      describe(modemId);
      if (target && target !== 'rndis' && target !== 'ecm' && target !== 'qmi') {
        throw new ApiCallError({ code: 'invalid-argument', message: `simhat does not switch to ${target}`, hint: 'Choose RNDIS, ECM or QMI: compositions without an AT port are never offered.', field: 'target' });
      }
      return startOp('mode-switch', (ctx) => runSwitch(ctx, modemId, target ? { target } : {}));
    },

    async revertMode({ modemId }) {
      describe(modemId);
      const last = lastSwitch.get(modemId);
      if (!last) throw new ApiCallError({ code: 'nothing-to-revert', message: 'No mode switch to revert in this session' });
      const { target } = revertOptions(last);
      return startOp('mode-revert', (ctx) => runSwitch(ctx, modemId, target ? { target } : {}));
    },

    async searchCarriers({ query, country, limit }) {
      const hits = env.apn().search(query, { limit: 100 });
      const out: CarrierPreset[] = [];
      for (const h of hits) {
        if (country && h.countryCode !== country) continue;
        for (const c of h.carriers) out.push(presetOf(c));
      }
      return out.slice(0, limit ?? 50);
    },

    async suggestApn({ modemId }) {
      const m = new ModemAt(await engine(modemId));
      const imsi = await m.imsi().catch(() => undefined);
      const op = await m.operator().catch(() => undefined);
      const reg = await m.registration('cereg').catch(() => undefined);
      const s = env.apn().suggest({ ...(imsi ? { imsi } : {}), ...(op?.name ? { operatorName: op.name } : {}), registeredRoaming: reg?.state === 'roaming' });
      const mccMnc = s.home?.pairs[0];
      return {
        ...(mccMnc ? { mccMnc } : {}),
        presets: s.candidates.slice(0, 8).map(presetOf),
        reason: s.notes.join(' ') || (mccMnc ? `From your SIM's home network ${mccMnc}.` : 'No suggestion.'),
      };
    },

    async validateApn({ settings: s }) {
      const errors: { field: keyof ApnSettings; message: string }[] = [];
      const tryField = (field: keyof ApnSettings, fn: () => unknown) => {
        try {
          fn();
        } catch (err) {
          errors.push({ field, message: (err as Error).message.replace(/^\w+: /, '') });
        }
      };
      tryField('apn', () => validateApn(s.apn));
      tryField('username', () => validateUsername(s.username));
      tryField('password', () => validatePassword(s.password));
      if (s.auth !== 'none' && !s.username && !s.password) errors.push({ field: 'username', message: 'PAP/CHAP needs a user name or a password' });
      return { ok: errors.length === 0, errors };
    },

    async applyApn({ modemId, presetId, settings: given }) {
      describe(modemId);
      const target = await targetOf(presetId, given);
      return startOp('apn-apply', (ctx) => runApply(ctx, modemId, target));
    },

    async listPresets() {
      return (await presets.list()).presets.map(userPresetOf);
    },

    async savePreset({ preset }) {
      const input = {
        name: preset.name,
        apn: preset.settings.apn,
        ipType: preset.settings.ipType,
        auth: toAuthChoice(preset.settings.auth),
        ...(preset.settings.username ? { username: preset.settings.username } : {}),
        ...(preset.settings.password ? { password: preset.settings.password } : {}),
        ...(preset.carrierId ? { carrierId: preset.carrierId } : {}),
      };
      const existing = await presets.get(preset.name).catch(() => undefined);
      return userPresetOf(existing ? await presets.update(preset.name, input) : await presets.create(input));
    },

    async deletePreset({ id }) {
      if (!id.startsWith('user:')) throw new ApiCallError({ code: 'invalid-argument', message: 'Only saved presets can be deleted', field: 'id' });
      const removed = await presets.remove(decodeURIComponent(id.slice(5))).catch(() => undefined);
      return { deleted: !!removed };
    },

    async networkStatus({ modemId }) {
      const d = describeOrFirst(modemId);
      if (!d?.netIface) return { iface: null, up: false, lease: null, policy: null, routes: [] };
      const s = networkStatusOf(await env.network.status({ iface: d.netIface }));
      emit({ type: 'network', status: s });
      return s;
    },

    async networkUp({ modemId, policy }) {
      const iface = needIface(describe(modemId));
      await settingsLoaded;
      return startOp('network-up', async (ctx) => {
        await env.network.up({ iface, policy: policy ?? settings.policy, signal: ctx.signal, onProgress: (p) => ctx.step(p.step, p.message, 'done', p.command?.join(' ')) });
        return impl.networkStatus({ modemId });
      });
    },

    async networkDown({ modemId }) {
      const iface = needIface(describe(modemId));
      return startOp('network-down', async (ctx) => {
        await env.network.down({ iface, signal: ctx.signal, onProgress: (p) => ctx.step(p.step, p.message, 'done', p.command?.join(' ')) });
        return impl.networkStatus({ modemId });
      });
    },

    async setPolicy({ modemId, policy }) {
      const iface = needIface(describe(modemId));
      const r = await env.network.policy({ iface, policy });
      await impl.updateSettings({ settings: { policy } });
      void impl.networkStatus({ modemId }).catch(() => {});
      return { before: r.routesBefore.map(routeEntry), after: r.routesAfter.map(routeEntry), policy };
    },

    async checkConnectivity({ modemId, pingTargets, dnsName }) {
      const iface = needIface(describe(modemId));
      await settingsLoaded;
      const targets = checkTargets({ pingTargets, dnsName });
      const r = await env.network.check({ iface, pingTargets: targets.pingTargets, dnsName: targets.dnsName });
      return r.probes.map((p) => ({
        id: p.kind === 'ping' ? ('internet' as const) : p.kind,
        ok: p.ok,
        target: p.target,
        detail: p.detail,
        ...(p.ms !== undefined ? { rttMs: p.ms } : {}),
      }));
    },

    async connect({ modemId, presetId, policy, pingTargets, dnsName }) {
      describe(modemId);
      await settingsLoaded;
      // Resolved before the operation starts, so a bad target is refused at once, not as a failed op.
      const targets = checkTargets({ pingTargets, dnsName });
      return startOp('connect', (ctx) => runConnect(ctx, modemId, presetId, policy, targets));
    },

    async runDoctor({ modemId, pingTargets, dnsName }) {
      if (modemId) describe(modemId);
      await settingsLoaded;
      const req = { ...(pingTargets ? { pingTargets } : {}), ...(dnsName ? { dnsName } : {}) };
      checkTargets(req);
      return startOp('doctor', async (ctx) => {
        ctx.step('gather', 'Running every check (modem side, then host side)', 'running');
        const report = await doctor(modemId, ctx.signal, req);
        const failed = report.checks.filter((c) => c.status === 'fail').length;
        ctx.step('gather', 'Running every check (modem side, then host side)', 'done', `${report.checks.length} checks, ${failed} failed`);
        return report;
      });
    },

    async applyFix({ modemId, fixId }) {
      if (modemId) describe(modemId);
      return startOp('fix', (ctx) => runFix(ctx, modemId, fixId));
    },
    async exportReport({ modemId }) {
      await settingsLoaded;
      const d = describeOrFirst(modemId);
      const build = () =>
        buildReportBundle(
          {
            devices: env.devices,
            openEngine: openEngineOn,
            network: env.network,
            apn: env.apn,
            ...(env.portHolders ? { portHolders: env.portHolders } : {}),
            ...(env.hostListing !== undefined ? { listing: env.hostListing } : {}),
          },
          { ...(d?.atPort ? { port: d.atPort } : {}), ...(d?.netIface ? { iface: d.netIface } : {}), policy: settings.policy, platform: env.platform },
        );
      // The bundle's doctor run opens the port itself: hand it over for that time.
      const bundle = d ? await withPort(modemIdOf(d), 'writing the report', build) : await build();
      return { fileName: reportFileName(), content: JSON.stringify(bundle, null, 2) + '\n', mime: 'application/json' };
    },

    async atSend({ modemId, command }): Promise<AtExchange> {
      const e = await engine(modemId);
      const r = await e.send(command, { allowError: true });
      log('info', 'console', `${command} → ${r.final.line}`);
      return { command: r.command, lines: r.lines, final: r.final.line || describeFinal(r.final), ok: r.final.kind === 'ok' || r.final.kind === 'connect', elapsedMs: r.elapsedMs, at: Date.now() };
    },

    async cancel({ opId }) {
      const op = ops.get(opId);
      if (!op) return { cancelled: false };
      op.controller.abort();
      return { cancelled: true };
    },

    async getSettings() {
      await settingsLoaded;
      return settingsInfo();
    },

    async validateSettings({ settings: patch }) {
      const errors = settingsErrors(patch);
      return { ok: errors.length === 0, errors };
    },

    async updateSettings({ settings: patch }) {
      await settingsLoaded;
      const errors = settingsErrors(patch);
      if (errors[0]) throw new ApiCallError({ code: 'invalid-argument', message: errors[0].message, field: errors[0].field });
      const next: Partial<Settings> = { ...stored };
      for (const [key, v] of Object.entries(patch) as [keyof Settings, unknown][]) {
        if (v === undefined) continue;
        // An empty list / name clears the setting: the check falls back to the environment or the default.
        if ((key === 'pingTargets' && (v as string[]).length === 0) || (key === 'dnsName' && v === '')) delete next[key];
        else Object.assign(next, { [key]: key === 'pingTargets' ? [...(v as string[])] : v });
      }
      // Atomic (temp + fsync + rename) in the user's config dir; a demo's is a throw-away temp folder.
      if (env.configDir) await saveSettings(env.configDir, next);
      setStored(next);
      log('info', 'settings', `settings saved: ${Object.keys(patch).join(', ')}`);
      return settingsInfo();
    },

    async getLogs({ limit }) {
      return logs.slice(-(limit ?? 200));
    },

    async openExternal() {
      // Only the Electron shell can open a browser; it overrides this with its allow-list.
      return { opened: false };
    },

    // Issue 14: the SIM PIN dialog (./sim-pin.ts) and the carrier picker (./carrier-browse.ts).
    simPin: async ({ modemId }) => readSimPin(await engine(modemId), pinVendorOf(describe(modemId).vid)),
    enterPin: async ({ modemId, pin, puk }) => enterSimPin(await engine(modemId), pinVendorOf(describe(modemId).vid), { pin, ...(puk ? { puk } : {}) }),
    browseCarriers: async (req) => browseCarriers(env.apn(), req),
  };

  const service = {
    ...impl,
    onEvent(listener: (e: ApiEvent) => void) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    description: (modemId: string) => descriptions().find((m) => modemIdOf(m) === modemId),
    engine,
    async close() {
      if (closed) return;
      closed = true;
      offRegistry();
      registry.stop();
      for (const { controller } of ops.values()) controller.abort();
      await Promise.all([...sessions.keys()].map(dropSession));
      await env.dispose?.();
    },
  } as Service;
  return service;
}

/** The environment for a face: the twin in demo mode, the real platform otherwise. */
export async function createEnv(options: { demo: string | null; version?: string }): Promise<ServiceEnv> {
  const version = options.version ?? (await packageVersion());
  if (options.demo !== null) {
    const { createDemoEnv } = await import('./demo-env.js');
    return createDemoEnv({ scenario: options.demo, version });
  }
  const [{ createDeviceSource }, { openSerialTransport }, { LinuxNetworkOps }, { apnLookup }, { configDir }, { findPortHolders }] = await Promise.all([
    import('../platform/usb/device-source.js'),
    import('../platform/serial/serialport-transport.js'),
    import('../platform/net/network-ops.js'),
    import('./apn-db.js'),
    import('../platform/files/config-dir.js'),
    import('../platform/usb/port-holders.js'),
  ]);
  return {
    version,
    platform: process.platform,
    demo: null,
    devices: createDeviceSource(),
    openTransport: (path) => openSerialTransport(path),
    network: new LinuxNetworkOps(),
    apn: apnLookup,
    configDir: configDir(),
    portHolders: async (path) => (await findPortHolders(path)).map((h) => ({ pid: h.pid, command: h.command })),
  };
}

async function packageVersion(): Promise<string> {
  const { resourcesDir } = await import('../platform/files/resource-path.js');
  try {
    const pkg = JSON.parse(await readFile(join(resourcesDir(), '..', 'package.json'), 'utf8')) as { version?: string };
    return pkg.version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}
