// Runs a validated verb's plan (core/net/verbs.ts). This is the only code that changes the host's
// network; it runs in the helper process (pkexec / sudo) or in-process when we already are root.
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { hasAnyManagedBlock, removeManagedBlock, upsertManagedBlock } from '../../core/net/config-render.js';
import { parseIpRouteJson } from '../../core/net/ip-parse.js';
import { isModemVendor } from '../../core/devices/catalog.js';
import { assertModemIface } from '../../core/net/modem-iface.js';
import { NetError } from '../../core/net/types.js';
import { parseVerbRequest, type Verb, type VerbRequest } from '../../core/net/verbs.js';
import { planVerb, type Step } from '../../core/net/verb-plans.js';
import { editFile, moveBackupsAside, readTextOrEmpty, removeBackups, removeOwnedFile } from '../net/atomic-file.js';
import { stopOurDaemon } from '../net/pidfile.js';
import { findProgram, requireProgram, run, runOk } from '../net/run.js';
import { readNetdevFacts } from './netdev-facts.js';

export interface StepReport {
  why: string;
  command?: string[];
  file?: string;
  changed: boolean;
  backup?: string;
  /** Backups removed with the file or the last block (unpersist leaves no trace), or moved out of a sourced folder. */
  backups?: string[];
  output?: string;
}

export interface VerbResult {
  verb: Verb;
  steps: StepReport[];
  /** Files written or removed. */
  files: string[];
}

const PACKAGE_OF: Record<string, string> = {
  ip: 'iproute2',
  dhclient: 'isc-dhcp-client',
  dhcpcd: 'dhcpcd',
  nmcli: 'network-manager',
  networkctl: 'systemd',
  busybox: 'busybox',
  udhcpc: 'udhcpc',
  udevadm: 'udev',
  systemctl: 'systemd',
};

/** Verbs acting on a live interface need it to exist; config writers and removals do not. */
const NEEDS_LIVE_IFACE = new Set<Verb>(['dhcp-up', 'set-metric']);

async function runStep(step: Step, signal?: AbortSignal): Promise<StepReport> {
  switch (step.kind) {
    case 'run': {
      const program = requireProgram(step.program, PACKAGE_OF[step.program] ?? step.program);
      const r = await run(program, step.args, { timeoutMs: step.timeoutMs, signal });
      const ok = (step.okCodes ?? [0]).includes(r.code);
      if (!ok) {
        const mapped = step.failAs?.[r.code];
        if (mapped) throw new NetError(mapped.code, mapped.message, mapped.hint);
        const tail = (r.stderr || r.stdout).trim().split('\n').slice(-3).join(' / ');
        throw new NetError('command-failed', `${step.why}: ${program} ${step.args.join(' ')} exited ${r.code}: ${tail}`);
      }
      return { why: step.why, command: [program, ...step.args], changed: true, output: (r.stdout + r.stderr).trim().slice(-2000) };
    }
    case 'block': {
      const e = await editFile(step.path, (text) => (step.body === null ? removeManagedBlock(text, step.id).text : upsertManagedBlock(text, step.id, step.body).text), {
        deleteIfEmpty: false,
      });
      // The last simhat block gone: the file is the user's own again, simhat's backups of it go too.
      const backups = step.body === null && !hasAnyManagedBlock((await readTextOrEmpty(step.path)).text) ? await removeBackups(step.path) : [];
      return { why: step.why, file: step.path, changed: e.changed || backups.length > 0, ...(e.backup ? { backup: e.backup } : {}), ...(backups.length ? { backups } : {}) };
    }
    case 'file': {
      if (step.content === null) {
        const removed = await removeOwnedFile(step.path);
        // Every trace: the backups in simhat's state folder and any round 1 left beside the file.
        const backups = await removeBackups(step.path, step.backupDir);
        return { why: step.why, file: step.path, changed: removed || backups.length > 0, ...(backups.length ? { backups } : {}) };
      }
      const content = step.content;
      // Round 1 kept backups beside the file, where e.g. ifupdown loads them at boot: move them out.
      const moved = await moveBackupsAside(step.path, step.backupDir);
      const e = await editFile(step.path, () => content, { backupDir: step.backupDir });
      return { why: step.why, file: step.path, changed: e.changed || moved.length > 0, ...(e.backup ? { backup: e.backup } : {}), ...(moved.length ? { backups: moved } : {}) };
    }
    case 'prune-defaults': {
      const ip = requireProgram('ip', 'iproute2');
      // Not `show dev X`: iproute2 then omits "dev" from the JSON objects.
      const routes = parseIpRouteJson((await runOk(ip, ['-j', '-4', 'route', 'show', 'default'], { timeoutMs: 5000 })).stdout);
      let changed = false;
      for (const r of routes) {
        if (r.dev !== step.iface || r.metric === step.keepMetric) continue;
        const args = ['-4', 'route', 'del', 'default', ...(r.gateway ? ['via', r.gateway] : []), 'dev', step.iface, 'metric', String(r.metric)];
        await runOk(ip, args, { timeoutMs: 5000 });
        changed = true;
      }
      return { why: step.why, changed };
    }
    case 'dir': {
      await mkdir(step.path, { recursive: true, mode: 0o755 });
      return { why: step.why, changed: false };
    }
    case 'stop-pidfile': {
      const stopped = await stopOurDaemon(step.pidFile, step.program);
      return { why: step.why, changed: stopped };
    }
    case 'sysfs': {
      if (!existsSync(dirname(step.path))) throw new NetError('command-failed', `${dirname(step.path)} does not exist: is the usbserial module loaded (modprobe usbserial)?`);
      await writeFile(step.path, step.value);
      return { why: step.why, file: step.path, changed: true };
    }
  }
}

/** Execute a validated request; steps run in order and stop at the first failure. */
export async function executeVerb(req: VerbRequest, signal?: AbortSignal): Promise<VerbResult> {
  if (req.args.iface && NEEDS_LIVE_IFACE.has(req.verb) && !existsSync(`/sys/class/net/${req.args.iface}`)) {
    throw new NetError('interface-missing', `network interface ${req.args.iface} does not exist`);
  }
  if (req.args.root !== '') await mkdir(req.args.root, { recursive: true });
  const steps = planVerb(req, { udhcpcViaBusybox: !findProgram('udhcpc') && !!findProgram('busybox') });
  for (const s of steps) {
    if (s.kind === 'file' && s.content !== null) await mkdir(dirname(s.path), { recursive: true });
  }
  const reports: StepReport[] = [];
  for (const s of steps) reports.push(await runStep(s, signal));
  const files = reports.filter((r) => r.file && r.changed).map((r) => r.file as string);
  return { verb: req.verb, steps: reports, files };
}

export interface ExecuteOptions {
  /** A root prefix for config/state paths is accepted only in-process (tests), never by the helper. */
  allowRoot: boolean;
  signal?: AbortSignal;
  /**
   * Act only on a modem's interface, decided from this sysfs tree (core/net/modem-iface.ts). The
   * installed helper always passes /sys; in-process callers (already root) may opt in, e.g. a daemon
   * acting for other users, and a test root may declare its own tree.
   */
  modemOnly?: { sysfsRoot: string };
}

/** Validate raw key=value arguments and execute (the helper's and the in-process path). */
export async function executeRaw(verb: string, raw: Record<string, string>, opts: ExecuteOptions): Promise<VerbResult> {
  const req = parseVerbRequest(verb, raw, { allowRoot: opts.allowRoot });
  if (opts.modemOnly && req.args.iface !== undefined) assertModemIface(req, await readNetdevFacts(req.args.iface, opts.modemOnly.sysfsRoot));
  // A re-bind acts only on a modem's USB device, whoever asks: decided from sysfs by this process.
  if (req.args.device !== undefined) await assertModemDevice(req.args.device, opts.modemOnly?.sysfsRoot ?? `${req.args.root}/sys`);
  return executeVerb(req, opts.signal);
}

async function assertModemDevice(device: string, sysfsRoot: string): Promise<void> {
  const vid = await readFile(`${sysfsRoot}/bus/usb/devices/${device}/idVendor`, 'utf8').then(
    (t) => parseInt(t.trim(), 16),
    () => null,
  );
  if (vid === null) throw new NetError('invalid-argument', `usb-rebind: no USB device ${device}`);
  if (!isModemVendor(vid)) throw new NetError('invalid-argument', `usb-rebind: USB device ${device} (vendor ${vid.toString(16).padStart(4, '0')}) is not a modem`);
}
