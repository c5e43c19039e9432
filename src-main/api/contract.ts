// The one Api every face of simhat uses (issue 7 "One API, two transports"): TYPES ONLY (issue 10: the
// renderer may import this module and nothing else of the main process). The runtime half — method and
// event name lists, channel names — is ./wire.ts.
// Electron: preload exposes one function per method (channel `simhat:<method>`); web: JSON over WebSocket.
// Every method takes at most one plain-object argument and returns JSON-serialisable data, so the same
// call crosses IPC, WebSocket or nothing (CLI/tests call the service directly).

import type { ModemDescription } from '../core/devices/types.js';
import type { DoctorModem, Fix } from '../core/doctor/report.js';
import type { HistoryEvent, Outage, Sample } from '../core/history/types.js';
import type { ConnectionStatus } from '../core/watchdog/types.js';
import type { CheckResult as NetCheckResult, DownResult, NetProgress, NetStatus, PersistResult, PolicyResult, StackChoice, UpResult } from '../core/net/types.js';
import type { ApnPreset, AuthChoice } from '../core/apn/preset.js';
import type { ProviderHit, Suggestion } from '../core/apn/lookup.js';
import type { FinalResult } from '../core/at/final-result.js';
import type { ApnState, SimFacts } from '../service/apn-modem.js';
import type { ApplyResult } from '../service/apn.js';
import type { ConnectResult } from '../service/connect.js';
import type { ModeSwitchResult } from '../service/mode-switch.js';
import type { ImportResult } from '../service/apn-presets.js';
import type { SimIdentityView } from '../core/apn/sim-facts.js';
import type { DataAttribution } from '../core/apn/attribution.js';
import type { ApnRankingView, CandidateView, DecideEvent, DecideResult, TryRecord } from '../service/apn-decider.js';

export type { ConnectionStatus, HistoryEvent, Outage, Sample };
export type { ApnPreset, ApnState, ApplyResult, ConnectResult, DownResult, Fix, FinalResult, ImportResult, ModeSwitchResult, NetCheckResult, NetProgress, NetStatus, PersistResult, PolicyResult, ProviderHit, SimFacts, StackChoice, Suggestion, UpResult };
// Issue 13: the SIM's identity (masked), the decider's ranking with each candidate's reasons, its events and result.
export type { ApnRankingView, CandidateView, DataAttribution, DecideEvent, DecideResult, SimIdentityView, TryRecord };

// ---------- errors ----------

/** How errors cross every boundary (architecture.md): never stringified stacks. */
export interface ApiError {
  /** Stable machine code, e.g. 'invalid-argument', 'no-modem', 'port-busy', 'timeout', 'cancelled', 'unavailable'. */
  code: string;
  message: string;
  /** What to do about it, in the user's words. */
  hint?: string;
  /** The parameter that was refused, when code is 'invalid-argument'. */
  field?: string;
}

/** Transport envelope (IPC reply, WebSocket reply): exactly one of the two is set. */
export type Envelope<T> = { result: T; error?: undefined } | { error: ApiError; result?: undefined };

// ---------- modems ----------

export type UsbMode = 'rndis' | 'ecm' | 'qmi' | 'mbim' | 'ppp-only' | 'unknown';

/** Why a modem cannot be talked to yet (the Modem screen shows the matching explanation and fix). */
export type ModemState = 'ready' | 'port-busy' | 'no-at-port' | 'no-driver' | 'switching' | 'gone';

export interface ModemSummary {
  /** Stable within a session: derived from VID:PID:bus path (or the port path when given by hand). */
  id: string;
  vid: string;
  pid: string;
  model: string;
  manufacturer?: string;
  revision?: string;
  imei?: string;
  mode: UsbMode;
  /** Kernel drivers bound to the interfaces, e.g. ['rndis_host', 'option']. */
  drivers: string[];
  atPort?: string;
  iface?: string;
  state: ModemState;
  /** Set when state is 'port-busy': which process holds the AT port (e.g. 'ModemManager'). */
  heldBy?: string;
  /** A fix the UI can offer for the state (e.g. 'free-port'). */
  fix?: FixRef | null;
  /** True when this modem is the simulated twin (demo mode). */
  simulated?: boolean;
  /** True when the modem was given by its AT port (attachPort), with no USB view behind it. */
  manual?: boolean;
}

/** The full detection view of one USB modem (`simhat devices --json`): catalog, interfaces, drivers, holders. */
export type DeviceDescription = ModemDescription;

export interface DeviceListing {
  modems: DeviceDescription[];
  /** Why the list may be incomplete (no USB access, no /sys/bus/usb...). */
  reason?: string;
}

// ---------- status ----------

export type RegistrationState = 'not-searching' | 'home' | 'searching' | 'denied' | 'unknown' | 'roaming';

/** The SIM as +CPIN? (or its error) tells it; one mapping for every face (core/doctor/at-facts.ts). */
export type SimState = 'ready' | 'pin' | 'puk' | 'ph-pin' | 'not-inserted' | 'busy' | 'failure' | 'other' | 'unknown';

export interface PdpContext {
  cid: number;
  type: string;
  apn: string;
  /** +CGACT state; null when not read. */
  active?: boolean | null;
  /** +CGPADDR address of this context; null when none. */
  address?: string | null;
}

/** The modem's default route as `status` judges it: its metric, gateway and whether it carries the traffic. */
export interface StatusRoute {
  metric: number;
  via: string | null;
  /** Lower metric than every other default route: this link carries the traffic. */
  wins: boolean;
}

/** One look at a modem and its link (the one status reader, service/status-reader.ts). */
export interface ModemStatus {
  /** The modem looked at; null in a report made without one (then `problem` says why). */
  modemId: string | null;
  port: string | null;
  /** `AT` answered OK. */
  answered: boolean;
  /** Why the AT side is missing, when it is. */
  problem: string | null;
  manufacturer: string | null;
  model: string | null;
  revision: string | null;
  imei: string | null;
  imsi: string | null;
  iccid: string | null;
  sim: SimState;
  registration: RegistrationState;
  operator: string | null;
  /** Radio access technology, e.g. 'LTE', 'WCDMA', 'GSM' (one AcT table: core/doctor/at-facts.ts). */
  rat: string | null;
  /** Signal strength in dBm, null when unknown (CSQ 99). */
  signalDbm: number | null;
  /** +CSQ rssi as reported (0-31, 99 unknown). */
  csq: number | null;
  /** 0..4 bars derived from dBm. */
  signalBars: number;
  mode: UsbMode;
  /** VID:PID on the bus when the USB view knows the modem. */
  usbId: string | null;
  contexts: PdpContext[];
  /** Address of context 1 (else the first context's), null when none. */
  pdpAddress: string | null;
  iface: string | null;
  lease: Lease | null;
  route: StatusRoute | null;
  at: number;
  /**
   * The SIM as the APN decider reads it (issue 13): state, SPN, GID1, MNC length, IMSI and ICCID masked to
   * their last 4 digits, and what could not be read and why. null when the AT side did not answer.
   */
  simIdentity?: SimIdentityView | null;
}

export interface SignalSample {
  at: number;
  dBm: number | null;
}

// ---------- long operations ----------

export type OperationKind = 'mode-switch' | 'mode-revert' | 'apn-apply' | 'connect' | 'doctor' | 'fix' | 'fix-all' | 'network-up' | 'network-down';

/** Returned at once by every long operation; progress and the end arrive as events with this id. */
export interface OperationStarted {
  opId: string;
  kind: OperationKind;
}

export type StepState = 'running' | 'done' | 'failed' | 'skipped';

export interface ProgressEvent {
  type: 'progress';
  opId: string;
  kind: OperationKind;
  /** Stable step id, e.g. 'command-sent', 'device-left', 'device-back', 'at-answering', 'sim-ready'. */
  step: string;
  /** Human label of the step. */
  label: string;
  state: StepState;
  detail?: string;
  /** The workflow's own typed event behind this step (ModeSwitchEvent, ConnectEvent, ApplyEvent...), for faces that print it. */
  data?: unknown;
  at: number;
}

export interface OperationEndEvent {
  type: 'operation-end';
  opId: string;
  kind: OperationKind;
  ok: boolean;
  /**
   * Kind-specific result: ModeSwitchOutcome, ApnApplyResult, ConnectResult, DoctorReport, FixRunResult,
   * NetworkUpResult. Also set on failure for kinds whose failure has structure (connect, apn-apply).
   */
  result?: unknown;
  error?: ApiError;
}

// ---------- mode ----------

export interface ModeInfo {
  modemId: string;
  current: UsbMode;
  pid: string;
  /** The mode simhat recommends on this OS (RNDIS on Linux/Windows, ECM on macOS) and why. */
  recommended: UsbMode;
  reason: string;
  /** Modes offered (only compositions that keep an AT port). */
  offered: UsbMode[];
  /** What a revert would go back to, when a switch happened in this session. */
  previous?: UsbMode | null;
}

/** What a mode switch (or revert) ended with; `detail` is the workflow's own result. */
export interface ModeSwitchOutcome {
  from: UsbMode;
  to: UsbMode;
  changed: boolean;
  detail: ModeSwitchResult;
}

// ---------- APN ----------

export type IpType = 'IP' | 'IPV6' | 'IPV4V6';
export type AuthType = 'none' | 'pap' | 'chap' | 'either';

export interface ApnSettings {
  apn: string;
  ipType: IpType;
  username: string;
  password: string;
  auth: AuthType;
}

export interface CarrierPreset {
  id: string;
  /** ISO 3166 alpha-2, lower case. */
  country: string;
  provider: string;
  /** Plan or APN name as the database gives it. */
  name: string;
  settings: ApnSettings;
  /** 'db' for the shipped database, 'user' for presets the user saved. */
  source: 'db' | 'user';
}

export interface ApnSuggestion {
  /** From the SIM: IMSI prefix (MCC+MNC) it matched. */
  mccMnc?: string;
  /** Best first; several when an MCC/MNC is shared by MVNOs (let the user choose). */
  presets: CarrierPreset[];
  reason: string;
  /** What the SIM said and the lookup's whole answer (the CLI prints it; IMSI masked). */
  detail?: { sim: SimFacts; suggestion: Suggestion };
  /** The SIM's identity as the decider read it (IMSI/ICCID masked); issue 13. */
  sim?: SimIdentityView;
  /** The decider's ranking: every candidate with its reasons, best first; null when the SIM cannot be used. */
  ranking?: ApnRankingView | null;
  /** One sentence: the SIM state, the ranking's first candidate, or the plain-words request for an APN. */
  message?: string;
}

/**
 * What the user chose from the decider's ranked list (issue 13): try them in rank order, one of them by its
 * id, or an APN typed by hand. Absent: by rank (the standout, else rank order), as a script gets it.
 */
export type ApnChoiceParam = { kind: 'try-all' } | { kind: 'pick'; id: string } | { kind: 'manual'; settings: ApnSettings };

/** One APN to try, as the APN layer takes it (CLI `apn set` with several candidates). */
export interface ApnTargetSpec {
  apn: string;
  ipType: IpType;
  auth: AuthChoice;
  username?: string;
  password?: string;
  label?: string;
}

/** The user's saved presets as stored (file, entries, problems found while reading). */
export interface PresetBook {
  file: string | null;
  presets: ApnPreset[];
  warnings: string[];
}

/** Fields of a saved preset (add / edit); an empty string clears user, password or note on edit. */
export interface PresetFields {
  name?: string;
  apn?: string;
  ipType?: IpType;
  auth?: AuthChoice;
  username?: string;
  password?: string;
  contexts?: number[];
  note?: string;
  carrierId?: string;
}

export interface ApnApplyResult {
  /** Contexts written, e.g. [1, 6] on SIM7600 in RNDIS/ECM. */
  cids: number[];
  verified: boolean;
  contexts: PdpContext[];
  pdpAddress?: string | null;
  detail: string;
  /** The APN layer's own result (events' end state, addresses, restore report). */
  apply?: ApplyResult;
  /** When the decider chose (no preset, settings or targets given): which APN won and which tries failed. */
  decision?: DecideResult;
}

// ---------- network ----------

export type RoutePolicy = 'failover' | 'primary';

export interface Lease {
  address: string;
  prefix?: number;
  gateway?: string;
  dns: string[];
  server?: string;
  expiresAt?: number;
}

export interface RouteEntry {
  destination: string;
  gateway?: string;
  iface: string;
  metric: number;
}

export interface NetworkStatus {
  iface: string | null;
  up: boolean;
  lease: Lease | null;
  policy: RoutePolicy | null;
  routes: RouteEntry[];
  /** The network layer's whole view (stack, addresses, findings) when an interface was looked at. */
  detail?: NetStatus;
}

export interface NetworkUpResult {
  status: NetworkStatus;
  up: UpResult;
}

export interface NetworkDownResult {
  status: NetworkStatus;
  down: DownResult;
}

/** Which interface a network call means: the modem's, or one named by hand; and which stack drives it. */
export interface NetTarget {
  modemId?: string;
  iface?: string;
  /** Default 'auto' (detected). */
  stack?: StackChoice;
}

export interface PolicyChange {
  before: RouteEntry[];
  after: RouteEntry[];
  policy: RoutePolicy;
  detail?: PolicyResult;
  /** What the network layer did, step by step (commands included). */
  steps?: NetProgress[];
}

/** persist / unpersist: the network layer's result and its steps. */
export type PersistChange = PersistResult & { steps?: NetProgress[] };

export interface ConnectivityCheck {
  id: 'gateway' | 'internet' | 'dns';
  ok: boolean;
  target: string;
  detail: string;
  rttMs?: number;
}

// ---------- doctor (JSON contract of issue 6) ----------

export type CheckStatus = 'pass' | 'warn' | 'fail' | 'skip';

export interface FixRef {
  id: string;
  label: string;
}

export interface Evidence {
  command: string;
  output: string;
}

export interface DoctorCheck {
  id: string;
  status: CheckStatus;
  title: string;
  detail: string;
  evidence: Evidence[];
  fix: FixRef | null;
}

export interface DoctorVerdict {
  checkId: string;
  status: 'fail' | 'warn';
  summary: string;
  fix: FixRef | null;
}

export interface DoctorReport {
  ok: boolean;
  durationMs: number;
  modem: DoctorModem | null;
  checks: DoctorCheck[];
  /** The first failing link (or first warning); null when all is well. */
  verdict?: DoctorVerdict | null;
}

/** `doctor --fix` / "Fix all": the report before, each fix applied in order, and the report after. */
export interface FixRunResult {
  before: DoctorReport;
  applied: { fix: FixRef; ok: boolean; message: string }[];
  after: DoctorReport;
}

/** Parameters every doctor run takes (CLI flags, Settings). */
export interface DoctorParams {
  modemId?: string;
  /** Network interface by hand (else the modem's). */
  iface?: string;
  pingTargets?: string[];
  dnsName?: string;
  /** No ping and no DNS probe: host.internet and host.dns skip. */
  noProbes?: boolean;
  /** The route policy to judge against; default the saved setting (none saved: a takeover only warns). */
  policy?: RoutePolicy;
}

export interface ReportBundle {
  /** Suggested file name, e.g. simhat-report-2026-11-28T20-00-00Z.json. */
  fileName: string;
  /** The redacted bundle (IMEI/IMSI/ICCID masked, passwords removed). */
  content: string;
  mime: string;
}

// ---------- AT console ----------

export interface AtExchange {
  command: string;
  lines: string[];
  /** The final result line (OK, ERROR, +CME ERROR: ...). */
  final: string;
  /** The classified final result (kind, CME/CMS code and text). */
  finalResult?: FinalResult;
  /** What to do about an error final, when simhat knows. */
  hint?: string;
  ok: boolean;
  elapsedMs: number;
  at: number;
}

// ---------- settings and logs ----------

export interface Settings {
  /** Route policy used by Connect (default 'failover'). */
  policy: RoutePolicy;
  /**
   * IPv4 addresses pinged by the connectivity check (check, connect, doctor). Precedence: the request's
   * own targets > this setting > env SIMHAT_PING_TARGETS > default ['1.1.1.1', '8.8.8.8']. An empty list
   * in updateSettings clears the setting (falls back to the environment or the default).
   */
  pingTargets: string[];
  /** Host name resolved by the DNS check; same precedence with SIMHAT_DNS_NAME (default 'example.com'); '' clears it. */
  dnsName: string;
  /** Follow the system theme unless set (default 'system'). */
  theme: 'system' | 'light' | 'dark';
  // Staying online (issue 11): what the daemon's watchdog and history use, read at its start and on change.
  // Present once saved; unset, the default applies (STAY_ONLINE_DEFAULTS in api/settings-rules.ts).
  /** Seconds between the watchdog's link checks (default 30, at least 1; `simhat daemon --interval` wins). */
  checkIntervalS?: number;
  /** Modem resets (reset and USB stages) the watchdog may do per hour (default 4; 0: never reset). */
  maxResetsPerHour?: number;
  /** Let the watchdog power-cycle the modem's USB hub port with uhubctl (default false: it cuts every device on that port). */
  hubPowerCycle?: boolean;
  /** Days the history keeps samples and events (default 30). */
  historyRetentionDays?: number;
  /** Size cap of the history database in MiB; the oldest rows go first (default 64). */
  historyMaxMiB?: number;
}

/** Where an effective check target came from (the Settings screen says so). */
export type SettingSource = 'settings' | 'env' | 'default';

/** getSettings/updateSettings answer: the effective values, and where the check targets came from. */
export interface SettingsInfo extends Settings {
  sources: { pingTargets: SettingSource; dnsName: SettingSource };
}

export interface FieldError<F extends string = string> {
  field: F;
  message: string;
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface LogEntry {
  at: number;
  level: LogLevel;
  source: string;
  message: string;
}

export interface AppInfo {
  version: string;
  platform: string;
  demo: string | null;
  /** Set when this service is the daemon (`simhat daemon`): who it is and where it listens. */
  daemon?: { pid: number; socket: string; startedAt: string } | null;
  transport?: 'electron' | 'web' | 'direct';
  /** Where the APN data comes from and under which license (issue 13: the About text). */
  apnData?: DataAttribution[];
}

// ---------- staying online (issue 11) ----------

/**
 * The link as every face shows it: online | offline | connecting | recovering | degraded, since when, the
 * last check and the last recovery. `kept`: a daemon's watchdog keeps it (else a one-time look).
 */
export interface ConnectionInfo extends ConnectionStatus {
  kept: boolean;
  modemId?: string | null;
  iface?: string | null;
}

/**
 * "Keep me online" (issue 11 Boot): the daemon's systemd unit, enabled so the Pi comes up online after a
 * reboot. Enabling and disabling go through the privileged helper; reading needs no privileges.
 */
export interface KeepOnlineState {
  /** The unit is installed (the .deb ships it; an npm install gets it from `sudo simhat daemon --enable`). */
  available: boolean;
  /** Started at boot. */
  enabled: boolean;
  /** Running now. */
  active: boolean;
  /** The unit's name, 'simhat.service'. */
  unit: string;
  /** Why it is not available, or what changes next, in the user's words (e.g. how to install the unit). */
  hint?: string;
  /** True on the simulated modem (demo): nothing on this computer changes. */
  simulated?: boolean;
}

export interface HistoryWindow {
  from: number;
  to: number;
  samples: Sample[];
  events: (HistoryEvent & { id?: number })[];
  outages: Outage[];
  uptimePercent: number | null;
  /** Where the history lives; null when there is none (no daemon has recorded yet). */
  file: string | null;
}

// ---------- events pushed to the faces ----------

export interface ModemsEvent {
  type: 'modems';
  modems: ModemSummary[];
  /** What changed, for logs and announcements. */
  change: 'added' | 'removed' | 'changed' | 'reappeared' | 'initial';
  modemId?: string;
}

export interface StatusEvent {
  type: 'status';
  status: ModemStatus;
}

export interface SignalEvent {
  type: 'signal';
  modemId: string;
  sample: SignalSample;
}

export interface UrcEvent {
  type: 'urc';
  modemId: string;
  line: string;
  at: number;
}

export interface NetworkEvent {
  type: 'network';
  status: NetworkStatus;
}

export interface LogEvent {
  type: 'log';
  entry: LogEntry;
}

/** The detection layer's own change events (`simhat devices --watch`), with the full description. */
export interface DeviceEvent {
  type: 'device';
  change: 'modem-added' | 'modem-removed' | 'modem-changed' | 'modem-reappeared' | 'reason';
  modem?: DeviceDescription;
  /** For changed / reappeared: what it was before (a switch changes the PID and mode). */
  previous?: { id: string; pid: string; mode: string };
  /** For 'reason': why the list may be incomplete now (null: nothing to say). */
  reason?: string | null;
}

export interface ConnectionEvent {
  type: 'connection';
  connection: ConnectionInfo;
}

export type ApiEvent = ConnectionEvent | DeviceEvent | ModemsEvent | StatusEvent | SignalEvent | UrcEvent | NetworkEvent | LogEvent | ProgressEvent | OperationEndEvent;


// ---------- methods ----------

/** Params are always one object (possibly empty); result is plain JSON. */
export interface ApiMethods {
  appInfo: { params: Record<string, never>; result: AppInfo };

  listModems: { params: Record<string, never>; result: ModemSummary[] };
  /** Uses a modem by its AT port (a UART HAT, a simulated modem, a port named with --port); returns its summary. */
  attachPort: { params: { port: string; iface?: string; baudRate?: number }; result: ModemSummary };
  /** The full detection view; probe asks each AT port for model and IMEI first. */
  listDevices: { params: { probe?: boolean }; result: DeviceListing };
  /** iface: the network interface by hand (else the modem's). */
  getStatus: { params: { modemId: string; iface?: string }; result: ModemStatus };
  signalHistory: { params: { modemId: string }; result: SignalSample[] };

  getMode: { params: { modemId: string }; result: ModeInfo };
  switchMode: { params: { modemId: string; target?: UsbMode; timeoutMs?: number }; result: OperationStarted };
  /** Without modemId: the modem of the last remembered switch (the memory is persisted). */
  revertMode: { params: { modemId?: string; timeoutMs?: number }; result: OperationStarted };

  searchCarriers: { params: { query: string; country?: string; limit?: number }; result: CarrierPreset[] };
  /** Providers and their APNs matching a text (name, country, MCC-MNC), grouped as the database holds them. */
  searchProviders: { params: { query: string; limit?: number }; result: ProviderHit[] };
  suggestApn: { params: { modemId: string }; result: ApnSuggestion };
  validateApn: { params: { settings: ApnSettings }; result: { ok: boolean; errors: { field: keyof ApnSettings; message: string }[] } };
  /**
   * At most one of presetId, settings, targets or choice. presetId: a carrier id (a provider id tries its APNs
   * in order), or `user:<name>`; tryCandidates adds the provider's other APNs; contexts overrides the device's
   * own. None of them, or `choice`: the APN decider reads the SIM, ranks and tries with rollback (progress
   * `data` is its DecideEvent or the APN layer's ApplyEvent; the result carries `decision`).
   */
  applyApn: {
    params: {
      modemId: string;
      choice?: ApnChoiceParam;
      presetId?: string;
      settings?: ApnSettings;
      targets?: ApnTargetSpec[];
      /** Given by the user on top of a carrier or preset (CLI --ip-type/--user/--password/--auth). */
      overrides?: { ipType?: IpType; username?: string; password?: string; auth?: AuthChoice };
      contexts?: number[];
      tryCandidates?: boolean;
      timeoutMs?: number;
    };
    result: OperationStarted;
  };
  /** PDP contexts, authentication (passwords hidden), addresses, radio state and an interrupted apply. */
  apnState: { params: { modemId: string }; result: ApnState };

  listPresets: { params: Record<string, never>; result: CarrierPreset[] };
  savePreset: { params: { preset: { name: string; settings: ApnSettings; carrierId?: string } }; result: CarrierPreset };
  deletePreset: { params: { id: string }; result: { deleted: boolean } };
  presetBook: { params: Record<string, never>; result: PresetBook };
  /** Adds a preset (fields.name and fields.apn required; carrierId fills the rest from the database). */
  addPreset: { params: { fields: PresetFields }; result: ApnPreset };
  editPreset: { params: { name: string; fields: PresetFields }; result: ApnPreset };
  /** The presets to export (all, or the named ones), for the face to write where the user wants. */
  exportPresets: { params: { names?: string[] }; result: ApnPreset[] };
  /** Imports presets read by the face from a file: invalid entries are skipped with their reason. */
  importPresets: { params: { data: unknown; replace?: boolean }; result: ImportResult };

  networkStatus: { params: NetTarget; result: NetworkStatus };
  networkUp: { params: NetTarget & { policy?: RoutePolicy; metric?: number; persist?: boolean; leaseTimeoutMs?: number }; result: OperationStarted };
  networkDown: { params: NetTarget & { unpersist?: boolean }; result: OperationStarted };
  /** Also saved as the route policy setting (one source of truth; the watchdog keeps to it). */
  setPolicy: { params: NetTarget & { policy: RoutePolicy; metric?: number }; result: PolicyChange };
  persistNetwork: { params: NetTarget & { policy?: RoutePolicy; metric?: number }; result: PersistChange };
  unpersistNetwork: { params: NetTarget; result: PersistChange };
  /** pingTargets/dnsName given here win over the settings (see Settings.pingTargets). */
  checkConnectivity: { params: NetTarget & { pingTargets?: string[]; dnsName?: string }; result: ConnectivityCheck[] };
  /** The same check with the network layer's whole answer (classification, summary, probes). */
  checkNetwork: { params: NetTarget & { pingTargets?: string[]; dnsName?: string }; result: NetCheckResult & { steps?: NetProgress[] } };
  connect: {
    params: {
      modemId?: string;
      iface?: string;
      presetId?: string;
      settings?: ApnSettings;
      /** Neither presetId nor settings: what the user chose from the ranked list (absent: by rank). */
      choice?: ApnChoiceParam;
      mode?: 'rndis' | 'ecm' | 'qmi';
      policy?: RoutePolicy;
      pingTargets?: string[];
      dnsName?: string;
      noProbes?: boolean;
      modeTimeoutMs?: number;
      leaseTimeoutMs?: number;
    };
    result: OperationStarted;
  };

  runDoctor: { params: DoctorParams; result: OperationStarted };
  /** pin for enter-pin, apn for apply-apn (else the SIM's carrier). */
  applyFix: { params: { modemId?: string; iface?: string; fixId: string; pin?: string; apn?: string }; result: OperationStarted };
  /** Diagnose, apply the first failing check's fix, diagnose again... (`only`: the fix ids the user accepted). */
  runFixes: { params: DoctorParams & { only?: string[]; pin?: string; apn?: string }; result: OperationStarted };
  exportReport: { params: { modemId?: string; iface?: string }; result: ReportBundle };

  atSend: { params: { modemId: string; command: string; timeoutMs?: number }; result: AtExchange };

  cancel: { params: { opId: string }; result: { cancelled: boolean } };

  getSettings: { params: Record<string, never>; result: SettingsInfo };
  validateSettings: { params: { settings: Partial<Settings> }; result: { ok: boolean; errors: FieldError<keyof Settings>[] } };
  /** Validated like validateSettings (refused with code 'invalid-argument' and the first bad field). */
  updateSettings: { params: { settings: Partial<Settings> }; result: SettingsInfo };

  getLogs: { params: { limit?: number }; result: LogEntry[] };

  /** The link's state (the daemon's watchdog when one keeps it). */
  getConnection: { params: Record<string, never>; result: ConnectionInfo };
  /** Samples, events, outages and uptime of the last `sinceMs` (default 24 h). */
  getHistory: { params: { sinceMs?: number }; result: HistoryWindow };
  /** Whether the daemon's systemd unit is installed, enabled (starts at boot) and running. */
  keepOnlineState: { params: Record<string, never>; result: KeepOnlineState };
  /** Enables and starts (or disables and stops) the daemon's unit through the privileged helper. */
  setKeepOnline: { params: { enabled: boolean }; result: KeepOnlineState };

  openExternal: { params: { url: string }; result: { opened: boolean } };

  // Issue 14 (online from the first screen): the SIM PIN dialog and the carrier picker.
  /** The SIM's lock state and the tries left (AT+SPIC on SIMCom, AT+QPINC on Quectel, AT+CPINR elsewhere). */
  simPin: { params: { modemId: string }; result: SimPinInfo };
  /** Enters the PIN (4-8 digits), or with `puk` (8 digits) unblocks the SIM and sets `pin` as its new PIN. A wrong code is answered, not thrown. */
  enterPin: { params: { modemId: string; pin: string; puk?: string }; result: EnterPinResult };
  /** Country -> provider -> plan, or a search across all (country aliases: UK, USA...). See CarrierBrowse. */
  browseCarriers: { params: { country?: string; providerId?: string; query?: string; ids?: string[]; limit?: number }; result: CarrierBrowse };
}

export type MethodName = keyof ApiMethods;
export type Params<M extends MethodName> = ApiMethods[M]['params'];
export type Result<M extends MethodName> = ApiMethods[M]['result'];

/** The typed Api: one async function per method, plus the event stream. Same shape on every transport. */
export type Api = {
  [M in MethodName]: (params: Params<M>) => Promise<Result<M>>;
} & {
  /** Subscribe to every pushed event; returns the unsubscribe function. */
  onEvent(listener: (event: ApiEvent) => void): () => void;
};

// ---------- SIM PIN (issue 14) ----------

/** What the SIM asks for (AT+CPIN?): 'busy' right after boot (CME 14), 'other' for PH-SIM PIN and the like. */
export type SimLockState = 'ready' | 'pin' | 'puk' | 'absent' | 'busy' | 'other';

export interface SimPinInfo {
  state: SimLockState;
  /** PIN tries before the SIM asks for its PUK; absent when the modem cannot tell. */
  triesLeft?: number;
  /** PUK tries before the SIM is blocked for good; absent when the modem cannot tell. */
  pukTriesLeft?: number;
  /** The command that told the tries, e.g. 'AT+SPIC'. */
  source?: string;
  /** The AT+CPIN? state as the modem wrote it, for states simhat has no word for (e.g. 'PH-SIM PIN'). */
  raw?: string;
}

export interface EnterPinResult extends SimPinInfo {
  /** True when the modem took the code (the SIM is ready, or was already). */
  accepted: boolean;
  /** One sentence for the dialog: what happened and what is next. */
  message: string;
}

// ---------- carrier picker (issue 14) ----------

export interface CarrierCountry {
  /** ISO 3166 alpha-2, lower case. */
  code: string;
  /** As the APN database names it (e.g. 'Britain'). */
  name: string;
  /** Other names people type (United Kingdom, UK, Great Britain...). */
  aliases: string[];
  providers: number;
}

export interface CarrierProvider {
  /** "<country>/<slug>", e.g. 'gb/ee'. */
  id: string;
  country: string;
  name: string;
  /** True: owns the network; false: a virtual operator (MVNO) on someone else's. */
  primary?: boolean;
  /** MCC-MNC pairs, e.g. ['234-30']. */
  networks: string[];
  /** Internet APNs this provider lists. */
  internetApns: number;
}

/** A preset with what it is for: only 'internet' APNs carry data for simhat; MMS/WAP are listed apart. */
export interface CarrierPlan extends CarrierPreset {
  usage: 'internet' | 'mms' | 'wap' | 'other';
  /** Prepaid/postpaid when the database says. */
  plans: ('prepaid' | 'postpaid')[];
  /** Provider id, e.g. 'gb/ee'. */
  providerId: string;
}

/**
 * One answer for every level of the picker: no argument -> every country; `country` -> its providers;
 * `providerId` -> its APNs; `query` -> matches across all (countries, providers and their internet
 * APNs); `ids` -> those APNs classified (e.g. the SIM's suggestion, to set MMS apart).
 */
export interface CarrierBrowse {
  countries: CarrierCountry[];
  providers: CarrierProvider[];
  /** Internet APNs (what connects), best first. */
  plans: CarrierPlan[];
  /** MMS, WAP and other APNs: shown apart, never offered as the internet APN. */
  otherApns: CarrierPlan[];
  /** How a query was understood, e.g. 'UK = Britain (United Kingdom)'; absent when there was nothing to say. */
  note?: string;
}

