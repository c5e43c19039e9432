// Atomic file replacement (house rule: temp + fsync + rename). A reader — or a crash, or a pulled
// power plug on a Pi — sees either the old file or the new one, never a half-written one.
// The one implementation for every part of simhat that writes a file (settings, presets, the APN
// database, reports; the network layer's system config edits build on it in platform/net/atomic-file.ts).
import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { cleanStaleTemps } from './stale-temps.js';

export interface AtomicWriteOptions {
  /** File mode of the new file; default 0o644 (use 0o600 for files holding secrets). */
  mode?: number;
  /** Create missing parent folders; default true. */
  mkdirs?: boolean;
  /** Mode of parent folders it creates; default 0o700 (the user's own files; system config passes 0o755). */
  dirMode?: number;
}

export async function writeFileAtomic(path: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): Promise<void> {
  const { mode = 0o644, mkdirs = true, dirMode = 0o700 } = options;
  const dir = dirname(path);
  if (mkdirs) await mkdir(dir, { recursive: true, mode: dirMode });
  // Temps of this file left by a writer that was killed before its rename (issue 15): gone now.
  await cleanStaleTemps(dir, { only: basename(path) });
  // Same folder as the target: rename() is only atomic within one file system.
  const temp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const handle = await open(temp, 'wx', mode);
  try {
    await handle.writeFile(data);
    await handle.sync(); // data on disk before the rename makes it visible
  } catch (err) {
    await handle.close().catch(() => {});
    await unlink(temp).catch(() => {});
    throw err;
  }
  await handle.close();
  try {
    await rename(temp, path);
  } catch (err) {
    await unlink(temp).catch(() => {});
    throw err;
  }
  await syncDir(dir);
}

/** fsync the folder so the rename itself survives a crash (POSIX); a no-op where folders cannot be opened (Windows). */
async function syncDir(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  const handle = await open(dir, 'r').catch(() => undefined);
  if (!handle) return;
  try {
    await handle.sync();
  } catch {
    // Some file systems (e.g. certain FUSE mounts) refuse fsync on a folder; the rename is still done.
  } finally {
    await handle.close();
  }
}
