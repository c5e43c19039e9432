// Reading a settings file that may be damaged (hand-edited, truncated by an old writer, disk
// trouble): a file that cannot be used is moved aside under a new name, so nothing is ever dropped
// silently and the user can recover it (issue 5).
// Only regular files are read (issue 15): a FIFO in place of settings.json hung the CLI and serve (a
// blocking open and read no signal can interrupt), and a link to /dev/zero cost 600 MB. So: stat first,
// open non-blocking without taking a controlling terminal, check the open descriptor again, and read at
// most a size cap.
import { constants } from 'node:fs';
import { lstat, open, rename, stat } from 'node:fs/promises';
import { writeFileAtomic, type AtomicWriteOptions } from './atomic-write.js';

/** Larger than any settings, presets or journal file simhat writes. */
export const MAX_JSON_BYTES = 1024 * 1024;

export type JsonRead = { kind: 'missing' } | { kind: 'ok'; value: unknown; text: string } | { kind: 'invalid-json'; reason: string };

export type RegularRead = { kind: 'missing' } | { kind: 'ok'; text: string } | { kind: 'unusable'; reason: string };

function kindOf(st: { isDirectory(): boolean; isFIFO(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean; isSocket(): boolean }): string {
  if (st.isDirectory()) return 'a folder';
  if (st.isFIFO()) return 'a FIFO';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSocket()) return 'a socket';
  return 'not a regular file';
}

/** Reads a regular file as UTF-8, up to `maxBytes`; anything else is 'unusable' (never blocks, never reads on). */
export async function readRegularFile(path: string, maxBytes = MAX_JSON_BYTES): Promise<RegularRead> {
  let st;
  try {
    st = await stat(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { kind: 'missing' };
    if (code === 'ELOOP') return { kind: 'unusable', reason: 'a symbolic link loop' };
    throw err;
  }
  if (!st.isFile()) return { kind: 'unusable', reason: `${kindOf(st)}, not a regular file` };
  if (st.size > maxBytes) return { kind: 'unusable', reason: `${st.size} bytes, more than the ${maxBytes} bytes a settings file can be` };
  // Swapped for a FIFO or device after the stat? O_NONBLOCK keeps the open from waiting, fstat says so.
  const handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
  try {
    const fst = await handle.stat();
    if (!fst.isFile()) return { kind: 'unusable', reason: `${kindOf(fst)}, not a regular file` };
    // Read until the end, never past the cap (the file may have grown since the stat).
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.alloc(Math.min(64 * 1024, maxBytes + 1 - total));
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) break;
      chunks.push(chunk.subarray(0, bytesRead));
      total += bytesRead;
      if (total > maxBytes) return { kind: 'unusable', reason: `more than the ${maxBytes} bytes a settings file can be` };
    }
    return { kind: 'ok', text: Buffer.concat(chunks).toString('utf8') };
  } finally {
    await handle.close();
  }
}

/** A JSON file; 'invalid-json' also covers a file that is no regular file or too big (reason says which). */
export async function readJsonFile(path: string, maxBytes = MAX_JSON_BYTES): Promise<JsonRead> {
  const read = await readRegularFile(path, maxBytes);
  if (read.kind === 'missing') return read;
  if (read.kind === 'unusable') return { kind: 'invalid-json', reason: read.reason };
  try {
    return { kind: 'ok', value: JSON.parse(read.text) as unknown, text: read.text };
  } catch (err) {
    return { kind: 'invalid-json', reason: (err as Error).message };
  }
}

/** Renames `path` to `<path>.corrupt-<UTC timestamp>` and returns the new path. */
export async function moveAside(path: string, now: Date = new Date()): Promise<string> {
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  let target = `${path}.corrupt-${stamp}`;
  for (let n = 2; await exists(target); n++) target = `${path}.corrupt-${stamp}-${n}`;
  await rename(path, target);
  return target;
}

/** Whether a name is taken, without opening it (a FIFO there must not block us). */
async function exists(path: string): Promise<boolean> {
  return lstat(path).then(
    () => true,
    () => false,
  );
}

export async function writeJsonFile(path: string, value: unknown, options: AtomicWriteOptions = {}): Promise<void> {
  await writeFileAtomic(path, JSON.stringify(value, null, 2) + '\n', options);
}
