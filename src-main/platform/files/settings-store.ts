// The user's saved settings: <config dir>/settings.json (config-dir.ts), written by the service
// (Settings screen) and read by every face, so `simhat net check`/`doctor`/`connect` probe the
// targets the user saved in the app. The file holds only the keys the user chose; unset ones fall
// back to the environment or the product defaults (core/net/check-targets.ts).
import { join } from 'node:path';
import type { Settings } from '../../api/contract.js';
import { settingsErrors } from '../../api/settings-rules.js';
import { readJsonFile, writeJsonFile } from './json-file.js';

export const SETTINGS_FILE = 'settings.json';

const KEYS = ['policy', 'pingTargets', 'dnsName', 'theme'] as const;

/**
 * The saved settings in `dir`; {} when the file is missing or unreadable. A hand-edited file is
 * input like any other: only the keys that pass the Settings screen's rules are kept.
 */
export async function loadSettings(dir: string): Promise<Partial<Settings>> {
  let raw: unknown;
  try {
    const read = await readJsonFile(join(dir, SETTINGS_FILE));
    if (read.kind !== 'ok') return {};
    raw = read.value;
  } catch {
    return {};
  }
  if (typeof raw !== 'object' || raw === null) return {};
  const keep: Partial<Settings> = {};
  for (const key of KEYS) {
    const v = (raw as Partial<Settings>)[key];
    if (v === undefined || (key === 'pingTargets' && !Array.isArray(v))) continue;
    if (settingsErrors({ [key]: v }).length === 0) Object.assign(keep, { [key]: v });
  }
  return keep;
}

/** Replaces settings.json atomically (temp + fsync + rename); 0600: it is the user's own file. */
export async function saveSettings(dir: string, stored: Partial<Settings>): Promise<void> {
  await writeJsonFile(join(dir, SETTINGS_FILE), stored, { mode: 0o600 });
}
