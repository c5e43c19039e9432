// The systemd unit of `simhat daemon` (issue 11), rendered for the install at hand, and the steps
// that enable or disable it. Pure: no IO (systemd-service.ts carries the steps out).
//
// Sandboxing: the daemon runs as root because its privileged helper's work needs it (routes and
// DHCP client: CAP_NET_ADMIN/NET_RAW/NET_BIND_SERVICE; sysfs unbind/bind of the modem: writable
// /sys, so no ProtectKernelTunables; edits of /etc network config: ProtectSystem=yes (read-only
// /usr and /boot) rather than full/strict, which would freeze /etc). Node's JIT and WASM need W+X
// pages, so no MemoryDenyWriteExecute. No ProtectHome: the daemon owns the settings, kept in root's
// config folder like every root simhat's. Everything else the helper never needs is closed.

export const UNIT_NAME = 'simhat.service';
/** First line of a unit `simhat daemon --enable` wrote; --disable removes only such a unit. */
export const WRITTEN_MARK = '# Written by `simhat daemon --enable`; `simhat daemon --disable` removes it.';
/** Where the .deb installs its (vendor) unit; an admin unit in /etc/systemd/system overrides it. */
export const VENDOR_UNIT_PATH = '/usr/lib/systemd/system/simhat.service';
export const ADMIN_UNIT_PATH = '/etc/systemd/system/simhat.service';
export const DEB_LAUNCHER = '/usr/bin/simhat';

/** How this simhat was installed, which decides the daemon's command line. */
export type Install =
  /** The .deb: the launcher runs the CLI with the packaged runtime in Node mode. */
  | { kind: 'launcher'; path: string }
  /** npm (global or not): node runs the package's bin; a packaged runtime without launcher runs in Node mode. */
  | { kind: 'runtime'; runtime: string; entry: string; nodeMode: boolean };

// systemd splits ExecStart on spaces and treats quotes, `$`, `%` and `\` specially: only plain
// absolute paths go in (a path outside this set is refused, never quoted).
const SAFE_PATH = /^\/[A-Za-z0-9._+@/-]{1,4095}$/;
// Daemon options a unit may carry (values checked by the daemon itself, but never any that
// systemd would read as a specifier, variable or quote).
const SAFE_ARG = /^[A-Za-z0-9._+@/:=,-]{1,255}$/;

export function execStart(install: Install, args: readonly string[] = []): string[] {
  const paths = install.kind === 'launcher' ? [install.path] : [install.runtime, install.entry];
  for (const p of paths) if (!SAFE_PATH.test(p) || p.includes('/../') || p.endsWith('/..')) throw new RangeError(`cannot put this path in a systemd unit: ${JSON.stringify(p)}`);
  for (const a of args) if (!SAFE_ARG.test(a)) throw new RangeError(`cannot put this daemon option in a systemd unit: ${JSON.stringify(a)}`);
  return [...paths, 'daemon', ...args];
}

export interface UnitOptions {
  /** Extra `simhat daemon` options (defaults come from the saved settings). */
  args?: readonly string[];
  /** Start the file with WRITTEN_MARK (units written by --enable; the .deb's shipped unit has none). */
  mark?: boolean;
}

export function renderUnit(install: Install, options: UnitOptions = {}): string {
  const env = install.kind === 'runtime' && install.nodeMode ? ['Environment=ELECTRON_RUN_AS_NODE=1'] : [];
  const lines = [
    ...(options.mark ? [WRITTEN_MARK] : []),
    '[Unit]',
    'Description=simhat daemon: keeps the LTE modem online and records its history',
    'Documentation=https://github.com/simhat/simhat man:systemd.exec(5)',
    // The modem's interface is for the daemon to bring up: it needs the basic network plumbing only.
    'After=network-pre.target systemd-udevd.service',
    'Wants=network-pre.target',
    '',
    '[Service]',
    'Type=simple',
    ...env,
    `ExecStart=${execStart(install, options.args ?? []).join(' ')}`,
    'Restart=on-failure',
    'RestartSec=5',
    // /run/simhat (the socket, 0750) and /var/lib/simhat (history, leases), made by systemd.
    'RuntimeDirectory=simhat',
    'RuntimeDirectoryMode=0750',
    'StateDirectory=simhat',
    'StateDirectoryMode=0750',
    'UMask=0027',
    'NoNewPrivileges=yes',
    'ProtectSystem=yes',
    'PrivateTmp=yes',
    'ProtectKernelModules=yes',
    'ProtectKernelLogs=yes',
    'ProtectControlGroups=yes',
    'ProtectClock=yes',
    'ProtectHostname=yes',
    'RestrictNamespaces=yes',
    'RestrictRealtime=yes',
    'RestrictSUIDSGID=yes',
    'LockPersonality=yes',
    'SystemCallArchitectures=native',
    // Netlink for ip and udev events, packet sockets for the DHCP client, inet for probes, unix for the Api socket.
    'RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6 AF_NETLINK AF_PACKET',
    // Routes and DHCP; file ownership and modes of config it rewrites; ending the DHCP client it started.
    'CapabilityBoundingSet=CAP_NET_ADMIN CAP_NET_RAW CAP_NET_BIND_SERVICE CAP_DAC_OVERRIDE CAP_CHOWN CAP_FOWNER CAP_KILL CAP_SETUID CAP_SETGID CAP_AUDIT_WRITE',
    '',
    '[Install]',
    'WantedBy=multi-user.target',
  ];
  return lines.join('\n') + '\n';
}

export type SystemdStep =
  | { kind: 'write-unit'; path: string; content: string }
  | { kind: 'remove-unit'; path: string }
  | { kind: 'systemctl'; args: string[] };

export interface UnitFacts {
  /** The .deb's unit is installed (VENDOR_UNIT_PATH). */
  vendorUnit: boolean;
  /** Content of ADMIN_UNIT_PATH, undefined when absent. */
  adminUnit: string | undefined;
}

export class UnitConflictError extends Error {
  readonly code = 'unit-conflict';
}

/** Steps of `simhat daemon --enable` for this install: write the unit when needed, then enable and start it. */
export function planEnable(install: Install, facts: UnitFacts, options: Omit<UnitOptions, 'mark'> = {}): SystemdStep[] {
  const steps: SystemdStep[] = [];
  const own = facts.adminUnit !== undefined && facts.adminUnit.startsWith(WRITTEN_MARK);
  if (facts.adminUnit !== undefined && !own) {
    throw new UnitConflictError(`${ADMIN_UNIT_PATH} exists and was not written by simhat: remove it, or enable it with systemctl yourself`);
  }
  // The .deb's unit already runs this install's launcher: an admin copy is only needed for other installs or options.
  const needOwn = !(facts.vendorUnit && install.kind === 'launcher' && install.path === DEB_LAUNCHER && (options.args ?? []).length === 0);
  if (needOwn) {
    const content = renderUnit(install, { ...options, mark: true });
    if (facts.adminUnit !== content) steps.push({ kind: 'write-unit', path: ADMIN_UNIT_PATH, content }, { kind: 'systemctl', args: ['daemon-reload'] });
  } else if (own) {
    steps.push({ kind: 'remove-unit', path: ADMIN_UNIT_PATH }, { kind: 'systemctl', args: ['daemon-reload'] });
  }
  steps.push({ kind: 'systemctl', args: ['enable', '--now', UNIT_NAME] });
  return steps;
}

/** Steps of `simhat daemon --disable`: stop and disable; remove a unit --enable wrote. */
export function planDisable(facts: UnitFacts): SystemdStep[] {
  const steps: SystemdStep[] = [];
  if (facts.vendorUnit || facts.adminUnit !== undefined) steps.push({ kind: 'systemctl', args: ['disable', '--now', UNIT_NAME] });
  if (facts.adminUnit?.startsWith(WRITTEN_MARK)) steps.push({ kind: 'remove-unit', path: ADMIN_UNIT_PATH }, { kind: 'systemctl', args: ['daemon-reload'] });
  return steps;
}
