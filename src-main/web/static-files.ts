// The renderer build served by `simhat serve` (issue 15, Web): only regular files that really lie inside
// the static root. The URL path is percent-decoded strictly (malformed escapes are the client's error,
// 400, not ours), no component of the path may be a symbolic link (a link placed in the build folder
// must not publish /etc or a home folder), and the file is opened without following a last-moment link
// and without blocking on a FIFO, then checked again on the open descriptor.
import { constants } from 'node:fs';
import { lstat, open, realpath } from 'node:fs/promises';
import { extname, join, relative, resolve, sep } from 'node:path';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

/** Larger than any file of the renderer build; a bigger one is not ours to serve. */
const MAX_FILE_BYTES = 32 * 1024 * 1024;

export type StaticResult = { status: 200; body: Buffer; contentType: string } | { status: 400 | 404; reason: string };

/** The root as the file system names it (a link to the build folder itself is fine; links inside are not). */
export async function staticRootOf(dir: string): Promise<string> {
  try {
    return await realpath(resolve(dir));
  } catch {
    return resolve(dir);
  }
}

/** Decodes a URL path; null when an escape is malformed or decodes to a NUL or a backslash. */
export function decodeUrlPath(pathname: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  return /[\u0000\\]/.test(decoded) ? null : decoded;
}

export async function readStaticFile(root: string, pathname: string): Promise<StaticResult> {
  let path = decodeUrlPath(pathname);
  if (path === null) return { status: 400, reason: 'malformed percent-encoding in the path' };
  if (path === '/' || path === '') path = '/index.html';
  const file = resolve(join(root, path));
  if (file === root || !file.startsWith(root + sep)) return { status: 404, reason: 'outside the static root' };
  // Every component below the root: a directory on the way, a regular file at the end, never a link.
  const parts = relative(root, file).split(sep);
  let at = root;
  for (let i = 0; i < parts.length; i++) {
    at = join(at, parts[i] as string);
    let st;
    try {
      st = await lstat(at);
    } catch {
      return { status: 404, reason: 'not found' };
    }
    if (st.isSymbolicLink()) return { status: 404, reason: 'a symbolic link' };
    const last = i === parts.length - 1;
    if (last ? !st.isFile() : !st.isDirectory()) return { status: 404, reason: 'not a regular file' };
  }
  let handle;
  try {
    handle = await open(file, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK | constants.O_NOCTTY);
  } catch {
    return { status: 404, reason: 'cannot open' };
  }
  try {
    const st = await handle.stat();
    if (!st.isFile() || st.size > MAX_FILE_BYTES) return { status: 404, reason: 'not a regular file' };
    const body = await handle.readFile();
    return { status: 200, body, contentType: CONTENT_TYPES[extname(file)] ?? 'application/octet-stream' };
  } finally {
    await handle.close();
  }
}
