// The privileged helper's allow-list (issue 4, sim7600.md §5): each verb, its arguments and
// their validation. The steps each verb runs are planned in verb-plans.ts. Pure.
// pkexec validates nothing: these checks run again inside the helper on every call.
import { isModemVendor } from '../devices/catalog.js';
import { NetError } from './types.js';
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
