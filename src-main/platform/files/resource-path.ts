// Finds files under resources/ from both src-main/ (tsx, tests) and dist/main/ (built CLI, Electron):
// walk up from this module to the simhat package root. SIMHAT_RESOURCES_DIR overrides (packaged apps).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cachedRoot: string | undefined;

export function resourcesDir(env: NodeJS.ProcessEnv = process.env): string {
  const override = env['SIMHAT_RESOURCES_DIR'];
  if (override) return override;
  if (cachedRoot) return cachedRoot;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg)) {
      try {
        if ((JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'simhat') return (cachedRoot = join(dir, 'resources'));
      } catch {
        // not ours or unreadable: keep walking
      }
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the simhat resources folder (set SIMHAT_RESOURCES_DIR)');
    dir = parent;
  }
}

export function resourcePath(...parts: string[]): string {
  return join(resourcesDir(), ...parts);
}
