// `simhat apn`: carrier database search, suggestion from the SIM, user presets, and applying an
// APN to the contexts the modem needs with verification and rollback (issue 5); without an APN the
// APN decider chooses (issue 13: ./apn-suggest.ts, ./apn-set-decide.ts).
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { ApnApplyResult, ApnState, ApnTargetSpec, ApplyResult, PresetFields, ProviderHit } from '../../api/contract.js';
import { validateApplyInput, type ApnTarget } from '../../core/apn/apply-plan.js';
import type { IpType } from '../../core/apn/db-types.js';
import { AUTH_CHOICES, IP_TYPES, PRESETS_FILE_VERSION, type ApnPreset, type AuthChoice } from '../../core/apn/preset.js';
import { AtError } from '../../core/at/errors.js';
import type { ApplyEvent } from '../../service/apn.js';
import { writeFileAtomic } from '../../compose/host-files.js';
import { asUsage, runOperation, withApi } from '../api-session.js';
import { carrierLine, json, requirePort, withModem } from '../apn-shared.js';
import { setByDecider } from '../apn-set-decide.js';
import { cmdSuggest } from '../apn-suggest.js';
import { errorBody } from '../cli-error.js';
import { eventLine, resultText } from '../render-apn-apply.js';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, UsageError, type CliCommand, type CliIo } from '../command.js';

const USAGE = `Usage: simhat apn <subcommand> [options]

  search <text...> [--json] [--limit <n>]
      Find carriers by provider or country name (accents and case ignored) or by MCC-MNC.
  suggest --port <p> [--json]
      Read the SIM (IMSI, SPN, GID1, MNC length; shown masked) and print the ranked candidates, each
      with its reasons (what connect and doctor --fix try, in order), and the database carrier ids.
  list [--json]
      List your saved presets.
  set --port <p> [--carrier <id> | --apn <value> | --preset <name>] [--ip-type IP|IPV6|IPV4V6]
      [--user <u>] [--password <p>] [--auth none|pap|chap|auto] [--contexts 1,6]
      [--try-candidates] [--timeout <s>] [--yes] [--json]
      Write the APN to the contexts the modem needs (SIM7600 RNDIS/ECM: 1 and 6), re-attach and
      wait for a data address; on failure the previous settings are restored.
      Without --carrier, --apn or --preset the APN decider chooses: on a terminal it shows the
      ranked candidates with their reasons and asks (a number, Enter to try them in order, or a
      typed APN); with --yes, --json or no terminal it goes by rank. Each failed try is rolled
      back before the next; the one that works is remembered for this SIM.
      --carrier <country>/<provider> tries that provider's internet APNs in order;
      --carrier <country>/<provider>/<n> applies that APN (with --try-candidates: then the others).
      --timeout <s>: wait this long for registration and for an address (default 30).
  show --port <p> [--json]
      Show the PDP contexts, authentication (passwords hidden), addresses and an interrupted apply.
  preset add <name> (--apn <value> | --carrier <id>) [--ip-type t] [--user u] [--password p]
      [--auth a] [--contexts 1,6] [--note text]
  preset edit <name> [--name <new>] [--apn v] [--ip-type t] [--user u] [--password p] [--auth a]
      [--contexts 1,6] [--note text]           (an empty --user/--password/--note clears it)
  preset rm <name>
  preset export <file> [<name>...]
  preset import <file> [--replace]

Exit codes: 0 done, 1 the apply failed (previous settings restored), 2 usage or port error.`;

const IP_TYPE_SET = new Set<string>(IP_TYPES);

function parseIpType(v: string | undefined): IpType | undefined {
  if (v === undefined) return undefined;
  const up = v.toUpperCase();
  if (!IP_TYPE_SET.has(up)) throw new UsageError(`--ip-type must be IP, IPV6 or IPV4V6 (got "${v}")`);
  return up as IpType;
}

function parseAuth(v: string | undefined): AuthChoice | undefined {
  if (v === undefined) return undefined;
  const low = v.toLowerCase();
  if (!(AUTH_CHOICES as readonly string[]).includes(low)) throw new UsageError(`--auth must be none, pap, chap or auto (got "${v}")`);
  return low as AuthChoice;
}

function parseContexts(v: string | undefined): number[] | undefined {
  if (v === undefined) return undefined;
  if (!/^\d{1,2}(,\d{1,2})*$/.test(v)) throw new UsageError(`--contexts must be context ids separated by commas, e.g. 1,6 (got "${v}")`);
  return v.split(',').map(Number);
}

function parseTimeout(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  if (!/^\d{1,4}(\.\d+)?$/.test(v) || Number(v) <= 0) throw new UsageError(`--timeout must be a number of seconds (got "${v}")`);
  return Math.max(100, Math.round(Number(v) * 1000));
}

function printHits(io: CliIo, hits: ProviderHit[]): void {
  for (const h of hits) {
    const role = h.primary === true ? ', network owner' : h.primary === false ? ', MVNO' : '';
    io.stdout(`${h.provider} — ${h.countryName} [${h.networkIds.join(' ') || 'no MCC-MNC'}${role}]\n`);
    for (const c of h.carriers) io.stdout(`  ${carrierLine(c)}\n`);
  }
}

async function cmdSearch(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, options: { json: { type: 'boolean' }, limit: { type: 'string' } }, allowPositionals: true, strict: true });
  const text = positionals.join(' ').trim();
  if (!text) throw new UsageError('search needs a text, e.g. simhat apn search vodafone germany');
  if (values.limit !== undefined && !/^\d{1,4}$/.test(values.limit)) throw new UsageError('--limit must be a whole number');
  const hits = await withApi({}, ({ api }) => api.searchProviders({ query: text, limit: values.limit ? Math.max(1, Number(values.limit)) : 50 }));
  if (values.json) io.stdout(json({ query: text, results: hits }));
  else if (!hits.length) io.stdout(`No carrier matches "${text}".\n`);
  else printHits(io, hits);
  return EXIT_OK;
}

async function cmdList(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { json: { type: 'boolean' } }, strict: true });
  const { file, presets: shown, warnings } = await withApi({}, ({ api }) => api.presetBook({}));
  for (const w of warnings) io.stderr(`${w}\n`);
  if (values.json) io.stdout(json({ file, presets: shown, warnings }));
  else if (!shown.length) io.stdout(`No presets yet (${file}). Add one with: simhat apn preset add <name> --apn <value>\n`);
  else for (const p of shown) io.stdout(presetLine(p));
  return EXIT_OK;
}

function presetLine(p: ApnPreset): string {
  const extra = [p.ipType, `auth ${p.auth}`, p.username ? `user ${p.username}` : undefined, p.contexts ? `contexts ${p.contexts.join(',')}` : undefined, p.carrierId].filter(Boolean);
  return `${p.name.padEnd(24)} ${p.apn.padEnd(30)} ${extra.join(', ')}\n`;
}

const PRESET_OPTIONS = {
  apn: { type: 'string' },
  carrier: { type: 'string' },
  name: { type: 'string' },
  'ip-type': { type: 'string' },
  user: { type: 'string' },
  password: { type: 'string' },
  auth: { type: 'string' },
  contexts: { type: 'string' },
  note: { type: 'string' },
  replace: { type: 'boolean' },
  json: { type: 'boolean' },
} as const;

async function cmdPreset(argv: string[], io: CliIo): Promise<number> {
  const [action, ...rest] = argv;
  const { values, positionals } = parseArgs({ args: rest, options: PRESET_OPTIONS, allowPositionals: true, strict: true });
  const name = positionals[0];
  const fields = presetFlags(values);
  return withApi({}, async ({ api }) => {
    const { file: storePath, warnings } = await api.presetBook({});
    for (const w of warnings) io.stderr(`${w}\n`);
    try {
      switch (action) {
        case 'add': {
          if (!name) throw new UsageError('preset add needs a name');
          if (values.carrier === undefined && values.apn === undefined) throw new UsageError('preset add needs --apn <value> or --carrier <id>');
          const p = await api.addPreset({ fields: { ...fields, name, ...(values.apn !== undefined ? { apn: values.apn } : {}), ...(values.carrier !== undefined ? { carrierId: values.carrier } : {}) } });
          io.stdout(`Saved preset "${p.name}" (${p.apn}) in ${storePath}\n`);
          return EXIT_OK;
        }
        case 'edit': {
          if (!name) throw new UsageError('preset edit needs a name');
          const p = await api.editPreset({ name, fields: { ...fields, ...(values.name !== undefined ? { name: values.name } : {}), ...(values.apn !== undefined ? { apn: values.apn } : {}) } });
          io.stdout(`Updated preset "${p.name}"\n`);
          return EXIT_OK;
        }
        case 'rm': {
          if (!name) throw new UsageError('preset rm needs a name');
          const r = await api.deletePreset({ id: `user:${encodeURIComponent(name)}` });
          if (!r.deleted) throw Object.assign(new Error(`no preset named "${name}"`), { code: 'not-found' });
          io.stdout(`Removed preset "${name}"\n`);
          return EXIT_OK;
        }
        case 'export': {
          const file = positionals[0];
          if (!file) throw new UsageError('preset export needs a file');
          const presets = await api.exportPresets({ names: positionals.slice(1) });
          // The face writes what the user asked for, where they asked (0600: it can hold passwords).
          await writeFileAtomic(file, JSON.stringify({ version: PRESETS_FILE_VERSION, presets }, null, 2) + '\n', { mode: 0o600 });
          io.stdout(`Exported ${presets.length} preset(s) to ${file}\n`);
          return EXIT_OK;
        }
        case 'import': {
          const file = positionals[0];
          if (!file) throw new UsageError('preset import needs a file');
          const data = await readImport(file);
          const r = await api.importPresets({ data, replace: values.replace ?? false });
          if (values.json) io.stdout(json(r));
          else {
            io.stdout(`Imported ${r.added.length} new, replaced ${r.replaced.length}, skipped ${r.skipped.length}\n`);
            for (const x of r.skipped) io.stdout(`  skipped${x.name !== undefined ? ` "${x.name}"` : ''}: ${x.reason}\n`);
          }
          return r.skipped.length && !r.added.length && !r.replaced.length ? EXIT_FAILED : EXIT_OK;
        }
        default:
          throw new UsageError(`preset needs add, edit, rm, export or import (got "${action ?? ''}")`);
      }
    } catch (err) {
      if (err instanceof UsageError) throw err;
      const e = errorBody(err);
      if (!['invalid-argument', 'not-found', 'conflict', 'unreadable', 'exists'].includes(e.code)) throw err;
      io.stderr(`simhat apn preset: ${e.message}\n`);
      return e.code === 'invalid-argument' ? EXIT_USAGE : EXIT_FAILED;
    }
  });
}

/** An exported presets file, read by the face (the service checks every entry). */
async function readImport(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw Object.assign(new Error(code === 'ENOENT' ? `${file} does not exist` : `${file}: ${(err as Error).message}`), { code: code === 'ENOENT' ? 'not-found' : 'unreadable' });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw Object.assign(new Error(`${file} is not valid JSON (${(err as Error).message})`), { code: 'unreadable' });
  }
}

function presetFlags(values: { 'ip-type'?: string; user?: string; password?: string; auth?: string; contexts?: string; note?: string }): PresetFields {
  const f: PresetFields = {};
  const ipType = parseIpType(values['ip-type']);
  if (ipType) f.ipType = ipType;
  const auth = parseAuth(values.auth);
  if (auth) f.auth = auth;
  if (values.user !== undefined) f.username = values.user;
  if (values.password !== undefined) f.password = values.password;
  const contexts = parseContexts(values.contexts);
  if (contexts) f.contexts = contexts;
  if (values.note !== undefined) f.note = values.note;
  return f;
}

const SET_OPTIONS = {
  port: { type: 'string' },
  carrier: { type: 'string' },
  apn: { type: 'string' },
  preset: { type: 'string' },
  'ip-type': { type: 'string' },
  user: { type: 'string' },
  password: { type: 'string' },
  auth: { type: 'string' },
  contexts: { type: 'string' },
  'try-candidates': { type: 'boolean' },
  timeout: { type: 'string' },
  yes: { type: 'boolean', short: 'y' },
  json: { type: 'boolean' },
} as const;

async function cmdSet(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args: argv, options: SET_OPTIONS, strict: true });
  const port = requirePort(values.port);
  const sources = [values.carrier, values.apn, values.preset].filter((v) => v !== undefined);
  if (sources.length > 1) throw new UsageError('give at most one of --carrier <id>, --apn <value> or --preset <name>');
  const contexts = parseContexts(values.contexts);
  const timeoutMs = parseTimeout(values.timeout);
  const ipType = parseIpType(values['ip-type']);
  const auth = parseAuth(values.auth);
  if (sources.length === 0) {
    if (values.user !== undefined || values.password !== undefined || auth) throw new UsageError('--user, --password and --auth go with --apn (or --carrier / --preset)');
    return setByDecider(port, io, { json: values.json ?? false, yes: values.yes ?? false, contexts, timeoutMs, ipType });
  }
  const overrides = { ...(ipType ? { ipType } : {}), ...(values.user !== undefined ? { username: values.user } : {}), ...(values.password !== undefined ? { password: values.password } : {}), ...(auth ? { auth } : {}) };
  let targets: ApnTargetSpec[] | undefined;
  if (values.apn !== undefined) {
    const t: ApnTargetSpec = { apn: values.apn, ipType: ipType ?? 'IPV4V6', auth: auth ?? (values.user !== undefined || values.password !== undefined ? 'auto' : 'none'), label: '--apn' };
    if (values.user !== undefined) t.username = values.user;
    if (values.password !== undefined) t.password = values.password;
    targets = [t];
    // Refuse bad values before the port is even opened (issue 5: nothing invalid reaches the modem).
    try {
      validateApplyInput(targets as ApnTarget[], contexts);
    } catch (err) {
      if (err instanceof AtError) throw new UsageError(err.message);
      throw err;
    }
  }
  const params = {
    ...(targets ? { targets } : {}),
    ...(values.carrier !== undefined ? { presetId: values.carrier } : {}),
    ...(values.preset !== undefined ? { presetId: `user:${encodeURIComponent(values.preset)}` } : {}),
    ...(targets ? {} : { overrides }),
    ...(contexts ? { contexts } : {}),
    ...(values['try-candidates'] ? { tryCandidates: true } : {}),
    ...(timeoutMs ? { timeoutMs } : {}),
  };
  return withModem(port, io, values.json ?? false, async (api, modemId) => {
    const events: ApplyEvent[] = [];
    const r = await runOperation<ApnApplyResult | { apply?: ApplyResult }>(
      api,
      () => asUsage(() => api.applyApn({ modemId, ...params })),
      (e) => {
        const ev = e.data as ApplyEvent | undefined;
        if (!ev) return;
        events.push(ev);
        if (!values.json) {
          const line = eventLine(ev);
          if (line) io.stdout(line + '\n');
        }
      },
      io.signal,
    );
    const result = r.result?.apply;
    if (!result) throw Object.assign(new Error(r.error?.message ?? 'the apply failed'), r.error ?? {});
    if (values.json) io.stdout(json({ ...result, events: events.filter((e) => e.type !== 'finished') }));
    else io.stdout(resultText(result));
    if (result.ok) return EXIT_OK;
    if (result.error?.code === 'port-closed') return EXIT_USAGE;
    return EXIT_FAILED;
  });
}

function showText(s: ApnState): string {
  const lines: string[] = [];
  lines.push(`Radio: CFUN ${s.functionality ?? '?'}`);
  lines.push('Contexts:');
  for (const c of s.contexts) {
    const auth = s.auths.find((a) => a.cid === c.cid);
    const addr = s.addresses.find((a) => a.cid === c.cid);
    const act = s.active.find((a) => a.cid === c.cid);
    const authText = auth && auth.authType !== 0 ? `auth ${['none', 'PAP', 'CHAP', 'PAP/CHAP'][auth.authType] ?? auth.authType} user "${auth.user}"` : 'no auth';
    const addrText = addr && (addr.ipv4 || addr.ipv6) ? [addr.ipv4, addr.ipv6].filter(Boolean).join(' ') : 'no address';
    lines.push(`  cid ${String(c.cid).padEnd(2)} ${c.pdpType.padEnd(6)} ${JSON.stringify(c.apn).padEnd(30)} ${act?.active ? 'active' : 'inactive'}, ${addrText}, ${authText}${c.emergency ? ', emergency' : ''}`);
  }
  const c1 = s.contexts.find((c) => c.cid === 1);
  const c6 = s.contexts.find((c) => c.cid === 6);
  if (c1 && c6 && c1.apn.toLowerCase() !== c6.apn.toLowerCase()) lines.push('warning: contexts 1 and 6 hold different APNs (RNDIS/ECM use both, sim7600.md §2)');
  if (s.pendingJournal) {
    lines.push(`warning: an apply of "${s.pendingJournal.applying}" started ${s.pendingJournal.startedAt} was interrupted; run simhat apn set again (its saved settings are used as the state to restore).`);
  }
  return lines.join('\n') + '\n';
}

async function cmdShow(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { port: { type: 'string' }, json: { type: 'boolean' } }, strict: true });
  const port = requirePort(values.port);
  return withModem(port, io, values.json ?? false, async (api, modemId) => {
    const state = await api.apnState({ modemId });
    io.stdout(values.json ? json(state) : showText(state));
    return EXIT_OK;
  });
}

export const command: CliCommand = {
  summary: 'Carriers and APN: search, suggest from the SIM, presets, apply with rollback.',
  usage: USAGE,
  async run(argv, io) {
    const [sub, ...rest] = argv;
    switch (sub) {
      case 'search':
        return cmdSearch(rest, io);
      case 'suggest':
        return cmdSuggest(rest, io);
      case 'list':
        return cmdList(rest, io);
      case 'preset':
        return cmdPreset(rest, io);
      case 'set':
        return cmdSet(rest, io);
      case 'show':
        return cmdShow(rest, io);
      default:
        throw new UsageError(sub ? `unknown subcommand "${sub}"` : 'a subcommand is required');
    }
  },
};
