// Api contract types (re-exported by ../contract.ts, types only). Long operations' progress and every event pushed to the faces.
import type { ConnectionInfo, LogEntry } from './app.js';
import type { ApiError } from './errors.js';
import type { DeviceDescription, ModemStatus, ModemSummary, SignalSample } from './modems.js';
import type { NetworkStatus } from './network.js';

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
