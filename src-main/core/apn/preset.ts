// User APN presets (issue 5): the schema of apn-presets.json and its hand-written validator
// (no schema library: no new dependencies). The same value rules as the AT layer apply
// (core/at/validate.ts), so a preset that loads is a preset that can be sent to a modem.
import { AtError } from '../at/errors.js';
import { validateApn, validateCid, validatePassword, validateUsername } from '../at/validate.js';
import type { IpType } from './db-types.js';

export type AuthChoice = 'none' | 'pap' | 'chap' | 'auto';
export const AUTH_CHOICES: readonly AuthChoice[] = ['none', 'pap', 'chap', 'auto'];
export const IP_TYPES: readonly IpType[] = ['IP', 'IPV6', 'IPV4V6'];
export const PRESET_NAME_MAX = 64;
export const PRESETS_FILE_VERSION = 1;

export interface ApnPreset {
  /** Unique (case-insensitive), what the user types: `simhat apn set --preset <name>`. */
  name: string;
  apn: string;
  ipType: IpType;
  auth: AuthChoice;
  username?: string;
  password?: string;
  /** PDP contexts to write; absent = what the device catalog says (SIM7600 RNDIS: 1 and 6). */
  contexts?: number[];
  /** The database carrier it was made from, when it was ("us/t-mobile/0", or "android/310-260/metropcs-260"). */
  carrierId?: string;
  /**
   * The SIM this APN worked for, stored by the APN decider (issue 13): a salted SHA-256 of the
   * IMSI (never the IMSI itself, so an exported presets file names no subscriber) and its last 4
   * digits for display.
   */
  sim?: PresetSim;
  note?: string;
  createdAt: string;
  updatedAt: string;
}

export interface PresetSim {
  imsiSha256: string;
  imsiLast4: string;
}

export interface PresetsFile {
  version: typeof PRESETS_FILE_VERSION;
  presets: ApnPreset[];
}

export interface PresetProblem {
  /** Index in the file's `presets` array, or -1 for the file itself. */
  index: number;
  name?: string;
  message: string;
}

const KNOWN_KEYS = new Set(['name', 'apn', 'ipType', 'auth', 'username', 'password', 'contexts', 'carrierId', 'sim', 'note', 'createdAt', 'updatedAt']);

/** MBPI carrier ids ("us/t-mobile/0") and Android table ids ("android/310-260/metropcs-260"). */
const CARRIER_ID = /^(?:[a-z]{2}\/[a-z0-9-]+\/\d+|android\/\d{3}-\d{2,3}\/[a-z0-9-]+)$/;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function check<T>(fn: () => T): string | undefined {
  try {
    fn();
    return undefined;
  } catch (err) {
    if (err instanceof AtError) return err.message;
    throw err;
  }
}

/** Problems of one preset (empty when valid). */
export function presetProblems(value: unknown): string[] {
  if (!isRecord(value)) return ['is not an object'];
  const p: string[] = [];
  for (const k of Object.keys(value)) if (!KNOWN_KEYS.has(k)) p.push(`unknown field "${k}"`);
  const { name, apn, ipType, auth, username, password, contexts, carrierId, sim, note, createdAt, updatedAt } = value;
  if (typeof name !== 'string' || name.trim() === '' || name !== name.trim()) p.push('name: must be non-empty text without surrounding spaces');
  else if (name.length > PRESET_NAME_MAX || !/^[\x20-\x7e\u00a0-\uffff]+$/.test(name)) p.push(`name: at most ${PRESET_NAME_MAX} printable characters`);
  if (typeof apn !== 'string') p.push('apn: must be text');
  else {
    const e = check(() => validateApn(apn));
    if (e) p.push(e);
  }
  if (!IP_TYPES.includes(ipType as IpType)) p.push(`ipType: must be one of ${IP_TYPES.join(', ')}`);
  if (!AUTH_CHOICES.includes(auth as AuthChoice)) p.push(`auth: must be one of ${AUTH_CHOICES.join(', ')}`);
  if (username !== undefined) {
    const e = typeof username === 'string' ? check(() => validateUsername(username)) : 'user: must be text';
    if (e) p.push(e);
  }
  if (password !== undefined) {
    const e = typeof password === 'string' ? check(() => validatePassword(password)) : 'password: must be text';
    if (e) p.push(e);
  }
  if (auth !== undefined && auth !== 'none' && (username === undefined || username === '') && (password === undefined || password === '')) {
    p.push(`auth: "${String(auth)}" needs a user or a password`);
  }
  if (contexts !== undefined) {
    if (!Array.isArray(contexts) || contexts.length === 0) p.push('contexts: must be a non-empty list of context ids');
    else {
      for (const cid of contexts) {
        const e = check(() => validateCid(cid as number));
        if (e) p.push(`contexts: ${e}`);
      }
      if (new Set(contexts).size !== contexts.length) p.push('contexts: lists a context twice');
    }
  }
  if (carrierId !== undefined && (typeof carrierId !== 'string' || !CARRIER_ID.test(carrierId))) p.push('carrierId: must look like "us/t-mobile/0" or "android/310-260/t-mobile-us"');
  if (sim !== undefined) {
    const ok = isRecord(sim) && Object.keys(sim).length === 2 && typeof sim['imsiSha256'] === 'string' && /^[0-9a-f]{64}$/.test(sim['imsiSha256']) && typeof sim['imsiLast4'] === 'string' && /^\d{4}$/.test(sim['imsiLast4']);
    if (!ok) p.push('sim: must be { imsiSha256: <64 hex digits>, imsiLast4: <4 digits> }');
  }
  if (note !== undefined && (typeof note !== 'string' || note.length > 500)) p.push('note: text of at most 500 characters');
  for (const [k, v] of [
    ['createdAt', createdAt],
    ['updatedAt', updatedAt],
  ] as const) {
    if (typeof v !== 'string' || Number.isNaN(Date.parse(v))) p.push(`${k}: must be an ISO date`);
  }
  return p;
}

export interface ValidatedPresets {
  presets: ApnPreset[];
  problems: PresetProblem[];
  /** The top level is unusable (not an object, wrong version, no presets array): nothing was read. */
  unreadable: boolean;
}

/** Validates a parsed presets file: keeps valid presets, reports every problem (never drops silently). */
export function validatePresetsFile(value: unknown): ValidatedPresets {
  if (!isRecord(value)) return { presets: [], problems: [{ index: -1, message: 'the file is not a JSON object' }], unreadable: true };
  if (value['version'] !== PRESETS_FILE_VERSION) {
    return { presets: [], problems: [{ index: -1, message: `unsupported version ${JSON.stringify(value['version'])} (expected ${PRESETS_FILE_VERSION})` }], unreadable: true };
  }
  if (!Array.isArray(value['presets'])) return { presets: [], problems: [{ index: -1, message: '"presets" is not a list' }], unreadable: true };
  const presets: ApnPreset[] = [];
  const problems: PresetProblem[] = [];
  const seen = new Set<string>();
  (value['presets'] as unknown[]).forEach((item, index) => {
    const name = isRecord(item) && typeof item['name'] === 'string' ? item['name'] : undefined;
    const errs = presetProblems(item);
    if (name !== undefined && seen.has(name.toLowerCase())) errs.push(`name: "${name}" is used by an earlier preset`);
    if (errs.length) {
      problems.push({ index, ...(name !== undefined ? { name } : {}), message: errs.join('; ') });
      return;
    }
    seen.add((name as string).toLowerCase());
    presets.push(item as unknown as ApnPreset);
  });
  return { presets, problems, unreadable: false };
}

/** Maps the user-facing auth choice to AT+CGAUTH <auth_type> (0 none, 1 PAP, 2 CHAP, 3 either). */
export function authTypeOf(auth: AuthChoice): 0 | 1 | 2 | 3 {
  return auth === 'none' ? 0 : auth === 'pap' ? 1 : auth === 'chap' ? 2 : 3;
}
