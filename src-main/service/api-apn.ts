// Api methods of carriers and the APN (issue 5): database search, the suggestion from the SIM, and the
// apply with read-back, re-attach and rollback, its steps as progress (each with the APN layer's event).
// No APN named (or the user's `choice` from the ranked list): the APN decider chooses (issue 13).
import type { ApnApplyResult, ApnSettings, CarrierPreset, Params } from '../api/contract.js';
import { ApiCallError } from '../api/validate.js';
import { validateApplyInput, type ApnTarget } from '../core/apn/apply-plan.js';
import type { Carrier } from '../core/apn/lookup.js';
import { AtError } from '../core/at/errors.js';
import { ModemAt } from '../core/at/modem-at.js';
import { validateApn, validatePassword, validateUsername } from '../core/at/validate.js';
import { applyApn as applyApnSteps, type ApplyResult } from './apn.js';
import { applyStep, timeoutsOf } from './apn-apply-steps.js';
import { deciderChoice } from './apn-choice.js';
import { runDecide, suggestion } from './api-apn-decide.js';
import { ApplyJournal } from './apn-journal.js';
import { readApnState } from './apn-modem.js';
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
  /** applyApn without a named APN: the decider, with the user's choice (refused before the port is touched). */
  async function startDecide(q: Params<'applyApn'>, ref: ModemRef) {
    if ([q.presetId, q.settings, q.targets].some((v) => v !== undefined)) throw new ApiCallError({ code: 'invalid-argument', message: 'Give a choice from the ranked list, or a preset, settings or targets, not both', field: 'choice' });
    const o = q.overrides;
    if (o && (o.username !== undefined || o.password !== undefined || o.auth !== undefined)) {
      throw new ApiCallError({ code: 'invalid-argument', message: 'User, password and authentication go with a named APN: choose a carrier or enter the APN', field: 'overrides' });
    }
    const choice = deciderChoice(q.choice);
    try {
      // The contexts only (the APN comes from the ranking): an invalid cid is refused now.
      if (q.contexts) validateApplyInput([{ apn: 'internet', ipType: 'IPV4V6', auth: 'none' }], q.contexts);
    } catch (err) {
      if (err instanceof AtError) throw new ApiCallError({ code: 'invalid-argument', message: err.message, field: 'contexts' });
      throw err;
    }
    const plan = { ...(choice ? { choice } : {}), ...(q.contexts ? { contexts: q.contexts } : {}), ...(o?.ipType ? { ipType: o.ipType } : {}), ...(q.timeoutMs ? { timeoutMs: q.timeoutMs } : {}) };
    return p.ops.start('apn-apply', (ctx) => runDecide(p, ctx, ref, plan), { writes: { modemId: ref.id, what: 'choosing and applying the APN for this SIM' } });
  }

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
      return suggestion(p, modemId);
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
      if (q.choice !== undefined || [q.presetId, q.settings, q.targets].every((v) => v === undefined)) return startDecide(q, ref);
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

