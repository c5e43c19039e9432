// The privileged helper's allow-list (issue 4, sim7600.md §5): each verb, its arguments and
// their validation, and the plan of steps it runs. Pure, so the exact command lines and file
// contents for every stack are testable without NetworkManager or systemd present.
// pkexec validates nothing: these checks run again inside the helper on every call.
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
import { isModemVendor } from '../devices/catalog.js';
import { NetError, type NetErrorCode } from './types.js';
import { validateIfaceName, validateIpv4, validateMetric, validateRootPrefix } from './validate.js';

export const VERBS = ['dhcp-up', 'dhcp-down', 'set-metric', 'write-dhcpcd-block', 'nm-profile', 'networkd-file', 'ifupdown-file', 'udev-rule', 'usb-serial-new-id', 'usb-rebind', 'daemon-unit'] as const;
export type Verb = (typeof VERBS)[number];

export const DHCP_STACKS = ['dhclient', 'dhcpcd', 'nm', 'networkd', 'udhcpc'] as const;
export type DhcpStack = (typeof DHCP_STACKS)[number];

/** The daemon's systemd unit (platform/system/systemd-unit.ts UNIT_NAME): the only unit daemon-unit touches. */
export const DAEMON_UNIT = 'simhat.service';

/** Fixed install path of the helper; the polkit action's exec.path names it (resources/polkit). */
export const HELPER_INSTALL_PATH = '/usr/lib/simhat/simhat-net-helper';

export interface VerbArgs {
  iface?: string;
  stack?: DhcpStack;
  metric?: number;
  gateway?: string;
  timeoutS?: number;
  root: string;
  action?: string;
  autoconnect?: boolean;
  vid?: string;
  pid?: string;
  /** A USB device by its port path (`1-1.3`), for usb-rebind. */
  device?: string;
}

export interface VerbRequest {
  verb: Verb;
  args: VerbArgs;
}

/** Which argument keys each verb takes, and which are required. */
const SPEC: Record<Verb, { required: string[]; optional: string[]; actions?: string[] }> = {
  'dhcp-up': { required: ['iface', 'stack', 'metric'], optional: ['timeout', 'root'] },
  'dhcp-down': { required: ['iface', 'stack'], optional: ['root'] },
  'set-metric': { required: ['iface', 'gateway', 'metric'], optional: [] },
  'write-dhcpcd-block': { required: ['iface', 'action'], optional: ['metric', 'root'], actions: ['set', 'remove'] },
  'nm-profile': { required: ['iface', 'action'], optional: ['metric', 'autoconnect', 'timeout'], actions: ['add', 'modify', 'reapply', 'delete', 'up', 'down'] },
  'networkd-file': { required: ['iface', 'action'], optional: ['metric', 'root'], actions: ['set', 'remove'] },
  'ifupdown-file': { required: ['iface', 'action'], optional: ['metric', 'root'], actions: ['set', 'remove'] },
  'udev-rule': { required: ['action'], optional: ['root'], actions: ['install', 'remove'] },
  'usb-serial-new-id': { required: ['vid', 'pid'], optional: ['root'] },
  // The watchdog's last stage (issue 11): unbind and bind the modem's USB device (a soft re-plug).
  'usb-rebind': { required: ['device'], optional: ['root'] },
  // "Keep me online" (issue 11 Boot): enable or disable the daemon's unit, nothing else. No root prefix:
  // systemctl acts on the running system only.
  'daemon-unit': { required: ['action'], optional: [], actions: ['enable', 'disable'] },
};

const bad = (msg: string) => new NetError('invalid-argument', msg);

export function isVerb(v: unknown): v is Verb {
  return typeof v === 'string' && (VERBS as readonly string[]).includes(v);
}

/**
 * Validate a raw request (strings, as they arrive on the helper's command line).
 * `allowRoot`: a root prefix is accepted only in-process (tests); the setuid-style helper
 * refuses it so a caller cannot aim root writes at arbitrary paths.
 */
export function parseVerbRequest(verb: unknown, raw: Record<string, string>, opts: { allowRoot: boolean }): VerbRequest {
  if (!isVerb(verb)) throw bad(`unknown verb ${JSON.stringify(verb)}; allowed: ${VERBS.join(', ')}`);
  const spec = SPEC[verb];
  for (const k of Object.keys(raw)) {
    if (!spec.required.includes(k) && !spec.optional.includes(k)) throw bad(`${verb}: unexpected argument "${k}"`);
  }
  for (const k of spec.required) if (raw[k] === undefined) throw bad(`${verb}: missing argument "${k}"`);
  const args: VerbArgs = { root: '' };
  if (raw.iface !== undefined) args.iface = validateIfaceName(raw.iface);
  if (raw.stack !== undefined) {
    if (!(DHCP_STACKS as readonly string[]).includes(raw.stack)) throw bad(`${verb}: stack must be one of ${DHCP_STACKS.join(', ')}`);
    args.stack = raw.stack as DhcpStack;
  }
  if (raw.metric !== undefined) args.metric = validateMetric(raw.metric);
  if (raw.gateway !== undefined) args.gateway = validateIpv4(raw.gateway, 'gateway');
  if (raw.timeout !== undefined) {
    if (!/^[0-9]{1,3}$/.test(raw.timeout) || Number(raw.timeout) < 1 || Number(raw.timeout) > 300) throw bad(`${verb}: timeout must be 1-300 seconds`);
    args.timeoutS = Number(raw.timeout);
  }
  if (raw.action !== undefined) {
    if (!spec.actions?.includes(raw.action)) throw bad(`${verb}: action must be one of ${(spec.actions ?? []).join(', ')}`);
    args.action = raw.action;
  }
  if (raw.autoconnect !== undefined) {
    if (raw.autoconnect !== 'yes' && raw.autoconnect !== 'no') throw bad(`${verb}: autoconnect must be yes or no`);
    args.autoconnect = raw.autoconnect === 'yes';
  }
  for (const k of ['vid', 'pid'] as const) {
    if (raw[k] !== undefined) {
      if (!/^[0-9a-f]{4}$/.test(raw[k])) throw bad(`${verb}: ${k} must be 4 lowercase hex digits`);
      args[k] = raw[k];
    }
  }
  if (raw.device !== undefined) {
    // bus-port[.port...]: digits, one dash, dots; never an option, a path or a glob.
    if (!/^[0-9]{1,3}-[0-9]{1,3}(\.[0-9]{1,3}){0,6}$/.test(raw.device)) throw bad(`${verb}: device must be a USB port path like 1-1.3`);
    args.device = raw.device;
  }
  // new_id binds the generic serial driver to a device: only ever a modem's (issue 15).
  if (args.vid !== undefined && !isModemVendor(parseInt(args.vid, 16))) throw bad(`${verb}: vid ${args.vid} is not a modem vendor's (SIMCom 1e0e, Quectel 2c7c)`);
  if (raw.root !== undefined && raw.root !== '') {
    if (!opts.allowRoot) throw bad(`${verb}: a root prefix is only accepted in-process (tests), not by the helper`);
    args.root = validateRootPrefix(raw.root);
  }
  if ((args.action === 'set' || args.action === 'add') && args.metric === undefined) throw bad(`${verb}: action ${args.action} needs a metric`);
  return { verb, args };
}

/** Serialise back to the helper's command line: `<verb> key=value ...`. */
export function verbArgv(verb: Verb, raw: Record<string, string>): string[] {
  return [verb, ...Object.entries(raw).map(([k, v]) => `${k}=${v}`)];
}

/** Parse the helper's command line `key=value ...` (no duplicates). */
export function parseKeyValues(argv: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const a of argv) {
    const i = a.indexOf('=');
    if (i <= 0) throw bad(`argument "${a}" is not key=value`);
    const k = a.slice(0, i);
    if (!/^[a-z]+$/.test(k) || k in out) throw bad(`bad or repeated key "${k}"`);
    out[k] = a.slice(i + 1);
  }
  return out;
}

// ---- plans -----------------------------------------------------------------------------------

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

const need = <T>(v: T | undefined, what: string): T => {
  if (v === undefined) throw bad(`missing ${what}`);
  return v;
};

export const DHCPCD_BLOCK_ID = (iface: string) => `interface ${iface}`;

/** The steps a verb runs. `udhcpcViaBusybox`: udhcpc exists only as a busybox applet. */
export function planVerb(req: VerbRequest, env: { udhcpcViaBusybox?: boolean } = {}): Step[] {
  const a = req.args;
  const p = statePaths(a.root);
  const iface = a.iface ?? '';
  const timeoutS = a.timeoutS ?? 20;
  const leaseTimeout = {
    code: 'lease-timeout' as const,
    message: `no DHCP lease on ${iface} within ${timeoutS} s: nothing answered DHCP on the link`,
    hint: 'Is the modem in RNDIS/ECM mode (simhat mode rndis) and finished booting? The modem serves DHCP even without a SIM (sim7600.md §3).',
  };
  const linkUp: RunStep = { kind: 'run', program: 'ip', args: ['link', 'set', 'dev', iface, 'up'], timeoutMs: 5000, why: `bring ${iface} up` };
  switch (req.verb) {
    case 'dhcp-up': {
      const metric = need(a.metric, 'metric');
      switch (need(a.stack, 'stack')) {
        case 'dhclient':
          return [
            { kind: 'dir', path: p.stateDir, why: 'simhat state directory' },
            { kind: 'dir', path: p.leaseDir, why: 'simhat lease directory' },
            { kind: 'file', path: p.dhclientConf(iface), content: renderDhclientConf(timeoutS), backupDir: p.backupDir, why: 'dhclient config with a short timeout' },
            linkUp,
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
              timeoutMs: (timeoutS + 5) * 1000,
              failAs: { 2: leaseTimeout },
              why: `get a lease on ${iface} with route metric ${metric}`,
            },
          ];
        case 'dhcpcd':
          // dhcpcd reads our managed block (metric) and rebinds only this interface. dhcpcd parses its
          // argv with getopt (also when it forwards it to a running manager): `--` ends the options.
          return [linkUp, { kind: 'run', program: 'dhcpcd', args: ['-n', '-t', String(timeoutS), '--', iface], timeoutMs: (timeoutS + 5) * 1000, failAs: { 1: leaseTimeout }, why: `dhcpcd: rebind ${iface}` }];
        case 'nm':
          return [{ kind: 'run', program: 'nmcli', args: ['--wait', String(timeoutS), 'connection', 'up', nmProfileName(iface)], timeoutMs: (timeoutS + 5) * 1000, failAs: { 4: leaseTimeout }, why: `NetworkManager: activate ${nmProfileName(iface)}` }];
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
            linkUp,
            // -n exit on failure, -q exit after the lease, -t/-T retries; the default script sets
            // the address and route; set-metric then moves the route to our metric.
            { kind: 'run', program: env.udhcpcViaBusybox ? 'busybox' : 'udhcpc', args: [...pre, '-i', iface, '-n', '-q', '-t', String(Math.max(1, Math.ceil(timeoutS / 3))), '-T', '3', '-p', p.udhcpcPid(iface)], timeoutMs: (timeoutS + 5) * 1000, failAs: { 1: leaseTimeout }, why: `busybox udhcpc on ${iface}` },
          ];
        }
      }
      break;
    }
    case 'dhcp-down':
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
      break;
    case 'set-metric': {
      const metric = need(a.metric, 'metric');
      return [
        { kind: 'run', program: 'ip', args: ['-4', 'route', 'replace', 'default', 'via', need(a.gateway, 'gateway'), 'dev', iface, 'metric', String(metric)], timeoutMs: 5000, why: `default route via ${iface} at metric ${metric}` },
        { kind: 'prune-defaults', iface, keepMetric: metric, why: `remove ${iface}'s other default routes (e.g. dhclient's metric 0)` },
      ];
    }
    case 'write-dhcpcd-block':
      return [{ kind: 'block', path: p.dhcpcdConf, id: DHCPCD_BLOCK_ID(iface), body: a.action === 'set' ? renderDhcpcdBlock(iface, need(a.metric, 'metric')) : null, why: `dhcpcd.conf block for ${iface}` }];
    case 'networkd-file':
      return [{ kind: 'file', path: p.networkdFile(iface), content: a.action === 'set' ? renderNetworkdFile(iface, need(a.metric, 'metric')) : null, backupDir: p.backupDir, why: `systemd-networkd file for ${iface}` }];
    case 'ifupdown-file':
      return [{ kind: 'file', path: p.ifupdownFile(iface), content: a.action === 'set' ? renderIfupdownStanza(iface, need(a.metric, 'metric')) : null, backupDir: p.backupDir, why: `ifupdown stanza for ${iface}` }];
    case 'nm-profile': {
      const name = nmProfileName(iface);
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
          return [{ kind: 'run', program: 'nmcli', args: ['--wait', String(a.timeoutS ?? 20), 'connection', 'up', name], timeoutMs: ((a.timeoutS ?? 20) + 5) * 1000, why: `activate ${name}` }];
        case 'down':
          return [{ kind: 'run', program: 'nmcli', args: ['connection', 'down', name], timeoutMs: 15_000, okCodes: [0, 10], why: `deactivate ${name}` }];
      }
      break;
    }
    case 'udev-rule': {
      const steps: Step[] = [{ kind: 'file', path: p.udevRule, content: a.action === 'install' ? renderUdevRule(HELPER_INSTALL_PATH) : null, backupDir: p.backupDir, why: 'udev rule: ModemManager off the modem, generic serial for 9018' }];
      // Reload only the real system's udev, never for a test root.
      if (a.root === '') steps.push({ kind: 'run', program: 'udevadm', args: ['control', '--reload'], timeoutMs: 10_000, okCodes: [0, 1], why: 'udev: reload rules' });
      return steps;
    }
    case 'usb-serial-new-id':
      return [{ kind: 'sysfs', path: p.usbSerialNewId, value: `${need(a.vid, 'vid')} ${need(a.pid, 'pid')}\n`, why: 'let the generic usb-serial driver bind the AT ports (sim7600.md §1, 9018)' }];
    case 'daemon-unit':
      // `--now` starts (stops) it too, so the link is kept from this moment, not from the next boot. systemctl
      // waits for the start or stop job: the daemon's graceful stop closes the modem and the history first.
      return [
        {
          kind: 'run',
          program: 'systemctl',
          args: [a.action === 'enable' ? 'enable' : 'disable', '--now', DAEMON_UNIT],
          timeoutMs: 60_000,
          why: a.action === 'enable' ? `start ${DAEMON_UNIT} now and at every boot (Keep me online)` : `stop ${DAEMON_UNIT} and no longer start it at boot`,
        },
      ];
    case 'usb-rebind': {
      const device = need(a.device, 'device');
      return [
        { kind: 'sysfs', path: p.usbUnbind, value: `${device}\n`, why: `unbind USB device ${device} (the modem leaves, as if unplugged)` },
        { kind: 'sysfs', path: p.usbBind, value: `${device}\n`, why: `bind USB device ${device} again (it enumerates afresh)` },
      ];
    }
  }
  throw bad(`${req.verb}: nothing to do for these arguments`);
}
