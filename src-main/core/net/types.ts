// The network layer's contract (issue 4): what the service, doctor, connect and the UI call.
// The real implementation is LinuxNetworkOps in src-main/platform/net/network-ops.ts.

/** Which host network stack brings the interface up (sim7600.md §3 "Per stack"). */
export type StackName = 'nm' | 'dhcpcd' | 'networkd' | 'dhclient' | 'udhcpc' | 'none';
export type StackChoice = 'auto' | Exclude<StackName, 'none'>;

/** failover: LTE is the backup (metric 700, above Ethernet 100 / Wi-Fi 600); primary: LTE wins (50). */
export type PolicyName = 'failover' | 'primary';
export const POLICY_METRIC: Readonly<Record<PolicyName, number>> = { failover: 700, primary: 50 };

export interface LinkInfo {
  ifname: string;
  ifindex: number;
  /** Administratively up (IFF_UP). */
  up: boolean;
  /** Carrier present (LOWER_UP and not NO-CARRIER). */
  carrier: boolean;
  operstate: string;
  mac: string | undefined;
}

export interface Ipv4Address {
  ifname: string;
  address: string;
  prefixlen: number;
  /** Came from DHCP (kernel "dynamic" flag). */
  dynamic: boolean;
}

export interface Route {
  dst: string;
  gateway: string | undefined;
  dev: string;
  /** Kernel default when absent is 0. */
  metric: number;
  protocol: string | undefined;
  prefsrc: string | undefined;
}

/** Which route the kernel picks for one destination (`ip route get`). */
export interface RouteLookup {
  dst: string;
  gateway: string | undefined;
  dev: string;
  src: string | undefined;
}

export interface StackDetection {
  stack: StackName;
  /** Why this stack was chosen, for the user. */
  reason: string;
  /** Whether NetworkManager manages this interface (never run a second DHCP client then). */
  nmManaged: boolean;
  facts: StackFacts;
}

/** What the platform observed; the choice itself is pure (core/net/stack.ts). */
export interface StackFacts {
  nmRunning: boolean;
  /** nmcli device state for the interface, e.g. "connected", "unmanaged", or undefined. */
  nmDeviceState: string | undefined;
  dhcpcdRunning: boolean;
  networkdRunning: boolean;
  dhclientPath: string | undefined;
  udhcpcPath: string | undefined;
  dhcpcdPath: string | undefined;
  nmcliPath: string | undefined;
  networkctlPath: string | undefined;
}

export interface NetStatus {
  iface: string;
  exists: boolean;
  link: LinkInfo | undefined;
  addresses: Ipv4Address[];
  /** All IPv4 default routes on the host, lowest metric first. */
  defaultRoutes: Route[];
  /** The default route the kernel uses (lowest metric), if any. */
  winningDefault: Route | undefined;
  /** This interface's default route, if any. */
  ifaceDefault: Route | undefined;
  /** The interface's role as uplink, judged from metrics. */
  role: 'primary' | 'backup' | 'none';
  dns: string[];
  stack: StackDetection;
  /** Problems seen in the route table, e.g. dhclient's metric-0 takeover. */
  findings: RouteFinding[];
}

export interface RouteFinding {
  code: 'metric0-takeover' | 'duplicate-default';
  message: string;
  route: Route;
}

export interface CommonOptions {
  iface: string;
  /** Default 'auto'. */
  stack?: StackChoice;
  /** Prefix for every config/state path (tests use a temp dir); default '' (the real /). */
  root?: string;
  signal?: AbortSignal;
  onProgress?: (step: NetProgress) => void;
}

export interface UpOptions extends CommonOptions {
  /** Default 'failover'. */
  policy?: PolicyName;
  /** Overrides the policy's metric. */
  metric?: number;
  persist?: boolean;
  /** Lease wait in ms; default 20000. */
  leaseTimeoutMs?: number;
}

export interface DownOptions extends CommonOptions {
  unpersist?: boolean;
}

export interface PolicyOptions extends CommonOptions {
  policy: PolicyName;
  metric?: number;
}

export interface CheckOptions extends CommonOptions {
  pingTargets: string[];
  dnsName: string;
  /** Per-probe timeout in ms; default 2000. */
  probeTimeoutMs?: number;
}

export interface NetProgress {
  step: string;
  message: string;
  /** The command run, for "every step explained"; argv, never a shell string. */
  command?: string[];
}

export interface UpResult {
  iface: string;
  stack: StackName;
  address: string | undefined;
  gateway: string | undefined;
  metric: number;
  routesBefore: Route[];
  routesAfter: Route[];
  persisted: boolean;
  changedFiles: string[];
}

export interface PolicyResult {
  iface: string;
  stack: StackName;
  policy: PolicyName;
  metric: number;
  routesBefore: Route[];
  routesAfter: Route[];
  fixedTakeover: boolean;
}

export interface DownResult {
  iface: string;
  stack: StackName;
  released: boolean;
  removedFiles: string[];
  restoredFiles: string[];
}

export interface PersistResult {
  iface: string;
  stack: StackName;
  files: string[];
  changed: boolean;
}

export type CheckClass =
  | 'interface-missing'
  | 'link-down'
  | 'no-lease'
  | 'no-default-route'
  | 'route-elsewhere'
  | 'gateway-unreachable'
  | 'no-data-session'
  | 'dns-broken'
  | 'ok';

export interface ProbeResult {
  kind: 'gateway' | 'ping' | 'dns';
  target: string;
  ok: boolean;
  ms: number | undefined;
  detail: string;
}

export interface CheckResult {
  iface: string;
  classification: CheckClass;
  /** One sentence for the user, with the next step. */
  summary: string;
  address: string | undefined;
  gateway: string | undefined;
  dnsServer: string | undefined;
  probes: ProbeResult[];
  routeForTarget: RouteLookup | undefined;
}

export interface NetworkOps {
  status(opts: CommonOptions): Promise<NetStatus>;
  up(opts: UpOptions): Promise<UpResult>;
  down(opts: DownOptions): Promise<DownResult>;
  policy(opts: PolicyOptions): Promise<PolicyResult>;
  check(opts: CheckOptions): Promise<CheckResult>;
  persist(opts: UpOptions): Promise<PersistResult>;
  unpersist(opts: CommonOptions): Promise<PersistResult>;
}

/** Errors that cross the service boundary as { code, message, hint } (architecture.md). */
export type NetErrorCode =
  | 'invalid-argument'
  | 'interface-missing'
  | 'lease-timeout'
  | 'command-failed'
  | 'command-timeout'
  | 'stack-unsupported'
  | 'not-permitted'
  | 'no-elevation';

export class NetError extends Error {
  override name = 'NetError';
  constructor(
    readonly code: NetErrorCode,
    message: string,
    readonly hint?: string,
  ) {
    super(message);
  }
}
