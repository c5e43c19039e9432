// Finding and stopping simhat's own DHCP client daemons by their pid files (issue 4). A pid is
// trusted only when /proc shows the expected program whose command line names that pid file,
// so a stale file never makes us signal an unrelated process that reused the pid.
import { readFile } from 'node:fs/promises';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function readOr(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** A zombie has exited already; only its parent's wait() is missing (proc(5): state Z). */
async function running(pid: number): Promise<boolean> {
  const stat = await readOr(`/proc/${pid}/stat`);
  if (stat === undefined) return false;
  const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
  return state !== 'Z' && state !== 'X';
}

/** The live pid of `program` started with this pid file, or undefined. */
export async function ourDaemonPid(pidFile: string, program: string): Promise<number | undefined> {
  const text = await readOr(pidFile);
  if (text === undefined || !/^[0-9]{1,10}\s*$/.test(text)) return undefined;
  const pid = Number(text.trim());
  if (pid <= 1) return undefined;
  const [comm, cmdline] = await Promise.all([readOr(`/proc/${pid}/comm`), readOr(`/proc/${pid}/cmdline`)]);
  if (comm?.trim() !== program || cmdline === undefined) return undefined;
  if (!cmdline.split('\0').includes(pidFile)) return undefined;
  return (await running(pid)) ? pid : undefined;
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves true when a process was stopped. */
export async function stopOurDaemon(pidFile: string, program: string, graceMs = 3000): Promise<boolean> {
  const pid = await ourDaemonPid(pidFile, program);
  if (pid === undefined) return false;
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return false;
  }
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    if (!(await running(pid))) return true;
    await sleep(20);
  }
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // exited between the check and the kill
  }
  return true;
}
