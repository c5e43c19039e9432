// Api methods of the user's saved APN presets (issue 5): the UI's view (CarrierPreset) and the whole store
// for the CLI (add / edit with every field, export and import through the face, which reads and writes the file).
import type { PresetFields } from '../api/contract.js';
import { ApiCallError } from '../api/validate.js';
import { PresetError, type PresetInput } from './apn-presets.js';
import { carrierTarget } from './api-apn.js';
import { toAuthChoice, userPresetOf } from './contract-map.js';
import type { Impl, Parts } from './parts.js';

type PresetMethods = Pick<Impl, 'listPresets' | 'savePreset' | 'deletePreset' | 'presetBook' | 'addPreset' | 'editPreset' | 'exportPresets' | 'importPresets'>;

/** PresetError -> the Api's error codes (invalid -> invalid-argument, exists -> conflict). */
function asApiError(err: unknown): never {
  if (err instanceof PresetError) {
    const code = err.code === 'invalid' ? 'invalid-argument' : err.code === 'exists' ? 'conflict' : err.code;
    throw new ApiCallError({ code, message: err.message });
  }
  throw err;
}

function inputOf(f: PresetFields): Partial<PresetInput> {
  const out: Partial<PresetInput> = {};
  if (f.name !== undefined) out.name = f.name;
  if (f.apn !== undefined) out.apn = f.apn;
  if (f.ipType) out.ipType = f.ipType;
  if (f.auth) out.auth = f.auth;
  if (f.username !== undefined) out.username = f.username;
  if (f.password !== undefined) out.password = f.password;
  if (f.contexts) out.contexts = f.contexts;
  if (f.note !== undefined) out.note = f.note;
  if (f.carrierId !== undefined) out.carrierId = f.carrierId;
  return out;
}

export function presetMethods(p: Parts): PresetMethods {
  return {
    async listPresets() {
      return (await p.presets.list()).presets.map(userPresetOf);
    },

    async savePreset({ preset }) {
      const input = {
        name: preset.name,
        apn: preset.settings.apn,
        ipType: preset.settings.ipType,
        auth: toAuthChoice(preset.settings.auth),
        ...(preset.settings.username ? { username: preset.settings.username } : {}),
        ...(preset.settings.password ? { password: preset.settings.password } : {}),
        ...(preset.carrierId ? { carrierId: preset.carrierId } : {}),
      };
      const existing = await p.presets.get(preset.name).catch(() => undefined);
      return userPresetOf(existing ? await p.presets.update(preset.name, input) : await p.presets.create(input));
    },

    async deletePreset({ id }) {
      if (!id.startsWith('user:')) throw new ApiCallError({ code: 'invalid-argument', message: 'Only saved presets can be deleted', field: 'id' });
      const removed = await p.presets.remove(decodeURIComponent(id.slice(5))).catch(() => undefined);
      return { deleted: !!removed };
    },

    async presetBook() {
      const { presets, warnings } = await p.presets.load();
      // Passwords never leave the store in a listing.
      return { file: p.presets.path, presets: presets.map((x) => (x.password ? { ...x, password: '***' } : x)), warnings };
    },

    async addPreset({ fields }) {
      const input: Partial<PresetInput> = {};
      if (fields.carrierId !== undefined) {
        const c = p.env.apn().carrier(fields.carrierId);
        if (!c) throw new ApiCallError({ code: 'invalid-argument', message: `unknown carrier id "${fields.carrierId}" (find ids with simhat apn search)`, field: 'carrierId' });
        const t = carrierTarget(c);
        Object.assign(input, { apn: t.apn, ipType: t.ipType, auth: t.auth, ...(t.username ? { username: t.username } : {}), ...(t.password ? { password: t.password } : {}), carrierId: c.id });
      }
      // A carrier gives the APN; the other fields given refine it.
      const { apn, carrierId: _carrier, ...rest } = fields;
      Object.assign(input, inputOf(fields.carrierId !== undefined ? rest : { ...rest, ...(apn !== undefined ? { apn } : {}) }));
      if (!input.name) throw new ApiCallError({ code: 'invalid-argument', message: 'a preset needs a name', field: 'name' });
      if (input.apn === undefined) throw new ApiCallError({ code: 'invalid-argument', message: 'a preset needs an APN or a carrier', field: 'apn' });
      return p.presets.create(input as PresetInput).catch(asApiError);
    },

    async editPreset({ name, fields }) {
      return p.presets.update(name, inputOf(fields)).catch(asApiError);
    },

    async exportPresets({ names }) {
      return (await p.presets.exportData(names).catch(asApiError)).presets;
    },

    async importPresets({ data, replace }) {
      return p.presets.importData(data, 'the import file', { replace: replace ?? false }).catch(asApiError);
    },
  };
}
