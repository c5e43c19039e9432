// What the history keeps (issue 11): a sample per watchdog interval and an event per thing that
// happened to the link. Plain data, stored by platform/history and read by every face.
import type { ConnectionState, RecoveryRecord } from '../watchdog/types.js';

export interface Sample {
  /** Epoch ms. */
  at: number;
  /** AT+CSQ rssi in dBm (null when unknown). */
  rssi: number | null;
  /** LTE RSRP dBm, RSRQ dB, SINR dB (null when unknown or not LTE). */
  rsrp: number | null;
  rsrq: number | null;
  sinr: number | null;
  /** Access technology ('LTE', 'WCDMA', 'GSM', 'NR5G'...). */
  tech: string | null;
  operator: string | null;
  cellId: string | null;
  tac: string | null;
  /** The link check passed. */
  online: boolean;
  /** Probe round trip, ms. */
  latencyMs: number | null;
  /** Interface byte counters (/sys/class/net/<if>/statistics), as read. */
  rxBytes: number | null;
  txBytes: number | null;
}

export type HistoryEvent =
  | { kind: 'state'; at: number; from: ConnectionState; to: ConnectionState; reason?: string | undefined }
  | { kind: 'recovery'; at: number; recovery: RecoveryRecord }
  | { kind: 'modem-reset'; at: number; reason: string }
  | { kind: 'port-vanished'; at: number; port?: string | undefined }
  | { kind: 'mode-switch'; at: number; from?: string | undefined; to: string }
  | { kind: 'apn-change'; at: number; apn: string; cids: number[] };

export type HistoryEventKind = HistoryEvent['kind'];
export const HISTORY_EVENT_KINDS: readonly HistoryEventKind[] = ['state', 'recovery', 'modem-reset', 'port-vanished', 'mode-switch', 'apn-change'];

/** A time during which the link was not online. */
export interface Outage {
  start: number;
  /** Undefined while it lasts. */
  end?: number | undefined;
  durationMs: number;
  /** What went wrong, in words ("data session dropped"). */
  cause: string;
  /** The stage that brought it back, in words ("radio cycle"); undefined when it came back by itself or is still down. */
  fixedBy?: string | undefined;
  /** Still down: the doctor's verdict of the last failed recovery. */
  verdict?: string | undefined;
}

/** Where events go (the history store implements it): lets the service record without knowing the store. */
export interface HistorySink {
  addEvent(e: HistoryEvent): unknown;
}

/** The whole history as the service uses it (platform/history's HistoryStore implements it). */
export interface HistoryBook extends HistorySink {
  readonly path: string;
  addSample(s: Sample): void;
  samples(from: number, to?: number): Sample[];
  events(from: number, to?: number): (HistoryEvent & { id: number })[];
  /** New retention from the settings (issue 11); absent: the store keeps what it was opened with. */
  setRetention?(r: { retentionDays?: number; maxBytes?: number }): void;
}
