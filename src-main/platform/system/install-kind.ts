// Which install this process runs from (issue 11: `simhat daemon --enable` writes the unit for
// THIS install): the .deb's launcher when the packaged runtime runs the CLI and the launcher is
// there, else the runtime and the package's bin by absolute path (npm global install, a checkout).
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEB_LAUNCHER, type Install } from './systemd-unit.js';

export interface InstallProbe {
  /** process.execPath */
  execPath: string;
  /** process.versions.electron (set when the packaged runtime runs, in Node mode too). */
  electron: string | undefined;
  /** The package's bin/simhat.js. */
  entry: string;
  exists: (path: string) => boolean;
}

export function detectInstall(probe: InstallProbe = defaultProbe()): Install {
  if (probe.electron !== undefined && probe.exists(DEB_LAUNCHER)) return { kind: 'launcher', path: DEB_LAUNCHER };
  return { kind: 'runtime', runtime: probe.execPath, entry: probe.entry, nodeMode: probe.electron !== undefined };
}

/** The simhat package folder: walks up from this file (works from src-main/ and from dist/main/). */
function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    try {
      if ((JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string }).name === 'simhat') return dir;
    } catch {
      // no package.json here
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the simhat package folder');
    dir = parent;
  }
}

function defaultProbe(): InstallProbe {
  // realpath: npm's global bin is a symlink; the unit names the file itself.
  const entry = join(packageRoot(), 'bin', 'simhat.js');
  return {
    execPath: process.execPath,
    electron: process.versions.electron,
    entry: existsSync(entry) ? realpathSync(entry) : entry,
    exists: existsSync,
  };
}
