// Writing system config files the careful way (COMMON rules, issue 4): temp file in the same
// directory + fsync + rename (readers see the old or the new file, never half of one), the
// directory fsynced too, and a timestamped backup of the previous content before each change.
import { mkdir, open, readFile, rename, rm, stat, copyFile } from 'node:fs/promises';
import { dirname, basename, join } from 'node:path';
import { randomBytes } from 'node:crypto';

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

async function fsyncDir(dir: string): Promise<void> {
  const fh = await open(dir, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

export async function writeFileAtomic(path: string, content: string, mode = 0o644): Promise<void> {
  const dir = dirname(path);
  await mkdir(dir, { recursive: true });
  const tmp = join(dir, `.${basename(path)}.simhat-tmp-${randomBytes(4).toString('hex')}`);
  const fh = await open(tmp, 'wx', mode);
  try {
    await fh.writeFile(content, 'utf8');
    await fh.sync();
  } catch (err) {
    await fh.close();
    await rm(tmp, { force: true });
    throw err;
  }
  await fh.close();
  try {
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
  await fsyncDir(dir);
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
  await writeFileAtomic(path, next, opts.mode);
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
