// The APN decider as a service operation (issue 13): what applyApn runs when no APN is named, and what
// the doctor's apply-apn fix runs, so both choose exactly as connect does. Progress carries the decider's
// own events (SIM, ranking, plan, each try and rollback, the winner) and the APN layer's apply steps.
import type { ApnApplyResult, ApnSuggestion } from '../api/contract.js';
import type { IpType } from '../core/apn/db-types.js';
import { ModemAt } from '../core/at/modem-at.js';
import { applyStep, timeoutsOf } from './apn-apply-steps.js';
import type { DeciderChoice } from './apn-choice.js';
import { rankSourcesWith } from './apn-db.js';
import { choiceOptions, planApn, runDecideApn, rankingView, simNotReadyWords, type DecideDeps, type DecideResult } from './apn-decider.js';
import { decideStep } from './apn-decide-steps.js';
import { ApplyJournal } from './apn-journal.js';
import { suggestForModem } from './apn-modem.js';
import { presetOf } from './contract-map.js';
import type { ModemRef } from './modems.js';
import { OperationFailure, type OpContext } from './operations.js';
import type { Parts } from './parts.js';

export interface DecidePlan {
  choice?: DeciderChoice;
  contexts?: number[];
  /** Written instead of each candidate's PDP type (the doctor keeps cid 1's). */
  ipType?: IpType;
  /** Bounds the waits for registration and an address of each try. */
  timeoutMs?: number;
}

/** The decider's dependencies in this service: both tables, the user's presets, the apply journal. */
export function decideDeps(p: Parts): DecideDeps {
  return { sources: rankSourcesWith(p.env.apn), presets: p.presets, ...(p.env.configDir ? { journal: new ApplyJournal({ dir: p.env.configDir }) } : {}) };
}

const FAILURE_CODES: Partial<Record<DecideResult['outcome'], string>> = { 'sim-not-ready': 'sim-not-ready', 'ask-for-apn': 'no-suggestion', cancelled: 'cancelled' };

/** Runs the decider on a modem's shared session; a stop throws with the decision as the operation's result. */
export async function runDecide(p: Parts, ctx: OpContext, ref: ModemRef, plan: DecidePlan): Promise<ApnApplyResult> {
  const m = new ModemAt(await p.sessions.engine(ref.id));
  const decision = await runDecideApn(
    m,
    decideDeps(p),
    {
      ...choiceOptions(plan.choice),
      ...(plan.contexts ? { contexts: plan.contexts } : {}),
      ...(plan.ipType ? { ipType: plan.ipType } : {}),
      timeouts: timeoutsOf(plan.timeoutMs),
      signal: ctx.signal,
      ...(ref.atPort ? { port: ref.atPort } : {}),
    },
    (ev) => {
      if (ev.type === 'apply') return applyStep(ctx, ev.event);
      const step = decideStep(ev);
      if (step) ctx.step(step.step, step.label, step.state, step.detail, ev);
    },
  );
  if (!decision.ok) {
    const code = FAILURE_CODES[decision.outcome] ?? decision.tries.at(-1)?.error?.code ?? 'apply-failed';
    const message = decision.outcome === 'ask-for-apn' ? (decision.askForApn ?? decision.message) : decision.message;
    throw new OperationFailure({ code, message, ...(decision.hint ? { hint: decision.hint } : {}) }, { ...(decision.apply ? { apply: decision.apply } : {}), decision });
  }
  const contexts = (await m.contexts().catch(() => [])).map((c) => ({ cid: c.cid, type: c.pdpType, apn: c.apn }));
  const applied = decision.apply?.ok ? decision.apply : undefined;
  const pdp = applied?.addresses.find((a) => a.ipv4)?.ipv4 ?? null;
  const cids = applied?.contexts ?? contexts.filter((c) => c.apn.toLowerCase() === decision.apn?.toLowerCase()).map((c) => c.cid);
  p.events.log('info', 'apn', `${ref.id}: ${decision.message}`);
  return {
    cids,
    verified: true,
    contexts,
    pdpAddress: pdp,
    detail: applied ? `${decision.message} Written to context${cids.length > 1 ? 's' : ''} ${cids.join(' and ')} and read back${pdp ? `; the modem got the data address ${pdp}` : ''}.` : decision.message,
    ...(decision.apply ? { apply: decision.apply } : {}),
    decision,
  };
}

/**
 * suggestApn: the decider's reading of the SIM and its ranking with reasons, plus the MBPI lookup's answer
 * of issue 5 (kept field for field for its scripts). Reads only; a SIM that cannot be used is said first.
 */
export async function suggestion(p: Parts, modemId: string): Promise<ApnSuggestion> {
  const modem = new ModemAt(await p.sessions.engine(modemId));
  const plan = await planApn(modem, decideDeps(p));
  const lookup = p.env.apn();
  let old: Awaited<ReturnType<typeof suggestForModem>>;
  if (plan.network) {
    const imsi = plan.identity.facts.imsi;
    const n = plan.network;
    const facts = { ...(imsi ? { imsi } : {}), ...(n.operatorName ? { operatorName: n.operatorName } : {}), ...(n.servingNetwork ? { servingNetwork: n.servingNetwork } : {}), ...(n.registration ? { registration: n.registration } : {}), roaming: n.roaming };
    old = { facts, suggestion: lookup.suggest({ ...(imsi ? { imsi } : {}), ...(n.operatorName ? { operatorName: n.operatorName } : {}), ...(n.servingNetwork ? { servingNetwork: n.servingNetwork } : {}), registeredRoaming: n.roaming }) };
  } else {
    old = await suggestForModem(modem, lookup);
  }
  const mccMnc = old.suggestion.home?.pairs[0];
  const ranking = plan.ranking ? rankingView(plan.ranking) : null;
  const [first] = ranking?.candidates ?? [];
  const message =
    plan.sim.state !== 'ready'
      ? simNotReadyWords(plan.sim.state).message
      : first
        ? `${ranking!.candidates.length} candidate${ranking!.candidates.length === 1 ? '' : 's'} for this SIM; first "${first.apn}" (${first.name}): ${first.reasons[0] ?? ''}.`
        : (ranking?.askForApn ?? 'No candidate.');
  // Issue 5's "N providers use X (MVNOs): choose yours." no longer holds while the decider has candidates.
  const notes = first ? old.suggestion.notes.map((n) => n.replace(/: choose yours\.$/, ': simhat ranks them by what the SIM says and tries them in that order.')) : old.suggestion.notes;
  return {
    ...(mccMnc ? { mccMnc } : {}),
    presets: old.suggestion.candidates.slice(0, 8).map(presetOf),
    reason: notes.join(' ') || (mccMnc ? `From your SIM's home network ${mccMnc}.` : 'No suggestion.'),
    detail: { sim: old.facts, suggestion: old.suggestion },
    sim: plan.sim,
    ranking,
    message,
  };
}
