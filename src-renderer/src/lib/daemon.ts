// The link as the daemon keeps it (issue 11 "Stay online"): getConnection's ConnectionInfo and the
// `connection` event. The Home screen shows its state and since, and the last outage with its cause and
// the stage that fixed it. Every field but `state` is optional so a partial one still shows. The service
// puts the recovery into words (`lastRecoveryWords`, as `simhat history` says it); a recovery that is
// told in words already ('data session dropped', 'radio cycle') shows as it is.
import type { ConnectionInfo } from '../../../src-main/api/contract.js';

export type DaemonState = ConnectionInfo['state'];

export interface DaemonCheck {
  at?: string | number;
  ok?: boolean;
  summary?: string;
}

export interface DaemonRecovery {
  /** When it happened (the daemon's record says startedAt). */
  at?: string | number;
  startedAt?: number;
  /** What set it off: a trigger code ('pdn-deactivated') or words ('data session dropped'). */
  trigger?: string;
  /** What the check showed ('no-data-session'), when the trigger was the timer. */
  symptom?: string;
  /** Stages tried: names, or the daemon's attempts with their steps. */
  stages?: (string | { stage: string; steps?: string[]; ok?: boolean })[];
  /** The stage that brought it back: a code ('modem-data') or words ('radio cycle'). */
  fixedBy?: string;
  durationMs?: number;
  outcome?: 'recovered' | 'failed' | 'interrupted' | string;
}

export interface DaemonConnection {
  state: DaemonState;
  since?: string | number;
  /** True when a daemon's watchdog keeps the link (false: a one-time look; absent: a daemon's report). */
  kept?: boolean;
  /** Why, in one sentence (degraded: the doctor's verdict; offline: what is missing). */
  reason?: string;
  via?: 'daemon' | 'in-process';
  lastCheck?: DaemonCheck | null;
  lastRecovery?: DaemonRecovery | null;
  /** The service's words for lastRecovery: what set it off, and the stage that fixed it. */
  lastRecoveryWords?: { cause: string; fixedBy?: string } | null;
}

const STATES: readonly string[] = ['online', 'offline', 'connecting', 'recovering', 'degraded'];

/** The connection part of any object (a status, an event) when it is there and well-formed. */
export function connectionOf(value: unknown): DaemonConnection | null {
  const c = (value as { connection?: unknown } | null)?.connection as Partial<DaemonConnection> | undefined;
  return c && typeof c === 'object' && typeof c.state === 'string' && STATES.includes(c.state) ? (c as DaemonConnection) : null;
}

const clock = (t: string | number | undefined): string => {
  if (t === undefined) return '';
  const d = new Date(t);
  return Number.isNaN(d.getTime()) ? '' : d.toTimeString().slice(0, 5);
};

const WORDS: Record<DaemonState, string> = {
  online: 'online',
  offline: 'offline',
  connecting: 'connecting',
  recovering: 'recovering the link',
  degraded: 'degraded: recovery failed, retrying',
};

/** "Kept online by the simhat daemon: online since 14:02." */
export function daemonSummary(c: DaemonConnection): string {
  if (c.kept === false) return 'Not kept online: no simhat daemon watches this link, so a dropped connection stays down.';
  const since = clock(c.since);
  return `Kept online by the simhat daemon: ${WORDS[c.state]}${since ? ` since ${since}` : ''}.`;
}

/** "Last outage at 13:58: data session dropped; back after radio cycle in 8.4 s." (null without one). */
export function outageSummary(c: DaemonConnection): string | null {
  const r = c.lastRecovery;
  if (!r) return null;
  const at = clock(r.at ?? r.startedAt);
  const words = c.lastRecoveryWords;
  const fixedBy = words?.fixedBy ?? r.fixedBy;
  const took = r.durationMs !== undefined ? ` in ${(r.durationMs / 1000).toFixed(1)} s` : '';
  const how = r.outcome === 'failed' ? 'not recovered yet' : r.outcome === 'interrupted' ? 'recovery paused for your operation' : `back${fixedBy ? ` after ${fixedBy}` : ''}${took}`;
  return `Last outage${at ? ` at ${at}` : ''}: ${words?.cause ?? r.trigger ?? 'link lost'}; ${how}.`;
}
