// Editing system config files the careful way (COMMON rules, issue 4): a timestamped backup of the
// previous content before each change, nothing written when the text is unchanged, and the write
// itself atomic (temp + fsync + rename + directory fsync: platform/files/atomic-write.ts).
import { readFile, rm, stat, copyFile } from 'node:fs/promises';
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

/** Copies `path` to `path.simhat-backup-<UTC stamp>` (and a counter if that exists); returns it. */
export async function backupFile(path: string): Promise<string | undefined> {
  try {
    await stat(path);
  } catch {
    return undefined;
  }
  const base = `${path}.simhat-backup-${stamp()}`;
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

export interface EditResult {
  path: string;
  changed: boolean;
  backup: string | undefined;
  removed: boolean;
}

/**
 * Apply `edit` to the file's text. Nothing is written (and no backup made) when the text is
 * unchanged, so applying twice is a no-op. `deleteIfEmpty` removes a file that ends up empty.
 */
export async function editFile(path: string, edit: (text: string, exists: boolean) => string | null, opts: { deleteIfEmpty?: boolean; mode?: number } = {}): Promise<EditResult> {
  const { text, exists } = await readTextOrEmpty(path);
  const next = edit(text, exists);
  if (next === null || (next === text && exists)) return { path, changed: false, backup: undefined, removed: false };
  const backup = exists ? await backupFile(path) : undefined;
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
