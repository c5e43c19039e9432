// The doctor's APN side (issue 13): the SIM's identity as the APN decider reads it (name and files of a
// ready SIM, beside the doctor's own CPIN/IMSI/ICCID), the decider's ranking behind apn.carrier-match
// and the apply-apn fix's label, that identity as sim.ready's evidence, and the fix itself when no APN
// is given: the one decider, non-interactive, so `doctor --fix` chooses exactly as `connect` does.
import type { AtEngineApi } from '../core/at/engine-api.js';
import { AtError } from '../core/at/errors.js';
import { ModemAt } from '../core/at/modem-at.js';
import type { IpType } from '../core/apn/db-types.js';
import type { ApnRanking } from '../core/apn/candidate.js';
import { rankApns } from '../core/apn/rank.js';
import { simIdentityLines, simStateOf, type SimIdentity } from '../core/apn/sim-facts.js';
import { atFactsFrom, type AtGathered } from '../core/doctor/at-facts.js';
import type { AtFacts, CarrierFacts } from '../core/doctor/facts.js';
import type { DoctorReport } from '../core/doctor/report.js';
import type { ApplyTimeouts } from './apn.js';
import { rankSourcesWith } from './apn-db.js';
import { runDecideApn } from './apn-decider.js';
import { decideStep } from './apn-decide-steps.js';
import { presetSimOf, readSimFiles } from './apn-sim.js';
import type { DoctorDeps, GatheredFacts } from './doctor.js';
import type { FixContext } from './fixes.js';

export type SimFiles = Awaited<ReturnType<typeof readSimFiles>>;

/** A ready SIM's name and files (SPN, GID1, EF_AD), what the decider matches MVNOs on; null when not read. */
export async function simFilesOf(engine: AtEngineApi, g: AtGathered, timeoutMs: number, signal: AbortSignal | undefined, cache: Map<string, SimFiles> | undefined): Promise<SimFiles | null> {
  const facts = atFactsFrom(g);
  if (g.lost || facts.sim?.state !== 'ready') return null;
  const known = facts.iccid ? cache?.get(facts.iccid) : undefined;
  if (known) return known;
  try {
    const files = await readSimFiles(new ModemAt(engine), { timeoutMs, ...(signal ? { signal } : {}) });
    if (facts.iccid && cache) {
      if (cache.size > 16) cache.clear();
      cache.set(facts.iccid, files);
    }
    return files;
  } catch (err) {
    // Tolerated reads never throw but for a vanished port or a cancel: the doctor says so as for its own queries.
    if (err instanceof AtError && err.code === 'port-closed') g.lost = { command: 'AT+CSPN?', message: err.message };
    return null;
  }
}

/** The doctor's AT facts as the decider's SIM identity (the doctor's own CPIN, IMSI and ICCID, plus the files). */
export function simIdentityOf(at: AtFacts, files: SimFiles | null): SimIdentity | null {
  if (!at.answered || !at.sim) return null;
  const pin = at.sim.state === 'ready' ? 'READY' : at.sim.state === 'not-inserted' || at.sim.state === 'failure' ? 'NOT INSERTED' : at.sim.state === 'busy' ? 'NOT READY' : at.sim.raw;
  const state = simStateOf(pin);
  if (state !== 'ready') return { state, pinState: pin, facts: {}, unreadable: [] };
  const unreadable: SimIdentity['unreadable'] = [];
  if (!at.imsi) unreadable.push({ field: 'imsi', reason: 'AT+CIMI gave no IMSI' });
  if (!at.iccid) unreadable.push({ field: 'iccid', reason: 'AT+CICCID gave no ICCID' });
  if (!files) unreadable.push({ field: 'spn', reason: 'the SIM files were not read' });
  return {
    state,
    pinState: pin,
    facts: { ...(at.imsi ? { imsi: at.imsi } : {}), ...(at.iccid ? { iccid: at.iccid } : {}), ...(files?.facts ?? {}) },
    unreadable: [...unreadable, ...(files?.unreadable ?? [])],
  };
}

/** The decider's ranking from what the doctor read (no serving-cell query: roaming comes from the registration). */
export async function rankFor(deps: DoctorDeps, at: AtFacts, identity: SimIdentity): Promise<ApnRanking | null> {
  if (identity.state !== 'ready' || (!deps.apnSources && !deps.apn)) return null;
  try {
    const sources = (deps.apnSources ?? rankSourcesWith(deps.apn!))();
    const imsi = identity.facts.imsi;
    const remembered = deps.presets && imsi ? await deps.presets.forSim(presetSimOf(imsi).imsiSha256).catch(() => []) : [];
    return rankApns(
      {
        sim: identity.facts,
        ...(at.operator ? { operatorName: at.operator } : {}),
        registeredRoaming: at.registrations.some((r) => r.stat === 5),
        remembered: remembered.map((p) => ({ presetName: p.name, apn: p.apn, ipType: p.ipType, auth: p.auth, ...(p.username ? { username: p.username } : {}), ...(p.password ? { password: p.password } : {}), ...(p.carrierId ? { carrierId: p.carrierId } : {}) })),
      },
      sources,
    );
  } catch {
    return null;
  }
}

/** apn.carrier-match and the apply-apn fix's label from the decider's ranking (the fix itself runs the decider). */
export function carrierFacts(ranking: ApnRanking): CarrierFacts | null {
  // Only what the SIM's own network lists: a guess from the serving network is no "SIM's carrier".
  const list = ranking.candidates.filter((c) => c.tier !== 'operator');
  const first = list[0];
  if (!ranking.home || !first) return null;
  const names = [...new Set(list.map((c) => c.name))];
  const more = list.length - 1;
  // The label goes inside the fix's own parentheses: the reason's own parenthesis is left out (no "…))", issue 14).
  const reason = (first.reasons[0] ?? "the SIM's carrier").replace(/ \([^()]*\)/g, '');
  const label = ranking.standout ? `${first.name}: ${reason}` : `${first.name}, then ${more} more in rank order until one brings data up`;
  return { name: names.slice(0, 3).join(' / '), apns: [...new Set(list.map((c) => c.apn))], suggested: { apn: first.apn, label } };
}

/** A ready SIM's identity (masked) and the raw SIM file answers, as sim.ready's evidence (issue 13). */
export function addSimEvidence(report: DoctorReport, facts: GatheredFacts): void {
  const sim = facts.simIdentity;
  const check = report.checks.find((c) => c.id === 'sim.ready');
  if (!sim || sim.state !== 'ready' || !check) return;
  const raw = (facts.at?.evidence ?? []).filter((e) => /^AT\+(CSPN|CRSM)/i.test(e.command));
  check.evidence.push({ command: 'SIM identity (read by simhat; IMSI and ICCID masked)', output: simIdentityLines(sim).join('\n') }, ...raw);
}

/** The doctor's facts plus the SIM's identity as the APN decider reads it (issue 13), masked for display. */
/**
 * No APN given: the one APN decider (issue 13), non-interactive, so `doctor --fix` chooses as `connect`
 * does: the standout, else the candidates in rank order with rollback between tries.
 */
export interface DecidedApnOptions {
  ipType: IpType | undefined;
  progress: FixContext['progress'];
  signal: AbortSignal | undefined;
  timeouts: Partial<ApplyTimeouts> | undefined;
}

export async function decidedApn(deps: DoctorDeps, port: string, engine: AtEngineApi, o: DecidedApnOptions): Promise<{ message: string; result?: unknown }> {
  const { ipType, progress, signal, timeouts } = o;
  if (!deps.apnSources && !deps.apn) throw new Error('no APN database: give the APN (--apn, or choose your carrier on the Carrier & APN screen)');
  const decision = await runDecideApn(
    new ModemAt(engine),
    { sources: deps.apnSources ?? rankSourcesWith(deps.apn!), presets: deps.presets ?? null },
    { port, ...(ipType ? { ipType } : {}), ...(signal ? { signal } : {}), ...(timeouts ? { timeouts } : {}) },
    (ev) => {
      const step = ev.type === 'apply' ? null : decideStep(ev);
      if (step) progress(step.step, step.label, step.state === 'skipped' ? 'done' : step.state, step.detail);
    },
  );
  if (!decision.ok) throw new Error(decision.outcome === 'ask-for-apn' ? (decision.askForApn ?? decision.message) : `${decision.message}${decision.hint ? ` ${decision.hint}` : ''}`);
  return { message: decision.message, result: decision };
}
