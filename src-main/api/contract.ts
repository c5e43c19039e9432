// The one Api every face of simhat uses (issue 7 "One API, two transports"). Types, plus the method and
// event name lists as runtime consts so both transports can refuse unknown names before validation.
// Electron: preload exposes one function per method (channel `simhat:<method>`); web: JSON over WebSocket.
// Every method takes at most one plain-object argument and returns JSON-serialisable data, so the same
// call crosses IPC, WebSocket or nothing (CLI/tests call the service directly).

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
}

// ---------- status ----------

export type RegistrationState = 'not-searching' | 'home' | 'searching' | 'denied' | 'unknown' | 'roaming';

export interface PdpContext {
  cid: number;
  type: string;
  apn: string;
}

export interface ModemStatus {
  modemId: string;
  model?: string;
  revision?: string;
  imei?: string;
  imsi?: string;
  iccid?: string;
  sim: 'ready' | 'pin' | 'puk' | 'absent' | 'error' | 'unknown';
  registration: RegistrationState;
  operator?: string;
  /** Radio access technology, e.g. 'LTE', 'WCDMA', 'GSM'. */
  rat?: string;
  /** Signal strength in dBm, null when unknown (CSQ 99). */
  signalDbm: number | null;
  /** 0..4 bars derived from dBm. */
  signalBars: number;
  mode: UsbMode;
  contexts: PdpContext[];
  pdpAddress?: string | null;
  iface?: string | null;
  lease?: Lease | null;
  route?: RouteEntry | null;
  at: number;
}

export interface SignalSample {
  at: number;
  dBm: number | null;
}

// ---------- long operations ----------

export type OperationKind = 'mode-switch' | 'mode-revert' | 'apn-apply' | 'connect' | 'doctor' | 'fix' | 'network-up' | 'network-down';

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
  at: number;
}

export interface OperationEndEvent {
  type: 'operation-end';
  opId: string;
  kind: OperationKind;
  ok: boolean;
  /** Kind-specific result: ModeSwitchResult, ApnApplyResult, ConnectResult, DoctorReport, NetworkStatus. */
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

export interface ModeSwitchResult {
  from: UsbMode;
  to: UsbMode;
  changed: boolean;
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
}

export interface ApnApplyResult {
  /** Contexts written, e.g. [1, 6] on SIM7600 in RNDIS/ECM. */
  cids: number[];
  verified: boolean;
  contexts: PdpContext[];
  pdpAddress?: string | null;
  detail: string;
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
}

export interface PolicyChange {
  before: RouteEntry[];
  after: RouteEntry[];
  policy: RoutePolicy;
}

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
  modem: Record<string, unknown> | null;
  checks: DoctorCheck[];
  /** The first failing link (or first warning); null when all is well. */
  verdict?: DoctorVerdict | null;
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
  transport?: 'electron' | 'web' | 'direct';
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

export type ApiEvent = ModemsEvent | StatusEvent | SignalEvent | UrcEvent | NetworkEvent | LogEvent | ProgressEvent | OperationEndEvent;

export const API_EVENTS = ['modems', 'status', 'signal', 'urc', 'network', 'log', 'progress', 'operation-end'] as const satisfies readonly ApiEvent['type'][];

// ---------- methods ----------

/** Params are always one object (possibly empty); result is plain JSON. */
export interface ApiMethods {
  appInfo: { params: Record<string, never>; result: AppInfo };

  listModems: { params: Record<string, never>; result: ModemSummary[] };
  getStatus: { params: { modemId: string }; result: ModemStatus };
  signalHistory: { params: { modemId: string }; result: SignalSample[] };

  getMode: { params: { modemId: string }; result: ModeInfo };
  switchMode: { params: { modemId: string; target?: UsbMode }; result: OperationStarted };
  revertMode: { params: { modemId: string }; result: OperationStarted };

  searchCarriers: { params: { query: string; country?: string; limit?: number }; result: CarrierPreset[] };
  suggestApn: { params: { modemId: string }; result: ApnSuggestion };
  validateApn: { params: { settings: ApnSettings }; result: { ok: boolean; errors: { field: keyof ApnSettings; message: string }[] } };
  applyApn: { params: { modemId: string; presetId?: string; settings?: ApnSettings }; result: OperationStarted };

  listPresets: { params: Record<string, never>; result: CarrierPreset[] };
  savePreset: { params: { preset: { name: string; settings: ApnSettings; carrierId?: string } }; result: CarrierPreset };
  deletePreset: { params: { id: string }; result: { deleted: boolean } };

  networkStatus: { params: { modemId?: string }; result: NetworkStatus };
  networkUp: { params: { modemId: string; policy?: RoutePolicy }; result: OperationStarted };
  networkDown: { params: { modemId: string }; result: OperationStarted };
  setPolicy: { params: { modemId: string; policy: RoutePolicy }; result: PolicyChange };
  /** pingTargets/dnsName given here win over the settings (see Settings.pingTargets). */
  checkConnectivity: { params: { modemId: string; pingTargets?: string[]; dnsName?: string }; result: ConnectivityCheck[] };
  connect: { params: { modemId: string; presetId?: string; policy?: RoutePolicy; pingTargets?: string[]; dnsName?: string }; result: OperationStarted };

  runDoctor: { params: { modemId?: string; pingTargets?: string[]; dnsName?: string }; result: OperationStarted };
  applyFix: { params: { modemId?: string; fixId: string }; result: OperationStarted };
  exportReport: { params: { modemId?: string }; result: ReportBundle };

  atSend: { params: { modemId: string; command: string }; result: AtExchange };

  cancel: { params: { opId: string }; result: { cancelled: boolean } };

  getSettings: { params: Record<string, never>; result: SettingsInfo };
  validateSettings: { params: { settings: Partial<Settings> }; result: { ok: boolean; errors: FieldError<keyof Settings>[] } };
  /** Validated like validateSettings (refused with code 'invalid-argument' and the first bad field). */
  updateSettings: { params: { settings: Partial<Settings> }; result: SettingsInfo };

  getLogs: { params: { limit?: number }; result: LogEntry[] };

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

export const API_METHODS = [
  'appInfo',
  'listModems',
  'getStatus',
  'signalHistory',
  'getMode',
  'switchMode',
  'revertMode',
  'searchCarriers',
  'suggestApn',
  'validateApn',
  'applyApn',
  'listPresets',
  'savePreset',
  'deletePreset',
  'networkStatus',
  'networkUp',
  'networkDown',
  'setPolicy',
  'checkConnectivity',
  'connect',
  'runDoctor',
  'applyFix',
  'exportReport',
  'atSend',
  'cancel',
  'getSettings',
  'validateSettings',
  'updateSettings',
  'getLogs',
  'openExternal',
  'simPin',
  'enterPin',
  'browseCarriers',
] as const satisfies readonly MethodName[];

/** Compile-time check that API_METHODS lists every method exactly (a missing one fails here). */
type _MissingMethods = Exclude<MethodName, (typeof API_METHODS)[number]>;
const _allListed: _MissingMethods extends never ? true : false = true;
void _allListed;

/** IPC channel name of a method (namespaced, Podman Desktop style). */
export const channelOf = (method: MethodName): string => `simhat:${method}`;
export const EVENT_CHANNEL = 'simhat:event';

export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && (API_METHODS as readonly string[]).includes(name);
}

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
