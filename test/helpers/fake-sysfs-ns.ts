// Runs a command inside a private mount namespace where a fake sysfs tree is /sys/bus and PTY slaves
// are /dev/ttyUSBn, so the real `usb` library and the real `serialport` see a simulated modem.
// The vitest process cannot change its own mount namespace, so tests spawn (see runInFakeSysfs):
//   unshare -m -p -f --mount-proc --propagation private --kill-child=SIGTERM
//     node <entry.mjs> --bus DIR [--stage DIR] [--tty ttyUSB2=/dev/pts/N ...]
//     [--holder ModemManager=/dev/ttyUSB2 ...] -- <command> [args...]
// - A PID namespace with its own /proc too: the socat behind each PTY keeps the slave open, and on a
//   real system nothing but the user's programs would; inside, only processes started there are seen.
// - /dev: a tmpfs with bind mounts of the few nodes a process needs (null, zero, urandom, tty, ptmx,
//   pts, shm) plus the PTY slaves under their ttyUSB names; the host's /dev is never written to.
// - --holder starts a process under that name holding the port open (port contention tests).
// - Every mount dies with the namespace: nothing is left behind even if a test crashes.
// The entry is plain JavaScript written to a temp file: starting it through tsx cost seconds per
// spawn on a loaded CI machine.
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ENTRY_JS = String.raw`
import { execFileSync, spawn } from 'node:child_process';
import { closeSync, constants, existsSync, mkdirSync, openSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const mount = (args) => execFileSync('mount', args, { stdio: ['ignore', 'ignore', 'inherit'] });

function onPath(name) {
  for (const dir of (process.env.PATH || '/usr/bin:/bin').split(':')) if (dir && existsSync(join(dir, name))) return join(dir, name);
  throw new Error(name + ' not found on PATH');
}

function setUpDev(stage, ttys) {
  const hostDev = join(stage, 'hostdev');
  mkdirSync(hostDev, { recursive: true });
  mount(['--rbind', '/dev', hostDev]);
  mount(['-t', 'tmpfs', '-o', 'mode=755', 'tmpfs', '/dev']);
  for (const node of ['null', 'zero', 'full', 'random', 'urandom', 'tty', 'ptmx']) {
    if (!existsSync(join(hostDev, node))) continue;
    writeFileSync('/dev/' + node, '');
    mount(['--bind', join(hostDev, node), '/dev/' + node]);
  }
  for (const dir of ['pts', 'shm']) {
    mkdirSync('/dev/' + dir);
    if (existsSync(join(hostDev, dir))) mount(['--rbind', join(hostDev, dir), '/dev/' + dir]);
  }
  symlinkSync('/proc/self/fd', '/dev/fd');
  for (const [name, slave] of ttys) {
    if (!/^tty(USB|ACM)\d+$/.test(name)) throw new Error('bad tty name ' + name);
    writeFileSync('/dev/' + name, '');
    mount(['--bind', slave, '/dev/' + name]);
  }
}

const argv = process.argv.slice(2);
const sep = argv.indexOf('--');
if (sep < 0) throw new Error('usage: --bus DIR [--stage DIR --tty NAME=SLAVE --holder NAME=PORT ...] -- command [args]');
const opts = argv.slice(0, sep);
const [cmd, ...args] = argv.slice(sep + 1);
let bus;
let stage;
const ttys = [];
const holders = [];
for (let i = 0; i < opts.length; i += 2) {
  const k = opts[i];
  const v = opts[i + 1];
  if (v === undefined) throw new Error('missing value for ' + k);
  if (k === '--bus') bus = v;
  else if (k === '--stage') stage = v;
  else if (k === '--tty' || k === '--holder') {
    const [name, path] = v.split('=');
    if (!name || !path || !/^[\w-]+$/.test(name)) throw new Error(k + ' wants NAME=PATH, got ' + v);
    (k === '--tty' ? ttys : holders).push([name, path]);
  } else throw new Error('unknown option ' + k);
}
if (!cmd) throw new Error('no command');
if (bus) mount(['--bind', bus, '/sys/bus']);
if (ttys.length > 0 || holders.length > 0) {
  if (!stage) throw new Error('--tty and --holder need --stage');
  setUpDev(stage, ttys);
}
const held = holders.map(([name, port]) => {
  const exe = join(stage, name);
  symlinkSync(onPath('sleep'), exe);
  const fd = openSync(port, constants.O_RDWR | constants.O_NOCTTY);
  const h = spawn(exe, ['600'], { stdio: [fd, 'ignore', 'ignore'] });
  closeSync(fd);
  return h;
});
const child = spawn(cmd, args, { stdio: 'inherit' });
// We are pid 1 of the PID namespace: signals reach us only through these handlers.
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => {
  for (const h of held) h.kill('SIGKILL');
  process.exit(code ?? (signal ? 128 : 1));
});
`;

let entryFile: string | undefined;
/** The entry script on disk (written once per content, atomically). */
export function nsEntryPath(): string {
  if (entryFile) return entryFile;
  const hash = createHash('sha256').update(ENTRY_JS).digest('hex').slice(0, 16);
  const file = join(tmpdir(), `simhat-fake-sysfs-ns-${hash}.mjs`);
  if (!existsSync(file) || readFileSync(file, 'utf8') !== ENTRY_JS) {
    const temp = `${file}.${process.pid}.tmp`;
    writeFileSync(temp, ENTRY_JS);
    renameSync(temp, file);
  }
  entryFile = file;
  return file;
}

export interface FakeNsOptions {
  /** Directory to bind over /sys/bus (FakeSysfs.root). */
  bus: string;
  /** Empty scratch directory (needed with ttys and holders). */
  stage?: string;
  /** tty name -> PTY slave path, e.g. { ttyUSB2: '/dev/pts/7' }. */
  ttys?: Record<string, string>;
  /** process name -> port it holds open inside the namespace, e.g. { ModemManager: '/dev/ttyUSB4' }. */
  holders?: Record<string, string>;
}

/** Spawns `command args` inside a fresh namespace set up as described above. */
export function spawnInFakeSysfs(options: FakeNsOptions, command: string, args: string[], spawnOptions: SpawnOptions = {}): ChildProcess {
  const nsArgs = ['--bus', options.bus];
  if (options.stage) nsArgs.push('--stage', options.stage);
  for (const [name, slave] of Object.entries(options.ttys ?? {})) nsArgs.push('--tty', `${name}=${slave}`);
  for (const [name, port] of Object.entries(options.holders ?? {})) nsArgs.push('--holder', `${name}=${port}`);
  return spawn(
    'unshare',
    ['-m', '-p', '-f', '--mount-proc', '--propagation', 'private', '--kill-child=SIGTERM', process.execPath, nsEntryPath(), ...nsArgs, '--', command, ...args],
    { stdio: ['ignore', 'pipe', 'pipe'], ...spawnOptions },
  );
}

/**
 * Sends a signal to the command in the namespace. `unshare --fork` does not pass signals on, so this
 * signals its child (our entry, pid 1 inside), which forwards it to the command.
 */
export function signalInFakeSysfs(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  let inner: number | undefined;
  try {
    inner = Number(readFileSync(`/proc/${child.pid}/task/${child.pid}/children`, 'utf8').trim().split(/\s+/)[0]);
  } catch {
    inner = undefined;
  }
  if (inner) process.kill(inner, signal);
  else child.kill(signal);
}

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs to completion and collects output (killed after timeoutMs). */
export function runInFakeSysfs(options: FakeNsOptions, command: string, args: string[], timeoutMs = 15_000): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawnInFakeSysfs(options, command, args);
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
