// The one APN decider every face calls (issue 13): `connect`, `doctor --fix`, the UI's Connect and
// fix buttons, `simhat apn suggest`. It reads the SIM (a SIM that is absent, locked or not ready is
// reported as such before any APN talk), ranks the candidates with their reasons
// (core/apn/rank.ts), and then tries them with verification: each try is the existing apply
// (write + read-back, re-attach, PDP address; service/apn.ts) and a failed try is rolled back
// before the next. It stops at the first that works, remembers it for this SIM in the user's
// presets, and says which won and which failed. An async generator of typed progress events:
//
//   for await (const ev of decideApn(modem, { sources: apnSources, presets }, { choose })) ...
//
// Interactive faces pass `choose` (they get the ranked list with reasons and answer "pick X",
// "try them", or an APN typed by the user); without it, the standout is applied, else rank order.
import type { ApnTarget } from '../core/apn/apply-plan.js';
import type { IpType } from '../core/apn/db-types.js';
import type { ApnCandidate, ApnRanking } from '../core/apn/candidate.js';
import type { RankSources, RememberedApn } from '../core/apn/rank.js';
import { rankApns } from '../core/apn/rank.js';
import { simIdentityView, type SimIdentity, type SimIdentityView } from '../core/apn/sim-facts.js';
import type { CallOptions, ModemAt, PdpAddress } from '../core/at/modem-at.js';
import { AtError } from '../core/at/errors.js';
import { abortableSleep } from '../core/abortable-sleep.js';
import { applyApn, DEFAULT_APPLY_TIMEOUTS, type ApplyErrorInfo, type ApplyEvent, type ApplyResult, type ApplyTimeouts } from './apn.js';
import type { ApplyJournal } from './apn-journal.js';
import { readSimFacts, type SimFacts as NetworkFacts } from './apn-modem.js';
import type { ApnPresetStore } from './apn-presets.js';
import { presetSimOf, readSimIdentity, readSimState } from './apn-sim.js';

export interface DecideDeps {
  /** Both APN tables (service/apn-db.ts apnSources); throws when they cannot be loaded. */
  sources: () => RankSources;
  /** The user's presets: what worked before for this SIM comes first, and a winner is stored. Null: neither. */
  presets?: ApnPresetStore | null;
  /** The apply journal (recovery after a vanished port), as for every apply. */
  journal?: ApplyJournal;
}

/** What an interactive face answers when offered the ranked list. */
export type ApnChoice = { kind: 'try-all' } | { kind: 'pick'; id: string } | { kind: 'manual'; target: ApnTarget } | { kind: 'cancel' };

export interface ApnOffer {
  sim: SimIdentityView;
  ranking: ApnRanking;
}

export interface DecideOptions {
  /** Interactive faces: answer the offer. Absent: the standout is applied, else rank order (non-interactive, --json). */
  choose?: (offer: ApnOffer) => Promise<ApnChoice>;
  /** Read and rank only, change nothing (what `apn suggest` shows). Default false. */
  rankOnly?: boolean;
  /** When cid 1 (and 6 where the composition needs it) already carries data, change nothing. Default true. */
  skipIfWorking?: boolean;
  /** At most this many candidates are tried (each failed try costs a re-attach and a rollback). Default 4. */
  maxTries?: number;
  /** Contexts to write; default from the device catalog (as applyApn). */
  contexts?: number[];
  /** The PDP type to write instead of each candidate's (the doctor keeps the one cid 1 already has). */
  ipType?: IpType;
  timeouts?: Partial<ApplyTimeouts>;
  signal?: AbortSignal;
  /** Port path, for the journal and messages. */
  port?: string;
}

/** A candidate as events and results carry it: the password is never repeated (only whether there is one). */
export type CandidateView = Omit<ApnCandidate, 'password'> & { hasPassword: boolean };
export type ApnRankingView = Omit<ApnRanking, 'candidates'> & { candidates: CandidateView[] };

export interface TryRecord {
  candidate: CandidateView;
  ok: boolean;
  error?: ApplyErrorInfo;
  /** A failed try's settings were put back and read back equal. */
  rolledBack?: boolean;
}

export type DecideOutcome = 'applied' | 'already-working' | 'ranked-only' | 'sim-not-ready' | 'ask-for-apn' | 'all-failed' | 'cancelled' | 'stopped';

export interface DecideResult {
  outcome: DecideOutcome;
  ok: boolean;
  sim: SimIdentityView | null;
  network: { servingNetwork?: string; operatorName?: string; registration?: string; roaming: boolean } | null;
  ranking: ApnRankingView | null;
  /** The APN that brought data up (applied) or already carries it (already-working). */
  apn?: string;
  winner?: CandidateView;
  tries: TryRecord[];
  /** The last apply's result (contexts, addresses, restore report). */
  apply?: ApplyResult;
  /** Name of the preset the winner was stored under for this SIM. */
  rememberedAs?: string;
  /** One or two sentences for any face: what happened and why. */
  message: string;
  hint?: string;
  /** With no candidate: the plain-words request for an APN. */
  askForApn?: string;
}

export type DecideEvent =
  | { type: 'sim'; sim: SimIdentityView }
  | { type: 'network'; network: NonNullable<DecideResult['network']> }
  | { type: 'ranked'; ranking: ApnRankingView }
  | { type: 'already-working'; apn: string; message: string }
  | { type: 'plan'; how: 'standout' | 'rank-order' | 'picked' | 'try-all' | 'manual'; order: string[]; message: string }
  | { type: 'try'; index: number; total: number; candidate: CandidateView }
  | { type: 'apply'; index: number; event: ApplyEvent }
  | { type: 'try-failed'; index: number; candidate: CandidateView; error: ApplyErrorInfo; rolledBack: boolean }
  | { type: 'won'; index: number; candidate: CandidateView; addresses: PdpAddress[] }
  | { type: 'remembered'; presetName: string }
  | { type: 'finished'; result: DecideResult };

export const DEFAULT_MAX_TRIES = 4;

/** Only "the network did not take this APN" moves on to the next candidate (as applyApn's own list). */
const RETRYABLE = new Set<ApplyErrorInfo['code']>(['no-address', 'verify-failed']);

export function candidateView(c: ApnCandidate): CandidateView {
  const { password, ...rest } = c;
  return { ...rest, hasPassword: password !== undefined && password !== '' };
}

export function rankingView(r: ApnRanking): ApnRankingView {
  return { ...r, candidates: r.candidates.map(candidateView) };
}

export function targetOf(c: ApnCandidate): ApnTarget {
  return { apn: c.apn, ipType: c.ipType, auth: c.auth, ...(c.username ? { username: c.username } : {}), ...(c.password ? { password: c.password } : {}), label: c.id };
}

const SIM_STATE_WORDS: Record<Exclude<SimIdentity['state'], 'ready'>, { message: string; hint: string }> = {
  absent: { message: 'No SIM card is inserted (or the modem cannot read it).', hint: 'Power the modem off, insert the SIM (contacts down, cut corner as marked), power it on and try again.' },
  locked: { message: 'The SIM is locked and asks for its PIN.', hint: 'Unlock it with its PIN first (simhat doctor --fix --pin <PIN>); three wrong tries block it.' },
  'not-ready': { message: 'The SIM is not ready yet (the modem is still starting it).', hint: 'Wait a few seconds and try again.' },
  unknown: { message: 'simhat could not read the SIM state (AT+CPIN?).', hint: 'Check that the modem answers (simhat at --port <p> AT+CPIN?) and try again.' },
};

/** What every face says about a SIM that cannot be used yet (before any APN talk). */
export function simNotReadyWords(state: Exclude<SimIdentity['state'], 'ready'>): { message: string; hint: string } {
  return SIM_STATE_WORDS[state];
}

/** Reads the SIM and the network and ranks the candidates; changes nothing. */
export async function planApn(modem: ModemAt, deps: DecideDeps, o: CallOptions = {}): Promise<{ identity: SimIdentity; sim: SimIdentityView; network: NonNullable<DecideResult['network']> | null; ranking: ApnRanking | null }> {
  const identity = await readSimIdentity(modem, o);
  if (identity.state !== 'ready') return { identity, sim: simIdentityView(identity), network: null, ranking: null };
  const facts: NetworkFacts = await readSimFacts(modem, o);
  const network = { ...(facts.servingNetwork ? { servingNetwork: facts.servingNetwork } : {}), ...(facts.operatorName ? { operatorName: facts.operatorName } : {}), ...(facts.registration ? { registration: facts.registration } : {}), roaming: facts.roaming };
  const remembered: RememberedApn[] = [];
  if (deps.presets && identity.facts.imsi) {
    for (const p of await deps.presets.forSim(presetSimOf(identity.facts.imsi).imsiSha256)) {
      remembered.push({ presetName: p.name, apn: p.apn, ipType: p.ipType, auth: p.auth, ...(p.username ? { username: p.username } : {}), ...(p.password ? { password: p.password } : {}), ...(p.carrierId ? { carrierId: p.carrierId } : {}) });
    }
  }
  const ranking = rankApns({ sim: identity.facts, ...network, registeredRoaming: facts.roaming, remembered }, deps.sources());
  return { identity, sim: simIdentityView(identity, ranking.home?.pairs.length === 1 ? ranking.home.pairs[0] : undefined), network, ranking };
}

/**
 * A SIM still starting (+CME ERROR: 14 SIM busy, normal for seconds after a power-up or a mode switch,
 * sim7600.md §2) is waited for up to simReadyMs, as the apply itself waits; any other state is final.
 */
async function untilSimSettles(modem: ModemAt, options: DecideOptions, o: CallOptions): Promise<void> {
  const t = { ...DEFAULT_APPLY_TIMEOUTS, ...options.timeouts };
  const deadline = Date.now() + t.simReadyMs;
  while ((await readSimState(modem, o)).state === 'not-ready' && Date.now() < deadline) {
    await abortableSleep(t.pollMs, options.signal, () => new AtError('cancelled', 'cancelled'));
  }
}

/** cid 1 (and 6 in RNDIS/ECM) carry this APN and cid 1 has an address: nothing to fix. */
async function workingApn(modem: ModemAt, o: CallOptions): Promise<string | undefined> {
  try {
    const contexts = await modem.contexts(o);
    const addresses = await modem.pdpAddresses(o);
    const pid = await modem.usbPid(o).catch(() => undefined);
    const apn = contexts.find((c) => c.cid === 1)?.apn ?? '';
    const needs6 = pid === 0x9011 || pid === 0x9018;
    const same6 = !needs6 || contexts.find((c) => c.cid === 6)?.apn.toLowerCase() === apn.toLowerCase();
    return apn && same6 && addresses.some((a) => a.cid === 1 && (a.ipv4 || a.ipv6)) ? apn : undefined;
  } catch (err) {
    if (err instanceof AtError && (err.code === 'port-closed' || err.code === 'cancelled')) throw err;
    return undefined;
  }
}

/** The try order: what the face chose, else the standout first, else rank order; undefined = cancelled. */
async function tryOrder(offer: ApnOffer, options: DecideOptions): Promise<{ list: ApnCandidate[]; how: Extract<DecideEvent, { type: 'plan' }>['how'] } | undefined> {
  const { candidates } = offer.ranking;
  const max = Math.max(1, options.maxTries ?? DEFAULT_MAX_TRIES);
  if (!options.choose) return { list: candidates.slice(0, max), how: offer.ranking.standout ? 'standout' : 'rank-order' };
  const choice = await options.choose(offer);
  if (choice.kind === 'cancel') return undefined;
  if (choice.kind === 'try-all') return { list: candidates.slice(0, max), how: 'try-all' };
  if (choice.kind === 'manual') {
    const t = choice.target;
    const manual: ApnCandidate = { id: 'manual', apn: t.apn, ipType: t.ipType, auth: t.auth, ...(t.username ? { username: t.username } : {}), ...(t.password ? { password: t.password } : {}), name: t.label ?? 'typed by the user', tier: 'user', source: 'user', reasons: ['typed by the user'], carrierIds: [], androidIndexes: [] };
    return { list: [manual], how: 'manual' };
  }
  const picked = candidates.find((c) => c.id === choice.id);
  if (!picked) throw new AtError('invalid-argument', `no candidate "${choice.id}" in the ranking`, undefined, undefined, 'candidate');
  return { list: [picked], how: 'picked' };
}

function finish(result: DecideResult): DecideEvent {
  return { type: 'finished', result };
}

/** Tries the list in order with rollback between tries; yields progress, returns the tries and the winner. */
async function* tryCandidates(modem: ModemAt, list: readonly ApnCandidate[], deps: DecideDeps, options: DecideOptions, result: DecideResult): AsyncGenerator<DecideEvent, ApnCandidate | undefined> {
  for (let index = 0; index < list.length; index++) {
    const c = list[index] as ApnCandidate;
    const view = candidateView(c);
    yield { type: 'try', index, total: list.length, candidate: view };
    // One target per apply: a failed try is restored (contexts, auth, radio) before the next one.
    const it = applyApn(modem, {
      targets: [options.ipType ? { ...targetOf(c), ipType: options.ipType } : targetOf(c)],
      ...(options.contexts ? { contexts: options.contexts } : {}),
      ...(options.timeouts ? { timeouts: options.timeouts } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      ...(deps.journal ? { journal: deps.journal } : {}),
      ...(options.port ? { port: options.port } : {}),
    });
    let applied: ApplyResult;
    for (;;) {
      const n = await it.next();
      if (n.done) {
        applied = n.value;
        break;
      }
      yield { type: 'apply', index, event: n.value };
    }
    result.apply = applied;
    if (applied.ok) {
      result.tries.push({ candidate: view, ok: true });
      yield { type: 'won', index, candidate: view, addresses: applied.addresses };
      return c;
    }
    const error = applied.error ?? { code: 'command-failed', message: 'the APN did not bring data up', step: 'address' };
    const rolledBack = applied.restore?.exact === true;
    result.tries.push({ candidate: view, ok: false, error, rolledBack });
    yield { type: 'try-failed', index, candidate: view, error, rolledBack };
    // Anything but "the network refused this APN" (no SIM, cancel, vanished port), or a rollback that
    // did not read back equal, stops: the next try would start from an unknown state.
    if (!RETRYABLE.has(error.code) || !rolledBack) return undefined;
  }
  return undefined;
}

function summary(tries: readonly TryRecord[], winner: CandidateView | undefined): string {
  const failed = tries.filter((t) => !t.ok).map((t) => `"${t.candidate.apn}" (${t.error?.code ?? 'failed'}${t.rolledBack ? ', rolled back' : ''})`);
  const tail = failed.length ? ` Tried before it: ${failed.join(', ')}.` : '';
  if (winner) return `APN "${winner.apn}" (${winner.name}) brings data up: ${winner.reasons[0] ?? 'chosen'}.${tail}`;
  return `No candidate brought data up. Tried: ${failed.join(', ') || 'none'}.`;
}

type Plan = Awaited<ReturnType<typeof planApn>>;
type ReadyPlan = Plan & { ranking: ApnRanking; network: NonNullable<DecideResult['network']> };

/** The decider (see the top of this file). The last event is always `finished`. */
export async function* decideApn(modem: ModemAt, deps: DecideDeps, options: DecideOptions = {}): AsyncGenerator<DecideEvent, DecideResult, void> {
  const o: CallOptions = options.signal ? { signal: options.signal } : {};
  const result: DecideResult = { outcome: 'stopped', ok: false, sim: null, network: null, ranking: null, tries: [], message: '' };
  await untilSimSettles(modem, options, o);
  const plan = await planApn(modem, deps, o);
  result.sim = plan.sim;
  yield { type: 'sim', sim: plan.sim };
  if (plan.identity.state !== 'ready' || !plan.ranking || !plan.network) {
    // Before any APN talk (issue 13: "connect with no SIM fails at the APN stage" no more).
    const words = SIM_STATE_WORDS[plan.identity.state === 'ready' ? 'unknown' : plan.identity.state];
    Object.assign(result, { outcome: 'sim-not-ready', message: words.message, hint: words.hint });
    yield finish(result);
    return result;
  }
  result.network = plan.network;
  result.ranking = rankingView(plan.ranking);
  yield { type: 'network', network: plan.network };
  yield { type: 'ranked', ranking: result.ranking };
  if (options.rankOnly) {
    Object.assign(result, { outcome: 'ranked-only', ok: true, message: plan.ranking.candidates.length ? `${plan.ranking.candidates.length} candidate(s); first: "${plan.ranking.candidates[0]?.apn}".` : (plan.ranking.askForApn ?? '') });
    if (plan.ranking.askForApn) result.askForApn = plan.ranking.askForApn;
    yield finish(result);
    return result;
  }
  if (options.skipIfWorking !== false) {
    const apn = await workingApn(modem, o);
    if (apn) {
      Object.assign(result, { outcome: 'already-working', ok: true, apn, message: `APN "${apn}" is set and the modem already has a data session: nothing to change.` });
      yield { type: 'already-working', apn, message: result.message };
      yield finish(result);
      return result;
    }
  }
  if (plan.ranking.candidates.length === 0 && !options.choose) {
    Object.assign(result, { outcome: 'ask-for-apn', message: plan.ranking.askForApn ?? 'No APN candidate.', askForApn: plan.ranking.askForApn, hint: 'Give the APN with --apn <name>.' });
    yield finish(result);
    return result;
  }
  return yield* chooseAndTry(modem, deps, options, plan as ReadyPlan, result);
}

/** What the plan event says about the try order. */
function planWords(how: Extract<DecideEvent, { type: 'plan' }>['how'], list: readonly ApnCandidate[]): string {
  const first = list[0] as ApnCandidate;
  if (how === 'standout') return `"${first.apn}" stands out (${first.reasons[0] ?? ''}); the others follow if it fails.`;
  if (how === 'rank-order') return `${list.length} candidates are equally plausible: trying them in rank order until one brings data up.`;
  if (how === 'try-all') return `Trying ${list.length} candidates in rank order.`;
  return `Trying "${first.apn}" as chosen.`;
}

/** The try order (the face's choice, the standout, or rank order), the tries, and what the run ends with. */
async function* chooseAndTry(modem: ModemAt, deps: DecideDeps, options: DecideOptions, plan: ReadyPlan, result: DecideResult): AsyncGenerator<DecideEvent, DecideResult, void> {
  const order = await tryOrder({ sim: plan.sim, ranking: plan.ranking }, options);
  if (!order || order.list.length === 0) {
    Object.assign(result, order ? { outcome: 'ask-for-apn', message: plan.ranking.askForApn ?? 'No APN candidate.', askForApn: plan.ranking.askForApn } : { outcome: 'cancelled', message: 'Cancelled: nothing was changed.' });
    yield finish(result);
    return result;
  }
  yield { type: 'plan', how: order.how, order: order.list.map((c) => c.id), message: planWords(order.how, order.list) };

  const winner = yield* tryCandidates(modem, order.list, deps, options, result);
  const winnerView = winner ? candidateView(winner) : undefined;
  result.message = summary(result.tries, winnerView);
  if (!winner) {
    const last = result.tries.at(-1)?.error;
    result.outcome = last?.code === 'cancelled' ? 'cancelled' : 'all-failed';
    if (last?.hint) result.hint = last.hint;
    else if (result.outcome === 'all-failed') result.hint = 'Ask your provider for the APN and give it with --apn <name>.';
    yield finish(result);
    return result;
  }
  Object.assign(result, { outcome: 'applied', ok: true, apn: winner.apn, winner: winnerView });
  yield* remember(deps, plan.identity.facts.imsi, winner, options, result);
  yield finish(result);
  return result;
}

/** Stores the winner for this SIM in the user's presets (one already remembered is not stored again). */
async function* remember(deps: DecideDeps, imsi: string | undefined, winner: ApnCandidate, options: DecideOptions, result: DecideResult): AsyncGenerator<DecideEvent, void, void> {
  if (!deps.presets || !imsi || winner.tier === 'remembered') return;
  try {
    const carrierId = winner.carrierIds[0] ?? (winner.id.startsWith('android/') ? winner.id : undefined);
    const stored = await deps.presets.rememberForSim(presetSimOf(imsi), {
      apn: winner.apn,
      ipType: options.ipType ?? winner.ipType,
      auth: winner.auth,
      ...(winner.username ? { username: winner.username } : {}),
      ...(winner.password ? { password: winner.password } : {}),
      ...(carrierId ? { carrierId } : {}),
      note: `Worked for this SIM (${winner.name}); stored by the APN decider.`,
    });
    result.rememberedAs = stored.name;
    yield { type: 'remembered', presetName: stored.name };
  } catch (err) {
    // Data is up: a presets file that cannot be written does not undo that; say it.
    result.message += ` (Not remembered: ${(err as Error).message}.)`;
  }
}

/** A choice made before the run (the Api's `choice`, a CLI prompt's answer) as the decider's options. */
export function choiceOptions(choice: Exclude<ApnChoice, { kind: 'cancel' }> | undefined): Pick<DecideOptions, 'choose' | 'skipIfWorking'> {
  if (!choice) return {};
  // A pick or a typed APN is the user's word: it is applied even when another APN carries data now.
  return { choose: async () => choice, ...(choice.kind === 'try-all' ? {} : { skipIfWorking: false }) };
}

/** Runs the decider and returns its result; onEvent sees each event on the way (the Api operation turns them into steps). */
export async function runDecideApn(modem: ModemAt, deps: DecideDeps, options: DecideOptions = {}, onEvent?: (e: DecideEvent) => void): Promise<DecideResult> {
  const it = decideApn(modem, deps, options);
  for (;;) {
    const n = await it.next();
    if (n.done) return n.value;
    onEvent?.(n.value);
  }
}
