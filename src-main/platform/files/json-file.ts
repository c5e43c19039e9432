// Reading a settings file that may be damaged (hand-edited, truncated by an old writer, disk
// trouble): a file that cannot be used is moved aside under a new name, so nothing is ever dropped
// silently and the user can recover it (issue 5).
import { readFile, rename } from 'node:fs/promises';
import { writeFileAtomic, type AtomicWriteOptions } from './atomic-write.js';

export type JsonRead = { kind: 'missing' } | { kind: 'ok'; value: unknown; text: string } | { kind: 'invalid-json'; reason: string };

export async function readJsonFile(path: string): Promise<JsonRead> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' };
    throw err;
  }
  try {
    return { kind: 'ok', value: JSON.parse(text) as unknown, text };
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

async function exists(path: string): Promise<boolean> {
  return readFile(path).then(
    () => true,
    () => false,
  );
}

export async function writeJsonFile(path: string, value: unknown, options: AtomicWriteOptions = {}): Promise<void> {
  await writeFileAtomic(path, JSON.stringify(value, null, 2) + '\n', options);
}
