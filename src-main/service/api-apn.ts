// Api methods of carriers and the APN (issue 5): database search, the suggestion from the SIM, and the
// apply with read-back, re-attach and rollback, its steps as progress (each with the APN layer's event).
import type { ApnApplyResult, ApnSettings, CarrierPreset, Params } from '../api/contract.js';
import { ApiCallError } from '../api/validate.js';
import { validateApplyInput, type ApnTarget } from '../core/apn/apply-plan.js';
import type { Carrier } from '../core/apn/lookup.js';
import { AtError } from '../core/at/errors.js';
import { ModemAt } from '../core/at/modem-at.js';
import { validateApn, validatePassword, validateUsername } from '../core/at/validate.js';
import { applyApn as applyApnSteps, DEFAULT_APPLY_TIMEOUTS, type ApplyEvent, type ApplyResult, type ApplyTimeouts } from './apn.js';
import { ApplyJournal } from './apn-journal.js';
import { readApnState, suggestForModem } from './apn-modem.js';
import { presetOf, toAuthChoice } from './contract-map.js';
import type { ModemRef } from './modems.js';
import { OperationFailure, type OpContext } from './operations.js';
import type { Impl, Parts } from './parts.js';

type ApnMethods = Pick<Impl, 'searchCarriers' | 'searchProviders' | 'suggestApn' | 'validateApn' | 'applyApn' | 'apnState'>;

/** What a database carrier applies as (MBPI gives pap/chap or nothing; credentials without a method: PAP or CHAP). */
export function carrierTarget(c: Carrier): ApnTarget {
  const a = c.apn;
  const creds = Boolean(a.username || a.password);
  return {
    apn: a.value,
    ipType: a.ipType ?? 'IPV4V6',
    auth: a.auth ?? (creds ? 'auto' : 'none'),
    ...(a.username ? { username: a.username } : {}),
    ...(a.password ? { password: a.password } : {}),
    label: c.id,
  };
}

/** Why simhat would refuse to send this database entry (MBPI has a few), or undefined. */
export function unsendable(c: Carrier): string | undefined {
  try {
    validateApplyInput([carrierTarget(c)], undefined);
    return undefined;
  } catch (err) {
    if (err instanceof AtError) return err.message;
    throw err;
  }
}

function targetOfSettings(s: ApnSettings, label: string): ApnTarget {
  return { apn: s.apn, ipType: s.ipType, auth: toAuthChoice(s.auth), ...(s.username ? { username: s.username } : {}), ...(s.password ? { password: s.password } : {}), label };
}

/** The timeouts of an apply that must give up after `ms` waiting for registration and an address. */
function timeoutsOf(ms: number | undefined): Partial<ApplyTimeouts> {
  if (!ms) return {};
  return { addressMs: ms, registrationMs: ms, simReadyMs: Math.max(ms, 1000), pollMs: Math.min(DEFAULT_APPLY_TIMEOUTS.pollMs, Math.max(50, Math.floor(ms / 20))) };
}

/** The APNs an applyApn call asks for, in order; refused (invalid-argument / not-found) before the port is touched. */
export async function resolveTargets(p: Parts, q: Params<'applyApn'>): Promise<{ targets: ApnTarget[]; contexts?: number[] }> {
  const sources = [q.presetId, q.settings, q.targets].filter((v) => v !== undefined);
  if (sources.length !== 1) throw new ApiCallError({ code: 'invalid-argument', message: 'Choose a carrier or enter an APN', field: 'settings' });
  let targets: ApnTarget[];
  let contexts: number[] | undefined;
  if (q.presetId?.startsWith('user:')) {
    const name = decodeURIComponent(q.presetId.slice(5));
    const preset = await p.presets.get(name).catch(() => undefined);
    if (!preset) throw new ApiCallError({ code: 'not-found', message: `No saved preset "${name}"`, field: 'presetId' });
    targets = [{ apn: preset.apn, ipType: preset.ipType, auth: preset.auth, ...(preset.username ? { username: preset.username } : {}), ...(preset.password ? { password: preset.password } : {}), label: `preset ${preset.name}` }];
    contexts = preset.contexts;
  } else if (q.presetId) {
    const lookup = p.env.apn();
    let carriers = lookup.resolveCarrierId(q.presetId);
    if (!carriers.length) throw new ApiCallError({ code: 'not-found', message: `No carrier ${q.presetId} in the APN database`, hint: 'Find carrier ids with simhat apn search or simhat apn suggest.', field: 'presetId' });
    const first = carriers[0]!;
    if (q.tryCandidates && carriers.length === 1) carriers = [first, ...lookup.resolveCarrierId(first.providerId).filter((c) => c.id !== first.id)];
    // Expanded lists (a provider id, tryCandidates) skip entries simhat cannot send; one named APN is checked below.
    if (carriers.length > 1) carriers = carriers.filter((c) => unsendable(c) === undefined);
    if (!carriers.length) throw new ApiCallError({ code: 'invalid-argument', message: `No usable APN for "${q.presetId}"`, field: 'presetId' });
    targets = carriers.map(carrierTarget);
  } else if (q.settings) {
    targets = [targetOfSettings(q.settings, 'custom APN')];
  } else {
    targets = q.targets!.map((t) => ({ ...t, label: t.label ?? t.apn }));
  }
  const o = q.overrides;
  if (o) {
    targets = targets.map((t) => {
      const next: ApnTarget = { ...t };
      if (o.ipType) next.ipType = o.ipType;
      if (o.username !== undefined) next.username = o.username;
      if (o.password !== undefined) next.password = o.password;
      if (o.auth) next.auth = o.auth;
      else if (o.username !== undefined || o.password !== undefined) next.auth = next.auth === 'none' ? 'auto' : next.auth;
      return next;
    });
  }
  const cids = q.contexts ?? contexts;
  // Nothing invalid reaches the modem (issue 5): checked before the port is touched.
  try {
    validateApplyInput(targets, cids);
  } catch (err) {
    if (err instanceof AtError) throw new ApiCallError({ code: 'invalid-argument', message: err.message, ...(err.field ? { field: err.field } : {}) });
    throw err;
  }
  return { targets, ...(cids ? { contexts: cids } : {}) };
}

function applyStep(ctx: OpContext, ev: ApplyEvent): void {
  const step = (id: string, label: string, state: 'running' | 'done' | 'failed', detail?: string) => ctx.step(id, label, state, detail, ev);
  switch (ev.type) {
    case 'validated':
      return step('validate', 'Checked the settings', 'done');
    case 'device':
      return step('identify', 'Found the contexts to write', 'done', `contexts ${ev.contexts.join(', ')} (${ev.contextsSource})`);
    case 'journal-found':
      return step('journal', 'Found an interrupted apply', 'done', ev.message);
    case 'saved':
      return step('save', 'Saved the current contexts (to restore on failure)', 'done');
    case 'candidate':
      return step('candidate', `Applying ${ev.apn || '(empty APN)'}`, 'running', ev.label);
    case 'context-written':
      return step(`write-${ev.cid}`, `Wrote context ${ev.cid}`, 'done', `${ev.apn} ${ev.ipType}`);
    case 'auth-written':
      return step(`auth-${ev.cid}`, `Wrote authentication of context ${ev.cid}`, 'done');
    case 'verified':
      return step('verify', 'Read back and verified', 'done', `contexts ${ev.cids.join(', ')}`);
    case 'reattach':
      return step(ev.phase, ev.message, 'done');
    case 'candidate-failed':
      return step('candidate', `Applying ${ev.apn || '(empty APN)'}`, 'failed', ev.error.message);
    case 'restoring':
      return step('restore', 'Restoring the previous contexts', 'running', ev.reason);
    case 'restored':
      return step('restore', 'Restoring the previous contexts', ev.report.ok ? 'done' : 'failed', ev.report.exact ? 'restored exactly' : ev.report.mismatches.join('; ') || ev.report.reason);
    case 'finished':
      if (ev.result.ok) step('candidate', `Applying ${ev.result.apn ?? ''}`, 'done', ev.result.addresses.map((a) => a.ipv4 ?? a.ipv6).filter(Boolean).join(', '));
      return;
  }
}

/** The APN workflow on a modem's shared session; a failure still carries the APN layer's result. */
export async function runApply(p: Parts, ctx: OpContext, ref: ModemRef, plan: { targets: ApnTarget[]; contexts?: number[]; timeoutMs?: number }): Promise<ApnApplyResult> {
  const m = new ModemAt(await p.sessions.engine(ref.id));
  const it = applyApnSteps(m, {
    targets: plan.targets,
    ...(plan.contexts ? { contexts: plan.contexts } : {}),
    timeouts: timeoutsOf(plan.timeoutMs),
    signal: ctx.signal,
    ...(ref.atPort ? { port: ref.atPort } : {}),
    ...(p.env.configDir ? { journal: new ApplyJournal({ dir: p.env.configDir }) } : {}),
  });
  let result: ApplyResult | undefined;
  for (;;) {
    const n = await it.next();
    if (n.done) {
      result = n.value;
      break;
    }
    applyStep(ctx, n.value);
  }
  if (!result.ok) {
    const e = result.error;
    const restored = result.restore?.attempted ? ` The previous settings were ${result.restore.ok ? 'restored' : 'NOT fully restored'}.` : '';
    throw new OperationFailure(
      { code: e?.code ?? 'apply-failed', message: e?.message ?? 'The APN did not bring data up', ...(e?.hint || restored ? { hint: `${e?.hint ?? ''}${restored}`.trim() } : {}) },
      { apply: result },
    );
  }
  const contexts = (await m.contexts().catch(() => [])).map((c) => ({ cid: c.cid, type: c.pdpType, apn: c.apn }));
  const pdp = result.addresses.find((a) => a.ipv4)?.ipv4 ?? null;
  p.events.log('info', 'apn', `${ref.id}: applied ${result.apn} to contexts ${result.contexts.join(', ')}`);
  return {
    cids: result.contexts,
    verified: true,
    contexts,
    pdpAddress: pdp,
    // One sentence the APN screen shows after "Verified:" (it adds nothing of its own).
    detail: `APN ${result.apn ?? ''} written to context${result.contexts.length > 1 ? 's' : ''} ${result.contexts.join(' and ')} and read back; ${pdp ? `the modem got the data address ${pdp}` : 'the modem got a data address'}.`,
    apply: result,
  };
}

export function apnMethods(p: Parts): ApnMethods {
  return {
    async searchCarriers({ query, country, limit }) {
      const hits = p.env.apn().search(query, { limit: 100 });
      const out: CarrierPreset[] = [];
      for (const h of hits) {
        if (country && h.countryCode !== country) continue;
        for (const c of h.carriers) out.push(presetOf(c));
      }
      return out.slice(0, limit ?? 50);
    },

    async searchProviders({ query, limit }) {
      return p.env.apn().search(query, { limit: limit ?? 50 });
    },

    async suggestApn({ modemId }) {
      await p.modems.ready();
      p.modems.get(modemId);
      const { facts, suggestion } = await suggestForModem(new ModemAt(await p.sessions.engine(modemId)), p.env.apn());
      const mccMnc = suggestion.home?.pairs[0];
      return {
        ...(mccMnc ? { mccMnc } : {}),
        presets: suggestion.candidates.slice(0, 8).map(presetOf),
        reason: suggestion.notes.join(' ') || (mccMnc ? `From your SIM's home network ${mccMnc}.` : 'No suggestion.'),
        detail: { sim: facts, suggestion },
      };
    },

    async validateApn({ settings: s }) {
      const errors: { field: keyof ApnSettings; message: string }[] = [];
      const tryField = (field: keyof ApnSettings, fn: () => unknown) => {
        try {
          fn();
        } catch (err) {
          errors.push({ field, message: (err as Error).message.replace(/^\w+: /, '') });
        }
      };
      tryField('apn', () => validateApn(s.apn));
      tryField('username', () => validateUsername(s.username));
      tryField('password', () => validatePassword(s.password));
      if (s.auth !== 'none' && !s.username && !s.password) errors.push({ field: 'username', message: 'PAP/CHAP needs a user name or a password' });
      return { ok: errors.length === 0, errors };
    },

    async applyApn(q) {
      await p.modems.ready();
      const ref = p.modems.get(q.modemId);
      const plan = await resolveTargets(p, q);
      const what = `applying the APN "${plan.targets[0]?.apn ?? ''}"`;
      return p.ops.start('apn-apply', (ctx) => runApply(p, ctx, ref, { ...plan, ...(q.timeoutMs ? { timeoutMs: q.timeoutMs } : {}) }), { writes: { modemId: ref.id, what } });
    },

    async apnState({ modemId }) {
      await p.modems.ready();
      p.modems.get(modemId);
      const m = new ModemAt(await p.sessions.engine(modemId));
      return readApnState(m, p.env.configDir ? new ApplyJournal({ dir: p.env.configDir }) : undefined);
    },
  };
}

