// The slot for the daemon's connection state (issue 11 "Stay online"): `simhat status --json` gains
// `connection: { state, since, lastCheck, lastRecovery }`. The Api does not carry it yet; the lead adds
// it. The Home screen shows it whenever a status or an event brings it (AppState.daemon), and nothing
// otherwise. The shape follows issue 11; every field but `state` is optional so a partial one still shows.

export type DaemonState = 'online' | 'offline' | 'connecting' | 'recovering' | 'degraded';

export interface DaemonCheck {
  at?: string | number;
  ok?: boolean;
  summary?: string;
}

export interface DaemonRecovery {
  at?: string | number;
  /** What set it off, e.g. 'data session dropped'. */
  trigger?: string;
  /** Stages tried, e.g. ['host', 'modem-data']. */
  stages?: string[];
  /** The stage that brought it back, e.g. 'radio cycle'. */
  fixedBy?: string;
  durationMs?: number;
  outcome?: 'recovered' | 'failed' | string;
}

export interface DaemonConnection {
  state: DaemonState;
  since?: string | number;
  via?: 'daemon' | 'in-process';
  lastCheck?: DaemonCheck | null;
  lastRecovery?: DaemonRecovery | null;
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
  const since = clock(c.since);
  return `Kept online by the simhat daemon: ${WORDS[c.state]}${since ? ` since ${since}` : ''}.`;
}

/** "Last outage at 13:58: data session dropped; back after radio cycle in 8.4 s." (null without one). */
export function outageSummary(c: DaemonConnection): string | null {
  const r = c.lastRecovery;
  if (!r) return null;
  const at = clock(r.at);
  const how = r.outcome === 'failed' ? 'not recovered yet' : `back${r.fixedBy ? ` after ${r.fixedBy}` : ''}${r.durationMs !== undefined ? ` in ${(r.durationMs / 1000).toFixed(1)} s` : ''}`;
  return `Last outage${at ? ` at ${at}` : ''}: ${r.trigger ?? 'link lost'}; ${how}.`;
}
