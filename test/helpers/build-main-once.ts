// Vitest global setup of the "node" project: makes dist/main current ONCE, before any test file runs.
// Why: CLI tests spawn the built bin (bin/simhat.js -> dist/main) from parallel test files; a test
// file rebuilding dist/ meanwhile let the others import half-written modules (a flaky exit 1 with
// no JSON). CI builds dist/ through `npm install` (prepare), so there this is only a check.
// A rebuild goes to a fresh directory that is then renamed into place, so even a vitest run
// started by someone else at the same moment never sees a half-written dist/main.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const SRC = join(REPO, 'src-main');
const OUT = join(REPO, 'dist/main');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [p] : [];
  });
}

/** The first source whose compiled .js is missing or older than it, or undefined when dist/main is current. */
export function staleSource(): string | undefined {
  for (const src of sources(SRC)) {
    const js = join(OUT, relative(SRC, src)).replace(/\.ts$/, '.js');
    if (!existsSync(js) || statSync(js).mtimeMs < statSync(src).mtimeMs) return relative(REPO, src);
  }
  return undefined;
}

export default function setup(): void {
  const stale = staleSource();
  if (stale === undefined) return;
  const tmp = join(REPO, 'dist', `.main-build-${process.pid}`);
  const old = join(REPO, 'dist', `.main-old-${process.pid}`);
  rmSync(tmp, { recursive: true, force: true });
  // Type errors elsewhere must not stop the emit (tsc emits anyway); `npm run typecheck` judges them.
  const r = spawnSync(process.execPath, [join(REPO, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.main.json', '--outDir', tmp], {
    cwd: REPO,
    encoding: 'utf8',
    timeout: 300_000,
  });
  if (!existsSync(join(tmp, 'cli/main.js'))) {
    rmSync(tmp, { recursive: true, force: true });
    throw new Error(`dist/main is stale (${stale}) and rebuilding it failed: ${r.error?.message ?? ''}${r.stdout}${r.stderr}`);
  }
  try {
    if (existsSync(OUT)) renameSync(OUT, old);
    renameSync(tmp, OUT);
  } catch (err) {
    // Another run swapped in its own fresh build meanwhile: that one serves as well.
    if (!existsSync(OUT) && existsSync(old)) renameSync(old, OUT);
    rmSync(tmp, { recursive: true, force: true });
    if (staleSource() !== undefined) throw err;
  } finally {
    rmSync(old, { recursive: true, force: true });
  }
}
