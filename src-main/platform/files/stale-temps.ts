// Temp files of writers that were killed between writing and renaming (issue 15, Files): the atomic
// writer (./atomic-write.ts) names them `.<file>.<pid>.<8 hex>.tmp` beside their target, and a killed
// process never removes its own. Cleaned when a folder is next used: a temp whose writer is gone, or one
// older than an hour whatever its pid says (the pid may have been reused). A live writer's fresh temp is
// kept. Were a writer in another PID namespace taken for dead, its rename would fail and the target
// keep its old content: a failed write, never a broken file.
import { lstat, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';

const TEMP_RE = /^\.(.+)\.(\d{1,10})\.([0-9a-f]{8})\.tmp$/;
const MAX_AGE_MS = 60 * 60 * 1000;

export interface StaleTempOptions {
  /** Only temps of this target file name. */
  only?: string;
  now?: number;
  /** Whether a process id is alive (default: signal 0). */
  isAlive?: (pid: number) => boolean;
}

export function processAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists, it is someone else's.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes stale temps in `dir`; returns the paths removed. Never throws (a folder we cannot read is left alone). */
export async function cleanStaleTemps(dir: string, opts: StaleTempOptions = {}): Promise<string[]> {
  const isAlive = opts.isAlive ?? processAlive;
  const now = opts.now ?? Date.now();
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const m = TEMP_RE.exec(name);
    if (!m || (opts.only !== undefined && m[1] !== opts.only)) continue;
    const path = join(dir, name);
    try {
      const st = await lstat(path);
      if (!st.isFile() && !st.isSymbolicLink()) continue;
      const stale = !isAlive(Number(m[2])) || now - st.mtimeMs > MAX_AGE_MS;
      if (!stale) continue;
      await rm(path, { force: true });
      removed.push(path);
    } catch {
      // gone meanwhile, or not ours to remove
    }
  }
  return removed;
}
