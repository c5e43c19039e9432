// The user's APN presets (issue 5): <config dir>/apn-presets.json, validated on every load,
// written atomically with mode 0600 (it can hold passwords). A damaged file is moved aside with a
// message naming the new path; valid presets of a partly damaged file are kept.
import { join } from 'node:path';
import type { IpType } from '../core/apn/db-types.js';
import { PRESETS_FILE_VERSION, presetProblems, validatePresetsFile, type ApnPreset, type AuthChoice, type PresetSim, type PresetsFile } from '../core/apn/preset.js';
import { configDir } from '../platform/files/config-dir.js';
import { moveAside, readJsonFile, writeJsonFile } from '../platform/files/json-file.js';

export const PRESETS_FILE = 'apn-presets.json';

export class PresetError extends Error {
  override name = 'PresetError';
  constructor(
    readonly code: 'not-found' | 'exists' | 'invalid' | 'unreadable',
    message: string,
  ) {
    super(message);
  }
}

export interface PresetInput {
  name: string;
  apn: string;
  ipType?: IpType;
  auth?: AuthChoice;
  username?: string;
  password?: string;
  contexts?: number[];
  carrierId?: string;
  sim?: PresetSim;
  note?: string;
}

export interface PresetLoad {
  presets: ApnPreset[];
  /** Messages for the user (a file moved aside, presets that were skipped and why). */
  warnings: string[];
}

export interface ImportResult {
  added: string[];
  replaced: string[];
  skipped: { name?: string; reason: string }[];
}

export class ApnPresetStore {
  readonly path: string;
  private readonly now: () => Date;

  constructor(options: { dir?: string; now?: () => Date } = {}) {
    this.path = join(options.dir ?? configDir(), PRESETS_FILE);
    this.now = options.now ?? (() => new Date());
  }

  /** Reads and validates the file. A damaged file is moved aside (and the valid presets rewritten). */
  async load(): Promise<PresetLoad> {
    const read = await readJsonFile(this.path);
    if (read.kind === 'missing') return { presets: [], warnings: [] };
    if (read.kind === 'invalid-json') {
      const movedTo = await moveAside(this.path, this.now());
      return { presets: [], warnings: [`${this.path} is not valid JSON (${read.reason}); it was moved to ${movedTo} and presets start empty.`] };
    }
    const v = validatePresetsFile(read.value);
    if (v.unreadable) {
      const movedTo = await moveAside(this.path, this.now());
      return { presets: [], warnings: [`${this.path}: ${v.problems.map((p) => p.message).join('; ')}; it was moved to ${movedTo} and presets start empty.`] };
    }
    if (v.problems.length) {
      const movedTo = await moveAside(this.path, this.now());
      await this.write(v.presets);
      return {
        presets: v.presets,
        warnings: [
          `${this.path} had ${v.problems.length} invalid preset(s); the original file was moved to ${movedTo} and the ${v.presets.length} valid one(s) kept:`,
          ...v.problems.map((p) => `  preset #${p.index + 1}${p.name !== undefined ? ` "${p.name}"` : ''}: ${p.message}`),
        ],
      };
    }
    return { presets: v.presets, warnings: [] };
  }

  async list(): Promise<PresetLoad> {
    return this.load();
  }

  async get(name: string): Promise<ApnPreset> {
    const { presets } = await this.load();
    const found = presets.find((p) => sameName(p.name, name));
    if (!found) throw new PresetError('not-found', `no preset named "${name}"`);
    return found;
  }

  async create(input: PresetInput): Promise<ApnPreset> {
    const { presets } = await this.load();
    if (presets.some((p) => sameName(p.name, input.name))) throw new PresetError('exists', `a preset named "${input.name}" already exists`);
    const stamp = this.now().toISOString();
    const preset = buildPreset(input, stamp, stamp);
    await this.write([...presets, preset]);
    return preset;
  }

  /** Changes fields of a preset; `undefined` keeps a field, an empty string clears user/password/note. */
  async update(name: string, patch: Partial<PresetInput>): Promise<ApnPreset> {
    const { presets } = await this.load();
    const index = presets.findIndex((p) => sameName(p.name, name));
    const current = presets[index];
    if (!current) throw new PresetError('not-found', `no preset named "${name}"`);
    if (patch.name !== undefined && !sameName(patch.name, current.name) && presets.some((p) => sameName(p.name, patch.name as string))) {
      throw new PresetError('exists', `a preset named "${patch.name}" already exists`);
    }
    const merged: PresetInput = { ...stripTimes(current) };
    for (const [k, v] of Object.entries(patch)) if (v !== undefined) (merged as unknown as Record<string, unknown>)[k] = v;
    for (const k of ['username', 'password', 'note'] as const) if (merged[k] === '') delete merged[k];
    const updated = buildPreset(merged, current.createdAt, this.now().toISOString());
    const next = [...presets];
    next[index] = updated;
    await this.write(next);
    return updated;
  }

  async remove(name: string): Promise<ApnPreset> {
    const { presets } = await this.load();
    const found = presets.find((p) => sameName(p.name, name));
    if (!found) throw new PresetError('not-found', `no preset named "${name}"`);
    await this.write(presets.filter((p) => p !== found));
    return found;
  }

  /** Presets the APN decider stored for this SIM (issue 13), most recently updated first. */
  async forSim(imsiSha256: string): Promise<ApnPreset[]> {
    const { presets } = await this.load();
    return presets.filter((p) => p.sim?.imsiSha256 === imsiSha256).sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
  }

  /**
   * Remembers the APN that worked for a SIM: updates the preset already bound to it, or creates
   * "SIM ****1234" (numbered when the name is taken). Returns the stored preset.
   */
  async rememberForSim(sim: PresetSim, settings: Omit<PresetInput, 'name' | 'sim'>): Promise<ApnPreset> {
    const { presets } = await this.load();
    const existing = presets.find((p) => p.sim?.imsiSha256 === sim.imsiSha256);
    const fields: Omit<PresetInput, 'name'> = { ...settings, sim: { ...sim } };
    if (existing) {
      const { contexts: _c, carrierId: _i, username: _u, password: _p, note: _n, ...kept } = stripTimes(existing);
      const updated = buildPreset({ ...kept, ...fields, name: existing.name }, existing.createdAt, this.now().toISOString());
      await this.write(presets.map((p) => (p === existing ? updated : p)));
      return updated;
    }
    const base = `SIM ****${sim.imsiLast4}`;
    let name = base;
    for (let n = 2; presets.some((p) => sameName(p.name, name)); n++) name = `${base} (${n})`;
    const stamp = this.now().toISOString();
    const created = buildPreset({ ...fields, name }, stamp, stamp);
    await this.write([...presets, created]);
    return created;
  }

  /** The presets (all, or the named ones) in the file format, for a face to write where the user wants. */
  async exportData(names?: string[]): Promise<PresetsFile> {
    const { presets } = await this.load();
    const chosen = names?.length ? presets.filter((p) => names.some((n) => sameName(n, p.name))) : presets;
    if (names?.length && chosen.length !== names.length) {
      const missing = names.filter((n) => !presets.some((p) => sameName(p.name, n)));
      throw new PresetError('not-found', `no preset named ${missing.map((n) => `"${n}"`).join(', ')}`);
    }
    return { version: PRESETS_FILE_VERSION, presets: chosen };
  }

  /** Writes the presets (all, or the named ones) to a file in the same format. */
  async exportTo(path: string, names?: string[]): Promise<ApnPreset[]> {
    const file = await this.exportData(names);
    await writeJsonFile(path, file, { mode: 0o600 });
    return file.presets;
  }

  /**
   * Reads presets from an exported file. Invalid entries are skipped with their reason; a name
   * that exists is skipped unless `replace` is set. The import file itself is never changed.
   */
  async importFrom(path: string, options: { replace?: boolean } = {}): Promise<ImportResult> {
    const read = await readJsonFile(path);
    if (read.kind === 'missing') throw new PresetError('not-found', `${path} does not exist`);
    if (read.kind === 'invalid-json') throw new PresetError('unreadable', `${path} is not valid JSON (${read.reason})`);
    return this.importData(read.value, path, options);
  }

  /** The same for presets a face read from a file itself (`source` names it in messages). */
  async importData(value: unknown, source: string, options: { replace?: boolean } = {}): Promise<ImportResult> {
    const v = validatePresetsFile(value);
    if (v.unreadable) throw new PresetError('unreadable', `${source}: ${v.problems.map((p) => p.message).join('; ')}`);
    const result: ImportResult = {
      added: [],
      replaced: [],
      skipped: v.problems.map((p) => ({ ...(p.name !== undefined ? { name: p.name } : {}), reason: p.message })),
    };
    const { presets } = await this.load();
    const next = [...presets];
    for (const incoming of v.presets) {
      const at = next.findIndex((p) => sameName(p.name, incoming.name));
      if (at === -1) {
        next.push(incoming);
        result.added.push(incoming.name);
      } else if (options.replace) {
        next[at] = { ...incoming, updatedAt: this.now().toISOString() };
        result.replaced.push(incoming.name);
      } else result.skipped.push({ name: incoming.name, reason: 'a preset with this name exists (use --replace)' });
    }
    if (result.added.length || result.replaced.length) await this.write(next);
    return result;
  }

  private async write(presets: ApnPreset[]): Promise<void> {
    const file: PresetsFile = { version: PRESETS_FILE_VERSION, presets };
    await writeJsonFile(this.path, file, { mode: 0o600 });
  }
}

function sameName(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

function stripTimes(p: ApnPreset): PresetInput {
  const { createdAt: _c, updatedAt: _u, ...rest } = p;
  return rest;
}

/** Builds and validates a preset; throws PresetError('invalid') listing every problem. */
export function buildPreset(input: PresetInput, createdAt: string, updatedAt: string): ApnPreset {
  const preset: ApnPreset = {
    name: typeof input.name === 'string' ? input.name.trim() : input.name,
    apn: input.apn,
    ipType: input.ipType ?? 'IPV4V6',
    auth: input.auth ?? (input.username || input.password ? 'auto' : 'none'),
    ...(input.username !== undefined ? { username: input.username } : {}),
    ...(input.password !== undefined ? { password: input.password } : {}),
    ...(input.contexts !== undefined ? { contexts: input.contexts } : {}),
    ...(input.carrierId !== undefined ? { carrierId: input.carrierId } : {}),
    ...(input.sim !== undefined ? { sim: input.sim } : {}),
    ...(input.note !== undefined ? { note: input.note } : {}),
    createdAt,
    updatedAt,
  };
  const problems = presetProblems(preset);
  if (problems.length) throw new PresetError('invalid', `preset "${String(input.name)}": ${problems.join('; ')}`);
  return preset;
}
