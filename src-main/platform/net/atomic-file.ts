// Editing system config files the careful way (COMMON rules, issue 4): a timestamped backup of the
// previous content before each change, nothing written when the text is unchanged, and the write
// itself atomic (temp + fsync + rename + directory fsync: platform/files/atomic-write.ts).
// Where backups go (issue 15 item 5): never into a folder a system service reads wholesale. Debian's
// ifupdown does `source /etc/network/interfaces.d/*` at boot, so round 1's backups beside
// simhat-usb0 there were loaded as live stanzas (old metrics came back). Files simhat owns entirely
// keep their backups in simhat's own state folder (statePaths().backupDir, /var/lib/simhat/backups);
// the user's own dhcpcd.conf keeps its backup beside it in /etc, where nothing sources a folder.
import { copyFile, mkdir, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { writeFileAtomic } from '../files/atomic-write.js';

export async function readTextOrEmpty(path: string): Promise<{ text: string; exists: boolean }> {
  try {
    return { text: await readFile(path, 'utf8'), exists: true };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { text: '', exists: false };
    throw err;
  }
}

function stamp(d = new Date()): string {
  return d.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
}

const BACKUP_MARK = '.simhat-backup-';

/**
 * Name of a file's backups inside a backup folder: its whole path with '/' as '%', so two files of the
 * same name in different folders never share backups (e.g. `%etc%network%interfaces.d%simhat-usb0`).
 */
export function backupBaseName(path: string): string {
  return path.replace(/\//g, '%');
}

/**
 * Copies `path` to `<dir>/<name>.simhat-backup-<UTC stamp>` (a counter if that exists); returns it.
 * `backupDir` undefined: beside the file (`<path>.simhat-backup-<stamp>`).
 */
export async function backupFile(path: string, backupDir?: string): Promise<string | undefined> {
  try {
    await stat(path);
  } catch {
    return undefined;
  }
  if (backupDir) await mkdir(backupDir, { recursive: true, mode: 0o700 });
  const base = backupDir ? join(backupDir, `${backupBaseName(path)}${BACKUP_MARK}${stamp()}`) : `${path}${BACKUP_MARK}${stamp()}`;
  for (let i = 0; i < 100; i++) {
    const candidate = i === 0 ? base : `${base}.${i}`;
    try {
      await stat(candidate);
    } catch {
      await copyFile(path, candidate);
      return candidate;
    }
  }
  throw new Error(`too many backups of ${path} this second`);
}

/** Backups of `path`: those beside it and, when given, those in `backupDir`. */
export async function listBackups(path: string, backupDir?: string): Promise<string[]> {
  const found: string[] = [];
  const scan = async (dir: string, prefix: string) => {
    let names: string[];
    try {
      names = await readdir(dir);
    } catch {
      return;
    }
    for (const n of names) if (n.startsWith(prefix + BACKUP_MARK)) found.push(join(dir, n));
  };
  await scan(dirname(path), basename(path));
  if (backupDir) await scan(backupDir, backupBaseName(path));
  return found.sort();
}

/** Deletes every backup of `path` (beside it and in `backupDir`); returns what was removed. */
export async function removeBackups(path: string, backupDir?: string): Promise<string[]> {
  const all = await listBackups(path, backupDir);
  for (const b of all) await rm(b, { force: true });
  return all;
}

/**
 * Moves backups left beside `path` (round 1 wrote them there) into `backupDir`: in a sourced folder
 * they would be read as live configuration at the next boot.
 */
export async function moveBackupsAside(path: string, backupDir: string): Promise<string[]> {
  const beside = (await listBackups(path)).filter((b) => dirname(b) === dirname(path));
  if (beside.length === 0) return [];
  await mkdir(backupDir, { recursive: true, mode: 0o700 });
  const moved: string[] = [];
  for (const b of beside) {
    const target = join(backupDir, backupBaseName(path) + basename(b).slice(basename(path).length));
    try {
      await rename(b, target);
    } catch {
      // Another file system: copy then remove.
      await copyFile(b, target);
      await rm(b, { force: true });
    }
    moved.push(target);
  }
  return moved;
}

export interface EditResult {
  path: string;
  changed: boolean;
  backup: string | undefined;
  removed: boolean;
}

export interface EditOptions {
  deleteIfEmpty?: boolean;
  mode?: number;
  /** Where the backup of the previous content goes; default beside the file. */
  backupDir?: string;
}

/**
 * Apply `edit` to the file's text. Nothing is written (and no backup made) when the text is
 * unchanged, so applying twice is a no-op. `deleteIfEmpty` removes a file that ends up empty.
 */
export async function editFile(path: string, edit: (text: string, exists: boolean) => string | null, opts: EditOptions = {}): Promise<EditResult> {
  const { text, exists } = await readTextOrEmpty(path);
  const next = edit(text, exists);
  if (next === null || (next === text && exists)) return { path, changed: false, backup: undefined, removed: false };
  const backup = exists ? await backupFile(path, opts.backupDir) : undefined;
  if (next === '' && opts.deleteIfEmpty) {
    await rm(path, { force: true });
    return { path, changed: exists, backup, removed: exists };
  }
  // System config: world-readable file and any folder it creates (daemons read them).
  await writeFileAtomic(path, next, { mode: opts.mode ?? 0o644, dirMode: 0o755 });
  return { path, changed: true, backup, removed: false };
}

/** Remove a file simhat owns entirely (its header says so); returns whether it existed. */
export async function removeOwnedFile(path: string): Promise<boolean> {
  const { text, exists } = await readTextOrEmpty(path);
  if (!exists) return false;
  if (!/simhat/.test(text.split('\n').slice(0, 3).join('\n'))) throw new Error(`${path} does not carry simhat's header: not removing it`);
  await rm(path);
  return true;
}
