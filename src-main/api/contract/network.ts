// Api contract types (re-exported by ../contract.ts, types only). The network side: lease, routes, policy, persistence and connectivity checks.
import type { DownResult, NetProgress, NetStatus, PersistResult, PolicyResult, StackChoice, UpResult } from '../../core/net/types.js';

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
