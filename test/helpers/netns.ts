// Network-namespace harness for the network layer (issue 4): real ip, dnsmasq, dhclient, ping.
//   host   — a veth end named like the modem's interface (usb0) and optionally eth0 with a
//            default route (metric 100) to the upstream namespace
//   modem  — the other veth end at 192.168.225.1/24 running dnsmasq (DHCP, DNS) like the
//            SIM7600's NAT (sim7600.md §3), plus INTERNET_IP on lo standing for "the internet"
//   upstream (optional) — the other end of eth0 at 10.99.0.1
//   internet (optional, `internetHost: true`; issue 11) — a test host behind the modem namespace
//            holding INTERNET_IP and a DNS server for TEST_DNS_NAME; the modem's dnsmasq forwards
//            DNS to it, and the modem routes to it only while the twin holds a data session
//            (followTwin), so a dead data session looks dead from the host side too
// Names carry a random suffix so parallel test files never collide. /etc/netns/<host>/resolv.conf
// exists before any DHCP client runs there (ip netns exec bind-mounts it over /etc/resolv.conf).
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TwinControlClient } from '../../src-main/twin/control-client.js';
import type { Twin } from '../../src-main/twin/twin.js';

export const MODEM_IP = '192.168.225.1';
export const INTERNET_IP = '10.254.0.1';
export const UPSTREAM_IP = '10.99.0.1';
export const HOST_ETH_IP = '10.99.0.2';
export const TEST_DNS_NAME = 'probe.simhat.test';
/** Transfer net between the modem namespace (wan0, .1) and the internet host (inet0, .2). */
export const MODEM_WAN_IP = '10.253.0.1';
export const INTERNET_LINK_IP = '10.253.0.2';
export const REPO = fileURLToPath(new URL('../../', import.meta.url));

export interface Exec {
  code: number;
  stdout: string;
  stderr: string;
}

export function sh(program: string, args: string[], timeoutMs = 15_000, env?: Record<string, string>): Promise<Exec> {
  return new Promise((resolve) => {
    execFile(program, args, { timeout: timeoutMs, killSignal: 'SIGKILL', encoding: 'utf8', cwd: REPO, env: { ...process.env, ...env } }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? ((err as { code: number }).code) : 124) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

async function must(program: string, args: string[]): Promise<string> {
  const r = await sh(program, args);
  if (r.code !== 0) throw new Error(`${program} ${args.join(' ')} failed (${r.code}): ${r.stderr.trim()}`);
  return r.stdout;
}

export interface NetnsOptions {
  /** Modem-side interface name in the host namespace; default usb0. */
  iface?: string;
  /** Add eth0 with a default route metric 100 to an upstream namespace; default false. */
  eth0?: boolean;
  /** Start the DHCP/DNS server in the modem namespace; default true. */
  dhcp?: boolean;
  /**
   * DHCP renewal time T1 in seconds sent to clients (option 58; T2 = T1 + 1): lets a test see a
   * client's renewal within seconds instead of half the lease. Default: the client's own (5 min).
   */
  renewalS?: number;
  /**
   * Put "the internet" (INTERNET_IP and the DNS name) on a test host in its own namespace behind
   * the modem, reachable only while followTwin() says the twin holds a data session (down until
   * then). Default false: INTERNET_IP sits on the modem namespace's lo and its dnsmasq answers the
   * name itself (setInternet toggles it).
   */
  internetHost?: boolean;
}

/** The default DHCP pool; a test can restart the server with another to force a rebind. */
export const DHCP_RANGE: readonly [string, string] = ['192.168.225.20', '192.168.225.60'];

export interface NetnsHarness {
  readonly host: string;
  readonly modem: string;
  readonly upstream: string | undefined;
  readonly iface: string;
  /** Temp dir for dnsmasq files and the CLI's --root. */
  readonly tmp: string;
  readonly root: string;
  /** Run a program inside a namespace (argv, no shell). */
  exec(ns: string, argv: string[], timeoutMs?: number, env?: Record<string, string>): Promise<Exec>;
  /** `node bin/simhat.js net ...` inside the host namespace (extra environment optional). */
  cli(args: string[], timeoutMs?: number, env?: Record<string, string>): Promise<Exec & { json: unknown }>;
  /** Add/remove the "internet" address in the modem namespace (no data session when false). */
  setInternet(reachable: boolean): Promise<void>;
  /** Start dnsmasq (again), optionally with another address pool (e.g. to NAK renewals). */
  startDhcp(range?: readonly [string, string]): Promise<void>;
  stopDhcp(): Promise<void>;
  /** IPv4 default routes in the host namespace as `ip -j` objects. */
  hostRoutes(): Promise<{ dst: string; gateway?: string; dev: string; metric?: number }[]>;
  /** The internet host's namespace (internetHost only). */
  readonly internet: string | undefined;
  /**
   * Couples the harness to a twin (internetHost only): the internet answers while it holds a data
   * session, and the modem's side of usb0 loses its carrier while its port is gone (reset, unplug).
   * Takes an in-process Twin or the control client of a `simhat twin --control` process. Returns
   * a function that stops following.
   */
  followTwin(source: TwinSource): Promise<() => void>;
  /** Resolves when every change the twin's events asked for is applied. */
  coupled(): Promise<void>;
  close(): Promise<void>;
}

/** What followTwin listens to: an in-process twin, or a twin in another process through its control socket. */
export type TwinSource = Twin | TwinControlClient;

export async function createNetns(opts: NetnsOptions = {}): Promise<NetnsHarness> {
  const id = randomBytes(4).toString('hex');
  const host = `shh-${id}`;
  const modem = `shm-${id}`;
  const upstream = opts.eth0 ? `shu-${id}` : undefined;
  const internet = opts.internetHost ? `shi-${id}` : undefined;
  const iface = opts.iface ?? 'usb0';
  const tmp = await mkdtemp(join(tmpdir(), `simhat-netns-${id}-`));
  const root = join(tmp, 'root');
  let dnsmasq: ChildProcess | undefined;
  let internetDns: ChildProcess | undefined;
  const namespaces = [host, modem, ...(upstream ? [upstream] : []), ...(internet ? [internet] : [])];

  const inNs = (ns: string, argv: string[], timeoutMs?: number, env?: Record<string, string>) => sh('ip', ['netns', 'exec', ns, ...argv], timeoutMs, env);

  const startDhcp = async (range: readonly [string, string] = DHCP_RANGE) => {
    if (dnsmasq) return;
    const renewal = opts.renewalS ? [`--dhcp-option=option:T1,${opts.renewalS}`, `--dhcp-option=option:T2,${opts.renewalS + 1}`] : [];
    const log = join(tmp, 'dnsmasq.log');
    const child = spawn(
      'ip',
      [
        'netns', 'exec', modem, 'dnsmasq',
        '--keep-in-foreground', '--conf-file=/dev/null', '--no-resolv', '--no-hosts',
        '--interface=modem0', '--bind-interfaces', '--except-interface=lo',
        `--dhcp-range=${range[0]},${range[1]},255.255.255.0,10m`,
        ...renewal,
        `--dhcp-option=option:router,${MODEM_IP}`, `--dhcp-option=option:dns-server,${MODEM_IP}`,
        // With an internet host, forward to its DNS (no cache: an answer must need the session).
        ...(internet ? [`--server=${INTERNET_IP}`, '--cache-size=0', '--no-negcache'] : [`--address=/${TEST_DNS_NAME}/${INTERNET_IP}`]),
        `--pid-file=${join(tmp, 'dnsmasq.pid')}`, `--dhcp-leasefile=${join(tmp, 'dnsmasq.leases')}`,
        // no ICMP probe before offering an address: saves up to 3 s per lease
        '--no-ping', '--user=root', `--log-facility=${log}`,
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    dnsmasq = child;
    await listening(child, modem, `${MODEM_IP}:53`);
  };

  // Ready when it listens on the DNS port in its namespace.
  const listening = async (child: ChildProcess, ns: string, address: string) => {
    let err = '';
    child.stderr?.on('data', (c: Buffer) => (err += c.toString()));
    for (let i = 0; i < 100; i++) {
      if (child.exitCode !== null) throw new Error(`dnsmasq exited: ${err}`);
      const ss = await inNs(ns, ['ss', '-lun']);
      if (ss.stdout.includes(address)) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`dnsmasq did not start: ${err}`);
  };

  const kill = async (child: ChildProcess | undefined) => {
    if (!child || child.exitCode !== null) return;
    const gone = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await Promise.race([gone, new Promise((r) => setTimeout(r, 2000))]);
    if (child.exitCode === null) child.kill('SIGKILL');
  };

  // The internet host: INTERNET_IP on its lo, a DNS server that knows only TEST_DNS_NAME, and a
  // route back to the modem's LAN; the modem routes to it through wan0 (set by the twin's session).
  const startInternet = async (ns: string) => {
    await must('ip', ['link', 'add', 'wan0', 'netns', modem, 'type', 'veth', 'peer', 'name', 'inet0', 'netns', ns]);
    await must('ip', ['-n', modem, 'addr', 'add', `${MODEM_WAN_IP}/30`, 'dev', 'wan0']);
    await must('ip', ['-n', modem, 'link', 'set', 'wan0', 'up']);
    await must('ip', ['-n', ns, 'addr', 'add', `${INTERNET_LINK_IP}/30`, 'dev', 'inet0']);
    await must('ip', ['-n', ns, 'link', 'set', 'inet0', 'up']);
    await must('ip', ['-n', ns, 'addr', 'add', `${INTERNET_IP}/32`, 'dev', 'lo']);
    await must('ip', ['-n', ns, 'route', 'add', '192.168.225.0/24', 'via', MODEM_WAN_IP, 'dev', 'inet0']);
    await must('ip', ['netns', 'exec', modem, 'sysctl', '-q', '-w', 'net.ipv4.ip_forward=1']);
    await setSession(false);
    const child = spawn(
      'ip',
      [
        'netns', 'exec', ns, 'dnsmasq', '--keep-in-foreground', '--conf-file=/dev/null', '--no-resolv', '--no-hosts',
        `--listen-address=${INTERNET_IP}`, '--bind-interfaces', `--address=/${TEST_DNS_NAME}/${INTERNET_IP}`,
        `--pid-file=${join(tmp, 'internet-dns.pid')}`, '--user=root', `--log-facility=${join(tmp, 'internet-dns.log')}`,
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    internetDns = child;
    await listening(child, ns, `${INTERNET_IP}:53`);
  };

  // The modem's data session as routing: with it, the internet is one hop beyond wan0; without it,
  // the modem answers "unreachable" at once (as the real module's NAT drops the traffic).
  const setSession = (up: boolean) =>
    must('ip', ['-n', modem, 'route', 'replace', ...(up ? [`${INTERNET_IP}/32`, 'via', INTERNET_LINK_IP, 'dev', 'wan0'] : ['unreachable', `${INTERNET_IP}/32`])]).then(() => undefined);
  const setCarrier = (on: boolean) => must('ip', ['-n', modem, 'link', 'set', 'modem0', on ? 'up' : 'down']).then(() => undefined);
  let coupling: Promise<void> = Promise.resolve();
  const apply = (step: () => Promise<void>) => {
    coupling = coupling.then(step, step);
  };

  const stopDhcp = async () => {
    const child = dnsmasq;
    dnsmasq = undefined;
    if (!child || child.exitCode !== null) return;
    const gone = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await Promise.race([gone, new Promise((r) => setTimeout(r, 2000))]);
    if (child.exitCode === null) child.kill('SIGKILL');
  };

  const close = async () => {
    await stopDhcp();
    await kill(internetDns);
    for (const ns of namespaces) {
      // dhclient daemons started by the tests live in the host namespace: end them by pid.
      const pids = await sh('ip', ['netns', 'pids', ns]);
      for (const pid of pids.stdout.split('\n').filter((p) => /^[0-9]+$/.test(p))) {
        try {
          process.kill(Number(pid), 'SIGKILL');
        } catch {
          // already gone
        }
      }
      await sh('ip', ['netns', 'del', ns]);
      await rm(`/etc/netns/${ns}`, { recursive: true, force: true });
    }
    await rm(tmp, { recursive: true, force: true });
  };

  try {
    for (const ns of namespaces) {
      await must('ip', ['netns', 'add', ns]);
      // Before any DHCP client runs (COMMON rules): dhclient-script rewrites this copy, not the host's.
      await mkdir(`/etc/netns/${ns}`, { recursive: true });
      await writeFile(`/etc/netns/${ns}/resolv.conf`, '# simhat test namespace\n');
      await must('ip', ['-n', ns, 'link', 'set', 'lo', 'up']);
    }
    await must('ip', ['link', 'add', iface, 'netns', host, 'type', 'veth', 'peer', 'name', 'modem0', 'netns', modem]);
    await must('ip', ['-n', modem, 'addr', 'add', `${MODEM_IP}/24`, 'dev', 'modem0']);
    await must('ip', ['-n', modem, 'link', 'set', 'modem0', 'up']);
    if (!internet) await must('ip', ['-n', modem, 'addr', 'add', `${INTERNET_IP}/32`, 'dev', 'lo']);
    if (upstream) {
      await must('ip', ['link', 'add', 'eth0', 'netns', host, 'type', 'veth', 'peer', 'name', 'up0', 'netns', upstream]);
      await must('ip', ['-n', upstream, 'addr', 'add', `${UPSTREAM_IP}/24`, 'dev', 'up0']);
      await must('ip', ['-n', upstream, 'link', 'set', 'up0', 'up']);
      await must('ip', ['-n', host, 'addr', 'add', `${HOST_ETH_IP}/24`, 'dev', 'eth0']);
      await must('ip', ['-n', host, 'link', 'set', 'eth0', 'up']);
      await must('ip', ['-n', host, 'route', 'add', 'default', 'via', UPSTREAM_IP, 'dev', 'eth0', 'metric', '100']);
    }
    if (internet) await startInternet(internet);
    if (opts.dhcp ?? true) await startDhcp();
  } catch (err) {
    await close();
    throw err;
  }

  return {
    host,
    modem,
    upstream,
    iface,
    tmp,
    root,
    exec: inNs,
    async cli(args, timeoutMs = 60_000, env) {
      const r = await inNs(host, [process.execPath, join(REPO, 'bin/simhat.js'), 'net', ...args], timeoutMs, env);
      let json: unknown;
      try {
        json = JSON.parse(r.stdout.trim().split('\n').pop() ?? '');
      } catch {
        json = undefined;
      }
      return { ...r, json };
    },
    async setInternet(reachable) {
      await must('ip', ['-n', modem, 'addr', reachable ? 'replace' : 'del', `${INTERNET_IP}/32`, 'dev', 'lo']);
    },
    startDhcp,
    stopDhcp,
    async hostRoutes() {
      return JSON.parse(await must('ip', ['-n', host, '-j', '-4', 'route', 'show', 'default'])) as { dst: string; gateway?: string; dev: string; metric?: number }[];
    },
    internet,
    async followTwin(source) {
      if (!internet) throw new Error('followTwin needs createNetns({ internetHost: true })');
      if (source instanceof TwinControlClient) {
        return source.watch((e) => {
          if (e.event === 'data-session') apply(() => setSession(e.up === true));
          else if (e.event === 'reset-start') apply(() => setCarrier(false));
          else if (e.event === 'reappeared') apply(() => setCarrier(true));
        });
      }
      const twin = source;
      const onData = (up: boolean) => apply(() => setSession(up));
      const onGone = () => apply(() => setCarrier(false));
      const onBack = () => apply(() => setCarrier(true));
      twin.on('data-session', onData);
      twin.on('reset-start', onGone);
      twin.on('unplugged', onGone);
      twin.on('reappeared', onBack);
      apply(() => setSession(twin.dataUp));
      apply(() => setCarrier(twin.present));
      return () => {
        twin.off('data-session', onData);
        twin.off('reset-start', onGone);
        twin.off('unplugged', onGone);
        twin.off('reappeared', onBack);
      };
    },
    async coupled() {
      await coupling;
    },
    close,
  };
}

/** Builds dist/ when the compiled CLI is missing (CI builds through `npm install`). */
export async function ensureBuilt(): Promise<void> {
  if (existsSync(join(REPO, 'dist/main/cli/commands/net.js'))) return;
  await sh(process.execPath, [join(REPO, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.main.json'], 180_000);
}

export async function readText(path: string): Promise<string> {
  return readFile(path, 'utf8');
}
