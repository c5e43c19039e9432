// The user's saved settings: <config dir>/settings.json (config-dir.ts), written by the service
// (Settings screen) and read by every face, so `simhat net check`/`doctor`/`connect` probe the
// targets the user saved in the app. The file holds only the keys the user chose; unset ones fall
// back to the environment or the product defaults (core/net/check-targets.ts).
// A file that cannot be used (not JSON, not an object, not a regular file, too big) is moved aside with
// a line saying where, like the presets (issue 15): before, it was dropped silently and overwritten by
// the next save. Reading never blocks (json-file.ts) and stale temps of killed writers are cleared.
import { join } from 'node:path';
import type { Settings } from '../../api/contract.js';
import { SETTING_KEYS, settingsErrors } from '../../api/settings-rules.js';
import { moveAside, readJsonFile, writeJsonFile } from './json-file.js';
import { cleanStaleTemps } from './stale-temps.js';

export const SETTINGS_FILE = 'settings.json';

const KEYS = SETTING_KEYS;

export interface LoadSettingsOptions {
  /** Where a line about a file moved aside goes; default stderr. */
  warn?: (message: string) => void;
  now?: () => Date;
}

const stderrWarn = (message: string) => {
  process.stderr.write(`simhat: ${message}\n`);
};

/**
 * The saved settings in `dir`; {} when the file is missing or unusable (then moved aside, and said).
 * A hand-edited file is input like any other: only the keys that pass the Settings screen's rules are kept.
 */
export async function loadSettings(dir: string, opts: LoadSettingsOptions = {}): Promise<Partial<Settings>> {
  const warn = opts.warn ?? stderrWarn;
  const path = join(dir, SETTINGS_FILE);
  await cleanStaleTemps(dir);
  let raw: unknown;
  try {
    const read = await readJsonFile(path);
    if (read.kind === 'missing') return {};
    if (read.kind === 'invalid-json') return await setAside(path, `is not usable (${read.reason})`, warn, opts.now);
    raw = read.value;
  } catch (err) {
    warn(`${path} could not be read (${(err as Error).message}); the defaults apply.`);
    return {};
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return await setAside(path, 'does not hold a JSON object', warn, opts.now);
  const keep: Partial<Settings> = {};
  for (const key of KEYS) {
    if (!Object.hasOwn(raw, key)) continue;
    const v = (raw as Partial<Settings>)[key];
    if (v === undefined || (key === 'pingTargets' && !Array.isArray(v))) continue;
    if (settingsErrors({ [key]: v }).length === 0) Object.assign(keep, { [key]: v });
  }
  return keep;
}

async function setAside(path: string, why: string, warn: (m: string) => void, now?: () => Date): Promise<Partial<Settings>> {
  try {
    const movedTo = await moveAside(path, now?.());
    warn(`${path} ${why}; it was moved to ${movedTo} and the defaults apply.`);
  } catch (err) {
    // Another simhat moved it first, or the folder is read-only: say so and go on with the defaults.
    warn(`${path} ${why} and could not be moved aside (${(err as Error).message}); the defaults apply.`);
  }
  return {};
}

/** Replaces settings.json atomically (temp + fsync + rename); 0600: it is the user's own file. */
export async function saveSettings(dir: string, stored: Partial<Settings>): Promise<void> {
  await writeJsonFile(join(dir, SETTINGS_FILE), stored, { mode: 0o600 });
}
