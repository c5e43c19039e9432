// The plan of steps each privileged verb runs (verbs.ts holds the allow-list and its validation).
// Pure, so the exact command lines and file contents for every stack are testable without
// NetworkManager or systemd present. One small planner per verb, looked up in PLANS.
import {
  nmProfileName,
  nmcliAddArgs,
  nmcliModifyArgs,
  networkdFileName,
  renderDhclientConf,
  renderDhcpcdBlock,
  renderIfupdownStanza,
  renderNetworkdFile,
  renderUdevRule,
  UDEV_RULE_NAME,
} from './config-render.js';
import { NetError, type NetErrorCode } from './types.js';
import { validateIfaceName, validateRootPrefix } from './validate.js';
import { DAEMON_UNIT, HELPER_INSTALL_PATH, type Verb, type VerbArgs, type VerbRequest } from './verbs.js';


export interface RunStep {
  kind: 'run';
  /** Program name, resolved to an absolute path from the fixed directory list at run time. */
  program: string;
  args: string[];
  timeoutMs: number;
  /** Exit codes treated as success; default [0]. */
  okCodes?: number[];
  /** Exit codes mapped to a typed error. */
  failAs?: Record<number, { code: NetErrorCode; message: string; hint?: string }>;
  why: string;
}
export interface BlockStep {
  kind: 'block';
  path: string;
  id: string;
  /**
   * null removes the block; once no simhat block is left, simhat's backups beside the file go too
   * (the user's file is back to its own content: nothing of simhat's remains).
   */
  body: string | null;
  why: string;
}
export interface FileStep {
  kind: 'file';
  path: string;
  /** null removes the (simhat-owned) file, and every backup of it (unpersist leaves no trace). */
  content: string | null;
  /**
   * simhat's own state folder for the backups of this file (issue 15 item 5): never the file's own
   * folder, which a system service may read wholesale (ifupdown sources interfaces.d/*).
   */
  backupDir: string;
  why: string;
}
/** Delete the interface's default routes whose metric differs from keepMetric (null: all). */
export interface PruneStep {
  kind: 'prune-defaults';
  iface: string;
  keepMetric: number | null;
  why: string;
}
/** Write to a sysfs attribute (no temp file: sysfs attributes take one write). */
export interface SysfsStep {
  kind: 'sysfs';
  path: string;
  value: string;
  why: string;
}
/** Create a directory simhat owns (state, leases) if missing. */
export interface DirStep {
  kind: 'dir';
  path: string;
  why: string;
}
/**
 * Stop the daemon whose pid the file holds with SIGTERM, only if it is `program` and its command
 * line names this pid file (so never someone else's process after pid reuse). ISC dhclient exits
 * on SIGTERM without running its script: the address and routes stay until the next instance
 * takes the lease over (issue 4: policy must survive renewals on the dhclient stack).
 */
export interface StopStep {
  kind: 'stop-pidfile';
  pidFile: string;
  program: string;
  why: string;
}
export type Step = RunStep | BlockStep | FileStep | PruneStep | SysfsStep | DirStep | StopStep;

export interface StatePaths {
  dhcpcdConf: string;
  networkdFile: (iface: string) => string;
  ifupdownFile: (iface: string) => string;
  udevRule: string;
  stateDir: string;
  dhclientConf: (iface: string) => string;
  dhclientPid: (iface: string) => string;
  leaseDir: string;
  dhclientLeases: (iface: string) => string;
  udhcpcPid: (iface: string) => string;
  usbSerialNewId: string;
  usbUnbind: string;
  usbBind: string;
  /** Backups of the files simhat owns (never beside them: see FileStep.backupDir). */
  backupDir: string;
}

export function statePaths(root: string): StatePaths {
  const r = validateRootPrefix(root);
  const state = `${r}/run/simhat`;
  return {
    dhcpcdConf: `${r}/etc/dhcpcd.conf`,
    networkdFile: (i) => `${r}/etc/systemd/network/${networkdFileName(i)}`,
    ifupdownFile: (i) => `${r}/etc/network/interfaces.d/simhat-${validateIfaceName(i)}`,
    udevRule: `${r}/etc/udev/rules.d/${UDEV_RULE_NAME}`,
    stateDir: state,
    dhclientConf: (i) => `${state}/dhclient-${validateIfaceName(i)}.conf`,
    dhclientPid: (i) => `${state}/dhclient-${validateIfaceName(i)}.pid`,
    leaseDir: `${r}/var/lib/simhat`,
    dhclientLeases: (i) => `${r}/var/lib/simhat/dhclient-${validateIfaceName(i)}.leases`,
    udhcpcPid: (i) => `${state}/udhcpc-${validateIfaceName(i)}.pid`,
    usbSerialNewId: `${r}/sys/bus/usb-serial/drivers/generic/new_id`,
    usbUnbind: `${r}/sys/bus/usb/drivers/usb/unbind`,
    usbBind: `${r}/sys/bus/usb/drivers/usb/bind`,
    backupDir: `${r}/var/lib/simhat/backups`,
  };
}

const bad = (msg: string) => new NetError('invalid-argument', msg);

const need = <T>(v: T | undefined, what: string): T => {
  if (v === undefined) throw bad(`missing ${what}`);
  return v;
};

export const DHCPCD_BLOCK_ID = (iface: string) => `interface ${iface}`;

export interface PlanEnv {
  /** udhcpc exists only as a busybox applet. */
  udhcpcViaBusybox?: boolean;
}

/** What every planner gets: the validated arguments, the state paths under their root, the interface. */
interface PlanInput {
  a: VerbArgs;
  p: StatePaths;
  iface: string;
  env: PlanEnv;
}

const linkUp = (iface: string): RunStep => ({ kind: 'run', program: 'ip', args: ['link', 'set', 'dev', iface, 'up'], timeoutMs: 5000, why: `bring ${iface} up` });

function leaseTimeout(iface: string, timeoutS: number) {
  return {
    code: 'lease-timeout' as const,
    message: `no DHCP lease on ${iface} within ${timeoutS} s: nothing answered DHCP on the link`,
    hint: 'Is the modem in RNDIS/ECM mode (simhat mode rndis) and finished booting? The modem serves DHCP even without a SIM (sim7600.md §3).',
  };
}

function planDhcpUp({ a, p, iface, env }: PlanInput): Step[] {
  const metric = need(a.metric, 'metric');
  const timeoutS = a.timeoutS ?? 20;
  const waitMs = (timeoutS + 5) * 1000;
  const timedOut = leaseTimeout(iface, timeoutS);
  switch (need(a.stack, 'stack')) {
    case 'dhclient':
      return [
        { kind: 'dir', path: p.stateDir, why: 'simhat state directory' },
        { kind: 'dir', path: p.leaseDir, why: 'simhat lease directory' },
        { kind: 'file', path: p.dhclientConf(iface), content: renderDhclientConf(timeoutS), backupDir: p.backupDir, why: 'dhclient config with a short timeout' },
        linkUp(iface),
        // dhclient keeps the IF_METRIC it was started with for every later renewal or rebind,
        // so a new metric needs a new instance: stop ours (a second one would run beside it),
        // then the new one re-requests the same lease from its lease file, address kept.
        { kind: 'stop-pidfile', pidFile: p.dhclientPid(iface), program: 'dhclient', why: `stop simhat's previous dhclient on ${iface} (address kept)` },
        {
          kind: 'run',
          program: 'dhclient',
          // -1: try once and exit 2 on failure; -e IF_METRIC: dhclient-script adds the
          // default route with our metric instead of 0 (sim7600.md §3); own pid/lease files
          // so we never disturb a system dhclient.
          args: ['-1', '-v', '-cf', p.dhclientConf(iface), '-pf', p.dhclientPid(iface), '-lf', p.dhclientLeases(iface), '-e', `IF_METRIC=${metric}`, iface],
          timeoutMs: waitMs,
          failAs: { 2: timedOut },
          why: `get a lease on ${iface} with route metric ${metric}`,
        },
      ];
    case 'dhcpcd':
      // dhcpcd reads our managed block (metric) and rebinds only this interface. dhcpcd parses its
      // argv with getopt (also when it forwards it to a running manager): `--` ends the options.
      return [linkUp(iface), { kind: 'run', program: 'dhcpcd', args: ['-n', '-t', String(timeoutS), '--', iface], timeoutMs: waitMs, failAs: { 1: timedOut }, why: `dhcpcd: rebind ${iface}` }];
    case 'nm':
      return [{ kind: 'run', program: 'nmcli', args: ['--wait', String(timeoutS), 'connection', 'up', nmProfileName(iface)], timeoutMs: waitMs, failAs: { 4: timedOut }, why: `NetworkManager: activate ${nmProfileName(iface)}` }];
    case 'networkd':
      return [
        { kind: 'run', program: 'networkctl', args: ['reload'], timeoutMs: 10_000, why: 'systemd-networkd: read our .network file' },
        // networkctl parses with getopt_long: `--` ends the options.
        { kind: 'run', program: 'networkctl', args: ['reconfigure', '--', iface], timeoutMs: 10_000, why: `systemd-networkd: reconfigure ${iface}` },
      ];
    case 'udhcpc': {
      const pre = env.udhcpcViaBusybox ? ['udhcpc'] : [];
      return [
        { kind: 'dir', path: p.stateDir, why: 'simhat state directory' },
        linkUp(iface),
        // -n exit on failure, -q exit after the lease, -t/-T retries; the default script sets
        // the address and route; set-metric then moves the route to our metric.
        { kind: 'run', program: env.udhcpcViaBusybox ? 'busybox' : 'udhcpc', args: [...pre, '-i', iface, '-n', '-q', '-t', String(Math.max(1, Math.ceil(timeoutS / 3))), '-T', '3', '-p', p.udhcpcPid(iface)], timeoutMs: waitMs, failAs: { 1: timedOut }, why: `busybox udhcpc on ${iface}` },
      ];
    }
  }
}

function planDhcpDown({ a, p, iface }: PlanInput): Step[] {
  switch (need(a.stack, 'stack')) {
    case 'dhclient':
      return [
        // -r releases the lease, stops our dhclient (by its pid file) and removes the address.
        // ISC dhclient has no `--` (it answers "Unknown command: --"): the name's first character
        // is never '-' (validateIfaceName), which keeps it from being read as an option.
        { kind: 'run', program: 'dhclient', args: ['-r', '-v', '-cf', p.dhclientConf(iface), '-pf', p.dhclientPid(iface), '-lf', p.dhclientLeases(iface), iface], timeoutMs: 10_000, why: `release the lease on ${iface}` },
        { kind: 'file', path: p.dhclientConf(iface), content: null, backupDir: p.backupDir, why: 'remove our dhclient config' },
        { kind: 'prune-defaults', iface, keepMetric: null, why: `remove default routes via ${iface} left behind (ours, from the lease)` },
      ];
    case 'dhcpcd':
      return [{ kind: 'run', program: 'dhcpcd', args: ['-k', '--', iface], timeoutMs: 10_000, okCodes: [0, 1], why: `dhcpcd: release ${iface}` }];
    case 'nm':
      // exit 10: profile not active, fine for down.
      return [{ kind: 'run', program: 'nmcli', args: ['connection', 'down', nmProfileName(iface)], timeoutMs: 15_000, okCodes: [0, 10], why: `NetworkManager: deactivate ${nmProfileName(iface)}` }];
    case 'networkd':
      return [
        { kind: 'run', program: 'networkctl', args: ['reload'], timeoutMs: 10_000, why: 'systemd-networkd: forget our .network file' },
        { kind: 'run', program: 'networkctl', args: ['down', '--', iface], timeoutMs: 10_000, why: `systemd-networkd: take ${iface} down` },
      ];
    case 'udhcpc':
      return [
        { kind: 'run', program: 'ip', args: ['-4', 'addr', 'flush', 'dev', iface], timeoutMs: 5000, why: `remove the udhcpc address from ${iface}` },
        { kind: 'prune-defaults', iface, keepMetric: null, why: `remove default routes via ${iface} left behind` },
      ];
  }
}

function planSetMetric({ a, iface }: PlanInput): Step[] {
  const metric = need(a.metric, 'metric');
  return [
    { kind: 'run', program: 'ip', args: ['-4', 'route', 'replace', 'default', 'via', need(a.gateway, 'gateway'), 'dev', iface, 'metric', String(metric)], timeoutMs: 5000, why: `default route via ${iface} at metric ${metric}` },
    { kind: 'prune-defaults', iface, keepMetric: metric, why: `remove ${iface}'s other default routes (e.g. dhclient's metric 0)` },
  ];
}

function planNmProfile({ a, iface }: PlanInput): Step[] {
  const name = nmProfileName(iface);
  const waitS = a.timeoutS ?? 20;
  switch (a.action) {
    case 'add':
      // Replace our own profile wholesale: delete (exit 10 = did not exist) then add.
      return [
        { kind: 'run', program: 'nmcli', args: ['connection', 'delete', name], timeoutMs: 15_000, okCodes: [0, 10], why: `drop an older ${name}` },
        { kind: 'run', program: 'nmcli', args: nmcliAddArgs(iface, need(a.metric, 'metric'), a.autoconnect ?? false), timeoutMs: 15_000, why: `create ${name}` },
      ];
    case 'modify': {
      const settings: Record<string, string> = {};
      if (a.metric !== undefined) settings['ipv4.route-metric'] = String(a.metric);
      if (a.autoconnect !== undefined) settings['connection.autoconnect'] = a.autoconnect ? 'yes' : 'no';
      if (Object.keys(settings).length === 0) throw bad('nm-profile modify: give metric and/or autoconnect');
      return [{ kind: 'run', program: 'nmcli', args: nmcliModifyArgs(iface, settings), timeoutMs: 15_000, why: `change ${name}` }];
    }
    case 'reapply':
      // Applies the changed profile (route metric) to the active device without a reconnect.
      // nmcli has no `--` (nmc_arg_is_option takes a bare `--` as a name): the name never starts with '-'.
      return [{ kind: 'run', program: 'nmcli', args: ['device', 'reapply', iface], timeoutMs: 15_000, why: `apply ${name} to ${iface} now` }];
    case 'delete':
      return [{ kind: 'run', program: 'nmcli', args: ['connection', 'delete', name], timeoutMs: 15_000, okCodes: [0, 10], why: `delete ${name}` }];
    case 'up':
      return [{ kind: 'run', program: 'nmcli', args: ['--wait', String(waitS), 'connection', 'up', name], timeoutMs: (waitS + 5) * 1000, why: `activate ${name}` }];
    case 'down':
      return [{ kind: 'run', program: 'nmcli', args: ['connection', 'down', name], timeoutMs: 15_000, okCodes: [0, 10], why: `deactivate ${name}` }];
  }
  throw bad(`nm-profile: unknown action ${JSON.stringify(a.action)}`);
}

function planUdevRule({ a, p }: PlanInput): Step[] {
  const steps: Step[] = [{ kind: 'file', path: p.udevRule, content: a.action === 'install' ? renderUdevRule(HELPER_INSTALL_PATH) : null, backupDir: p.backupDir, why: 'udev rule: ModemManager off the modem, generic serial for 9018' }];
  // Reload only the real system's udev, never for a test root.
  if (a.root === '') steps.push({ kind: 'run', program: 'udevadm', args: ['control', '--reload'], timeoutMs: 10_000, okCodes: [0, 1], why: 'udev: reload rules' });
  return steps;
}

function planDaemonUnit({ a }: PlanInput): Step[] {
  const enable = a.action === 'enable';
  // `--now` starts (stops) it too, so the link is kept from this moment, not from the next boot. systemctl
  // waits for the start or stop job: the daemon's graceful stop closes the modem and the history first.
  return [
    {
      kind: 'run',
      program: 'systemctl',
      args: [enable ? 'enable' : 'disable', '--now', DAEMON_UNIT],
      timeoutMs: 60_000,
      why: enable ? `start ${DAEMON_UNIT} now and at every boot (Keep me online)` : `stop ${DAEMON_UNIT} and no longer start it at boot`,
    },
  ];
}

function planUsbRebind({ a, p }: PlanInput): Step[] {
  const device = need(a.device, 'device');
  return [
    { kind: 'sysfs', path: p.usbUnbind, value: `${device}\n`, why: `unbind USB device ${device} (the modem leaves, as if unplugged)` },
    { kind: 'sysfs', path: p.usbBind, value: `${device}\n`, why: `bind USB device ${device} again (it enumerates afresh)` },
  ];
}

/** A managed config file or block: `set` writes our content, `remove` takes it (and its backups) away. */
const PLANS: Record<Verb, (input: PlanInput) => Step[]> = {
  'dhcp-up': planDhcpUp,
  'dhcp-down': planDhcpDown,
  'set-metric': planSetMetric,
  'write-dhcpcd-block': ({ a, p, iface }) => [{ kind: 'block', path: p.dhcpcdConf, id: DHCPCD_BLOCK_ID(iface), body: a.action === 'set' ? renderDhcpcdBlock(iface, need(a.metric, 'metric')) : null, why: `dhcpcd.conf block for ${iface}` }],
  'networkd-file': ({ a, p, iface }) => [{ kind: 'file', path: p.networkdFile(iface), content: a.action === 'set' ? renderNetworkdFile(iface, need(a.metric, 'metric')) : null, backupDir: p.backupDir, why: `systemd-networkd file for ${iface}` }],
  'ifupdown-file': ({ a, p, iface }) => [{ kind: 'file', path: p.ifupdownFile(iface), content: a.action === 'set' ? renderIfupdownStanza(iface, need(a.metric, 'metric')) : null, backupDir: p.backupDir, why: `ifupdown stanza for ${iface}` }],
  'nm-profile': planNmProfile,
  'udev-rule': planUdevRule,
  'usb-serial-new-id': ({ a, p }) => [{ kind: 'sysfs', path: p.usbSerialNewId, value: `${need(a.vid, 'vid')} ${need(a.pid, 'pid')}\n`, why: 'let the generic usb-serial driver bind the AT ports (sim7600.md §1, 9018)' }],
  'usb-rebind': planUsbRebind,
  'daemon-unit': planDaemonUnit,
};

/** The steps a verb runs. */
export function planVerb(req: VerbRequest, env: PlanEnv = {}): Step[] {
  return PLANS[req.verb]({ a: req.args, p: statePaths(req.args.root), iface: req.args.iface ?? '', env });
}
