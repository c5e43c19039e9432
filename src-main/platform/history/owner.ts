// One writer per history file. node-sqlite3-wasm's file VFS locks with a `<db>.lock` directory
// (mkdir/rmdir, no POSIX locks): a writer killed with SIGKILL inside a transaction leaves that
// directory behind and every later open would answer SQLITE_BUSY forever. So the store records its
// pid in `<db>.owner`; a lock directory left by a pid that is gone is stale and removed before
// SQLite opens the file (SQLite then rolls the hot journal back itself).
import { existsSync, readFileSync, renameSync, rmSync, rmdirSync, writeFileSync } from 'node:fs';

export class HistoryBusyError extends Error {
  readonly code = 'history-busy';
  constructor(
    readonly path: string,
    readonly pid: number,
  ) {
    super(`the history database ${path} is in use by process ${pid} (a running simhat daemon?)`);
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'; // exists, another user's
  }
}

function ownerPid(ownerFile: string): number | undefined {
  try {
    const pid = Number(readFileSync(ownerFile, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Claims `dbPath` for this process: throws HistoryBusyError when a live process owns it, removes a
 * stale lock (reported through `log`), and writes our pid (temp + rename).
 */
export function claimOwnership(dbPath: string, log: (line: string) => void): void {
  const ownerFile = `${dbPath}.owner`;
  const pid = ownerPid(ownerFile);
  if (pid !== undefined && pid !== process.pid && alive(pid)) throw new HistoryBusyError(dbPath, pid);
  const lockDir = `${dbPath}.lock`;
  if (existsSync(lockDir)) {
    rmdirSync(lockDir);
    log(`history: removed the stale lock of ${dbPath} left by ${pid !== undefined ? `process ${pid}` : 'a process'} that is gone`);
  }
  const temp = `${ownerFile}.${process.pid}.tmp`;
  writeFileSync(temp, `${process.pid}\n`, { mode: 0o644 });
  renameSync(temp, ownerFile);
}

export function releaseOwnership(dbPath: string): void {
  if (ownerPid(`${dbPath}.owner`) === process.pid) rmSync(`${dbPath}.owner`, { force: true });
}
