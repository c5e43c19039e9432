// The APN stage of `connect` (issues 6 and 13). An APN the user named (--apn, --carrier) is applied as
// given; otherwise the one APN decider (./apn-decider.ts) reads the SIM, ranks the candidates with
// their reasons and tries them with verification and rollback, the same decider `doctor --fix`, the
// Api's applyApn and the UI use. A SIM that is absent, locked or not ready stops the stage before any
// APN talk; with no candidate the stage asks for an APN in plain words (never "will not guess").
import type { ApnTarget } from '../core/apn/apply-plan.js';
import type { ApnLookup, Carrier } from '../core/apn/lookup.js';
import type { AuthChoice } from '../core/apn/preset.js';
import type { RankSources } from '../core/apn/rank.js';
import type { ModemAt } from '../core/at/modem-at.js';
import { AtError } from '../core/at/errors.js';
import { applyApn, type ApplyResult } from './apn.js';
import { identifyModem } from './modem-identity.js';
import { choiceOptions, decideApn, simNotReadyWords, type DecideResult } from './apn-decider.js';
import { rankSourcesWith } from './apn-db.js';
import { readSimState } from './apn-sim.js';
import type { ConnectDeps, ConnectEvent, ConnectOptions, ConnectStage } from './connect.js';

export class StageFailure extends Error {
  constructor(
    readonly stage: ConnectStage,
    message: string,
    readonly hint: string | null = null,
  ) {
    super(message);
  }
}

export interface ApnStageOutcome {
  /** The APN in use at the end of the stage. */
  apn: string;
  /** The apply that brought data up; null when the APN was kept. */
  applied: ApplyResult | null;
  /** Why nothing was written (the APN already carries data), else null. */
  keptBecause: string | null;
  /** The decider's whole result when it chose (null for an APN the user named). */
  decision: DecideResult | null;
}

const GIVE_APN = 'Give it with --apn <name> (or --carrier <id>: `simhat apn search <carrier>`).';

/** The APN stage: the user's APN, else the decider. Throws StageFailure('apn') with the reason. */
export async function* apnStage(deps: ConnectDeps, modem: ModemAt, options: ConnectOptions, port: string): AsyncGenerator<ConnectEvent, ApnStageOutcome> {
  const named = namedTargets(deps, options);
  if (named) return yield* applyNamed(modem, named, options, port);
  return yield* decide(deps, modem, options, port);
}

/** --apn or --carrier: the targets to apply as given; null when the decider chooses. */
function namedTargets(deps: ConnectDeps, options: ConnectOptions): ApnTarget[] | null {
  const base = { ipType: options.ipType ?? 'IPV4V6', auth: options.auth ?? (options.username ? 'auto' : 'none') } as const;
  const creds = { ...(options.username ? { username: options.username } : {}), ...(options.password ? { password: options.password } : {}) };
  if (options.apn) return [{ apn: options.apn, ...base, ...creds, label: '--apn' }];
  if (!options.carrier) return null;
  const carriers = lookupOf(deps).resolveCarrierId(options.carrier);
  if (carriers.length === 0) throw new StageFailure('apn', `Unknown carrier id "${options.carrier}".`, 'Find it with `simhat apn search <name>`.');
  return carriers.map((c) => carrierTarget(c, options));
}

function lookupOf(deps: ConnectDeps): ApnLookup {
  if (!deps.apn) throw new StageFailure('apn', 'No APN given and no APN database to suggest one.', 'Give the APN with --apn (your carrier publishes it).');
  try {
    return deps.apn();
  } catch (err) {
    throw new StageFailure('apn', `No APN given and the APN database could not be loaded (${(err as Error).message}).`, 'Give the APN with --apn.');
  }
}

function carrierTarget(c: Carrier, options: ConnectOptions): ApnTarget {
  const auth: AuthChoice = c.apn.auth ?? (c.apn.username ? 'auto' : 'none');
  return {
    apn: c.apn.value,
    ipType: options.ipType ?? c.apn.ipType,
    auth,
    ...(c.apn.username ? { username: c.apn.username } : {}),
    ...(c.apn.password ? { password: c.apn.password } : {}),
    label: c.id,
  };
}

/** The SIM first (no APN talk with a SIM that cannot be used), then the named APN unless it already carries data. */
async function* applyNamed(modem: ModemAt, targets: ApnTarget[], options: ConnectOptions, port: string): AsyncGenerator<ConnectEvent, ApnStageOutcome> {
  const o = options.signal ? { signal: options.signal } : {};
  const sim = await readSimState(modem, o);
  if (sim.state !== 'ready') {
    const words = simNotReadyWords(sim.state);
    throw new StageFailure('apn', words.message, words.hint);
  }
  const first = targets[0]!.apn;
  // Already set and carrying data: nothing to write (writing would cost a re-attach).
  const kept = await alreadyWorking(modem, first);
  if (kept) return { apn: first, applied: null, keptBecause: kept, decision: null };
  const it = applyApn(modem, { targets, port, ...(options.apnTimeouts ? { timeouts: options.apnTimeouts } : {}), ...(options.signal ? { signal: options.signal } : {}) });
  let applied: ApplyResult;
  for (;;) {
    const n = await it.next();
    if (n.done) {
      applied = n.value;
      break;
    }
    yield { type: 'apn', event: n.value };
  }
  if (!applied.ok) throw new StageFailure('apn', applied.error?.message ?? 'the APN did not bring data up', applied.error?.hint ?? null);
  return { apn: applied.apn ?? first, applied, keptBecause: null, decision: null };
}

/** The decider's run, its events as the stage's (apply steps as `apn`, the rest as `decide`). */
async function* decide(deps: ConnectDeps, modem: ModemAt, options: ConnectOptions, port: string): AsyncGenerator<ConnectEvent, ApnStageOutcome> {
  const sources: (() => RankSources) | null = deps.apnSources ?? (deps.apn ? rankSourcesWith(deps.apn) : null);
  if (!sources) throw new StageFailure('apn', 'No APN given and no APN database to suggest one.', 'Give the APN with --apn (your carrier publishes it).');
  const it = decideApn(
    modem,
    { sources, presets: deps.presets ?? null, ...(deps.journal ? { journal: deps.journal } : {}) },
    {
      port,
      ...choiceOptions(options.choice),
      ...(options.apnTimeouts ? { timeouts: options.apnTimeouts } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    },
  );
  let decision: DecideResult;
  try {
    for (;;) {
      const n = await it.next();
      if (n.done) {
        decision = n.value;
        break;
      }
      const ev = n.value;
      if (ev.type === 'apply') yield { type: 'apn', event: ev.event };
      else if (ev.type !== 'finished') yield { type: 'decide', event: ev };
    }
  } catch (err) {
    // The APN tables could not be loaded, or a picked candidate is not in the ranking.
    if (err instanceof AtError && err.code === 'invalid-argument') throw new StageFailure('apn', err.message, 'Run `simhat apn suggest` for the candidates.');
    if (err instanceof AtError) throw err;
    throw new StageFailure('apn', `The APN database could not be loaded (${(err as Error).message}).`, 'Give the APN with --apn.');
  }
  switch (decision.outcome) {
    case 'applied':
      return { apn: decision.apn!, applied: decision.apply ?? null, keptBecause: null, decision };
    case 'already-working':
      return { apn: decision.apn!, applied: null, keptBecause: decision.message, decision };
    case 'ask-for-apn':
      throw new DecisionFailure(decision.askForApn ?? decision.message, GIVE_APN, decision);
    default:
      // sim-not-ready (said before any APN), all-failed (each try named, rolled back), cancelled.
      throw new DecisionFailure(decision.message, decision.hint ?? null, decision);
  }
}

/** A stop of the decider: the stage fails, and the result still carries the decision. */
export class DecisionFailure extends StageFailure {
  constructor(
    message: string,
    hint: string | null,
    readonly decision: DecideResult,
  ) {
    super('apn', message, hint);
  }
}

/** Why applying can be skipped (cid 1 and, where needed, cid 6 already hold this APN and data is up), else null. */
async function alreadyWorking(modem: ModemAt, apn: string): Promise<string | null> {
  try {
    const [contexts, addresses] = await Promise.all([modem.contexts(), modem.pdpAddresses()]);
    // The one rule of which contexts need the APN: the vendor profile's (core/vendors, via modem-identity.ts).
    const cids = (await identifyModem(modem, undefined)).contexts;
    const needs6 = cids.includes(6);
    const same = (cid: number) => contexts.find((c) => c.cid === cid)?.apn.toLowerCase() === apn.toLowerCase();
    const hasData = addresses.some((a) => a.cid === 1 && (a.ipv4 || a.ipv6));
    if (cids.every(same) && hasData) return `APN "${apn}" is already set${needs6 ? ' in contexts 1 and 6' : ''} and the modem has a data session`;
  } catch {
    return null;
  }
  return null;
}
