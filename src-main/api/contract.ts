// The one Api every face of simhat uses (issue 7 "One API, two transports"): TYPES ONLY (issue 10: the
// renderer may import this module and nothing else of the main process). The runtime half — method and
// event name lists, channel names — is ./wire.ts.
// Electron: preload exposes one function per method (channel `simhat:<method>`); web: JSON over WebSocket.
// Every method takes at most one plain-object argument and returns JSON-serialisable data, so the same
// call crosses IPC, WebSocket or nothing (CLI/tests call the service directly).
// The types live by subject in ./contract/; this module is the one the faces import.

import type { DataAttribution } from '../core/apn/attribution.js';
import type { ProviderHit, Suggestion } from '../core/apn/lookup.js';
import type { ApnPreset, AuthChoice } from '../core/apn/preset.js';
import type { SimIdentityView } from '../core/apn/sim-facts.js';
import type { FinalResult } from '../core/at/final-result.js';
import type { Fix } from '../core/doctor/report.js';
import type { HistoryEvent, Outage, Sample } from '../core/history/types.js';
import type { CheckResult as NetCheckResult, DownResult, NetProgress, NetStatus, PersistResult, PolicyResult, StackChoice, UpResult } from '../core/net/types.js';
import type { ConnectionStatus } from '../core/watchdog/types.js';
import type { ApnRankingView, CandidateView, DecideEvent, DecideResult, TryRecord } from '../service/apn-decider.js';
import type { ApnState, SimFacts } from '../service/apn-modem.js';
import type { ImportResult } from '../service/apn-presets.js';
import type { ApplyResult } from '../service/apn.js';
import type { ConnectResult } from '../service/connect.js';
import type { ModeSwitchResult } from '../service/mode-switch.js';
import type { ApnChoiceParam, ApnSettings, ApnSuggestion, ApnTargetSpec, CarrierBrowse, CarrierPreset, EnterPinResult, IpType, PresetBook, PresetFields, SimPinInfo } from './contract/apn.js';
import type { AppInfo, AtExchange, ConnectionInfo, FieldError, HistoryWindow, KeepOnlineState, LogEntry, Settings, SettingsInfo } from './contract/app.js';
import type { DoctorParams, ReportBundle } from './contract/doctor.js';
import type { ApiEvent, OperationStarted } from './contract/events.js';
import type { DeviceListing, ModeInfo, ModemStatus, ModemSummary, SignalSample, UsbMode } from './contract/modems.js';
import type { ConnectivityCheck, NetTarget, NetworkStatus, PersistChange, PolicyChange, RoutePolicy } from './contract/network.js';

export type * from './contract/errors.js';
export type * from './contract/modems.js';
export type * from './contract/events.js';
export type * from './contract/apn.js';
export type * from './contract/network.js';
export type * from './contract/doctor.js';
export type * from './contract/app.js';
export type { ConnectionStatus, HistoryEvent, Outage, Sample };
export type { ApnPreset, ApnState, ApplyResult, ConnectResult, DownResult, Fix, FinalResult, ImportResult, ModeSwitchResult, NetCheckResult, NetProgress, NetStatus, PersistResult, PolicyResult, ProviderHit, SimFacts, StackChoice, Suggestion, UpResult };
// Issue 13: the SIM's identity (masked), the decider's ranking with each candidate's reasons, its events and result.
export type { ApnRankingView, CandidateView, DataAttribution, DecideEvent, DecideResult, SimIdentityView, TryRecord };

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
