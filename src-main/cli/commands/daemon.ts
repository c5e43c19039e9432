// `simhat daemon`: the one owner of the modem (issue 11). It opens the AT port once, keeps the link online
// with the watchdog, records the history and serves the Api on a Unix socket; every other simhat command,
// `simhat serve` and the desktop app attach to it while it runs. --enable / --disable: start at boot (systemd).
import { parseArgs } from 'node:util';
import type { PolicyName } from '../../core/net/types.js';
import { targetRequest } from '../check-targets.js';
import { reportCliError } from '../cli-error.js';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, UsageError, type CliCommand } from '../command.js';
import { ifaceOption, portOption } from '../option-values.js';

const usage = `Usage: simhat daemon [--socket PATH] [--group G] [--port P] [--iface IF] [--policy failover|primary]
                     [--ping-target IP ...] [--dns-name N] [--interval S] [--db PATH]
       simhat daemon --enable [options...] | --disable

Runs simhat as the single owner of the modem: keeps the link online (checks it every --interval seconds and
on modem events; recovers by the cheapest stage that works: interface/DHCP/route, radio cycle, modem reset,
USB re-bind), records the history (simhat history), and serves every face on a Unix socket. While it runs,
simhat commands, simhat serve and the desktop app go through it. Ends on SIGTERM / Ctrl-C.

  --socket PATH     the socket (default /run/simhat/simhat.sock as root, $XDG_RUNTIME_DIR/simhat.sock
                    otherwise; SIMHAT_SOCKET); clients find it the same way. Never TCP.
  --group G         who may use a root daemon's socket (default dialout)
  --port P          the modem's AT port (default: the modem found on USB)
  --iface IF        its network interface (default: the modem's)
  --policy P        failover or primary (default: the saved setting, else failover)
  --ping-target IP  connectivity probe target, repeatable; --dns-name N: the name to resolve
                    (default: the saved settings, else SIMHAT_PING_TARGETS / SIMHAT_DNS_NAME, else public ones)
  --interval S      seconds between link checks (default 30, minimum 1)
  --db PATH         the history database (default /var/lib/simhat/history.db as root, else
                    $XDG_STATE_HOME/simhat/history.db)
  --enable          install (for this install) and start the systemd unit, so the link is up after a reboot
  --disable         stop it and turn it off at boot

Exit: 0 stopped cleanly, 1 could not start (another daemon on the socket is named), 2 usage error.`;

const DAEMON_OPTIONS = {
    socket: { type: 'string' },
    group: { type: 'string' },
    port: { type: 'string' },
    iface: { type: 'string' },
    policy: { type: 'string' },
    'ping-target': { type: 'string', multiple: true },
    'dns-name': { type: 'string' },
    interval: { type: 'string' },
    db: { type: 'string' },
    root: { type: 'string' },
    'verify-timeout': { type: 'string' },
    'comeback-timeout': { type: 'string' },
    enable: { type: 'boolean', default: false },
    disable: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
} as const;

export const command: CliCommand = {
  summary: 'Own the modem: keep the link online, record history, serve every face on a socket.',
  usage,
  async run(argv, io) {
    const { values } = parseArgs({
      args: argv,
      options: DAEMON_OPTIONS,
      allowPositionals: false,
      strict: true,
    });
    if (values.enable && values.disable) throw new UsageError('--enable or --disable, not both');
    if (values.policy !== undefined && values.policy !== 'failover' && values.policy !== 'primary') throw new UsageError('--policy is failover or primary');
    const seconds = (v: string | undefined, name: string, min: number): number | undefined => {
      if (v === undefined) return undefined;
      if (!/^\d{1,6}$/.test(v) || Number(v) < min) throw new UsageError(`${name} is a whole number of seconds, at least ${min}`);
      return Number(v);
    };
    const intervalS = seconds(values.interval, '--interval', 1);
    const verifyS = seconds(values['verify-timeout'], '--verify-timeout', 1);
    const comebackS = seconds(values['comeback-timeout'], '--comeback-timeout', 1);
    if (values.group !== undefined && !/^[a-z_][a-z0-9_-]{0,31}$/.test(values.group)) throw new UsageError('--group is a group name, e.g. dialout');
    for (const [flag, v] of [['--socket', values.socket], ['--db', values.db]] as const) {
      if (v !== undefined && (!v.startsWith('/') || /[\x00-\x1f]/.test(v) || v.length > 1024)) throw new UsageError(`${flag} is an absolute path`);
    }
    const port = portOption(values.port);
    const iface = ifaceOption(values.iface);
    const targets = targetRequest(values);
    const compose = await import('../../compose/daemon-root.js');

    if (values.enable || values.disable) {
      if (process.getuid?.() !== 0) throw new UsageError(`--${values.enable ? 'enable' : 'disable'} changes systemd: run it as root (sudo simhat daemon --${values.enable ? 'enable' : 'disable'})`);
      // The unit runs the daemon with the options given here (defaults otherwise: saved settings).
      const args = argv.filter((a) => a !== '--enable' && a !== '--json');
      const steps = values.enable ? await compose.enableDaemonUnit(args) : await compose.disableDaemonUnit();
      io.stdout(values.json ? JSON.stringify({ ok: true, steps }) + '\n' : steps.map((s) => `${s}\n`).join('') + (values.enable ? 'simhat daemon starts at boot and runs now.\n' : 'simhat daemon is off at boot and stopped.\n'));
      return EXIT_OK;
    }

    let daemon;
    try {
      daemon = await compose.startDaemon({
        ...(values.socket ? { socket: values.socket } : {}),
        ...(values.group ? { group: values.group } : {}),
        ...(port ? { port } : {}),
        ...(iface ? { iface } : {}),
        ...(values.policy ? { policy: values.policy as PolicyName } : {}),
        ...(targets.pingTargets ? { pingTargets: targets.pingTargets } : {}),
        ...(targets.dnsName ? { dnsName: targets.dnsName } : {}),
        ...(intervalS ? { intervalS } : {}),
        ...(verifyS ? { watchdog: { verifyTimeoutS: verifyS } } : {}),
        ...(comebackS ? { comebackMs: comebackS * 1000 } : {}),
        ...(values.db ? { db: values.db } : {}),
        ...(values.root ? { netRoot: values.root } : {}),
        log: (line) => io.stderr(`simhat daemon: ${line}\n`),
      });
    } catch (err) {
      const e = err as { code?: string; message: string; hint?: string };
      reportCliError(io, 'daemon', { code: e.code ?? 'daemon-failed', message: e.message, ...(e.hint ? { hint: e.hint } : {}) }, values.json);
      return e.code === 'invalid-argument' ? EXIT_USAGE : EXIT_FAILED;
    }
    io.stdout(values.json ? JSON.stringify({ event: 'ready', socket: daemon.socket.path, pid: process.pid, history: daemon.history.path }) + '\n' : `simhat daemon: running (pid ${process.pid}) on ${daemon.socket.path}\n`);
    await new Promise<void>((resolve) => {
      if (io.signal.aborted) resolve();
      else io.signal.addEventListener('abort', () => resolve(), { once: true });
    });
    await daemon.stop();
    return EXIT_OK;
  },
};
