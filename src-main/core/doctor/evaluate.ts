// The doctor's judgement (issue 6, issue 10): the registry's checks (./checks/registry.ts) walked in
// dependency order over the gathered facts (./facts.ts), with the modem's vendor profile. A check
// whose prerequisite did not pass is `skip` with the reason; the verdict is the first failing link
// with the one action that fixes it.
import { modeOfRawFacts, resolveProfile, type ResolvedProfile } from '../vendors/index.js';
import type { UsbMode } from '../vendors/profile.js';
import { CHECK_TITLES, CHECKS, type CheckId } from './checks/registry.js';
import { skip, type CheckEntry, type CurrentMode, type JudgeInput, type Judgement } from './checks/entry.js';
import type { DoctorFacts } from './facts.js';
import type { CheckResult, CheckStatus, DoctorModem, DoctorReport, Verdict } from './report.js';

/** The modem's vendor profile: the model it answered first, else the USB view's family, vid. */
export function vendorOf(facts: DoctorFacts): ResolvedProfile {
  const byModel = facts.at?.model ? resolveProfile({ model: facts.at.model }) : undefined;
  if (byModel?.family) return byModel;
  return resolveProfile({ family: facts.usb?.family ?? null, vid: facts.usb?.vid ?? null, manufacturer: facts.at?.manufacturer ?? null });
}

/** The composition as best known: the USB view first, else what the firmware reports over AT. */
export function currentModeOf(facts: DoctorFacts, vendor: ResolvedProfile = vendorOf(facts)): CurrentMode | null {
  if (facts.usb?.mode) return { mode: facts.usb.mode, via: null, command: null };
  const at = facts.at;
  if (!at) return null;
  const r = at.usbMode ?? modeOfRawFacts({ usbPid: at.usbPid, usbnet: at.usbnet }, vendor.profile);
  return r ? { mode: r.mode, via: r.via, command: r.command } : null;
}

/** The composition of a look (status, modemOf): null when unknown. */
export function modeOfFacts(facts: DoctorFacts): UsbMode | null {
  return currentModeOf(facts)?.mode ?? null;
}

function judge(entry: CheckEntry, input: JudgeInput): Judgement {
  const first = entry.first?.(input);
  if (first) return first;
  const blocked = entry.requires.map((r) => [r, input.results.get(r)!] as const).find(([, r]) => r.status === 'fail' || r.status === 'skip');
  if (blocked) {
    const [rid, r] = blocked;
    if (r.status === 'fail') return skip(`Not checked: "${CHECK_TITLES[rid as CheckId]}" (${rid}) failed first.`);
    // A skip that was itself passed down keeps the root reason instead of nesting it again.
    return skip(r.detail.startsWith('Not checked:') ? r.detail : `Not checked: ${rid} was skipped (${r.detail})`);
  }
  return input.vendor.profile.doctorRules[entry.id]?.(input) ?? entry.judge(input);
}

/** Judge the facts: every check id, in order. */
export function evaluate(facts: DoctorFacts): CheckResult[] {
  const vendor = vendorOf(facts);
  const mode = currentModeOf(facts, vendor);
  const contexts = vendor.profile.apnContexts(vendor.family?.family, mode?.mode ?? null);
  const results = new Map<string, Judgement>();
  const out: CheckResult[] = [];
  for (const entry of CHECKS) {
    const r = judge(entry, { facts, results, vendor, mode, contexts });
    results.set(entry.id, r);
    out.push({ id: entry.id, title: entry.title, status: r.status, detail: r.detail, evidence: r.evidence, fix: r.fix });
  }
  return working(results) ? out.map((c) => (DATA_PATH.has(c.id) ? softened(c) : c)) : out;
}

/**
 * Checks that claim the data path is broken. While data and internet work that claim is disproved:
 * they warn at most. Checks of a choice (USB mode for this OS, route against the chosen policy) still fail.
 */
const DATA_PATH = new Set<CheckId>(['sim.ready', 'radio.on', 'net.registered', 'net.signal', 'apn.set', 'apn.rndis-context', 'apn.carrier-match', 'data.pdp', 'host.dns']);

/** The data session is up and the internet answers through it: nothing is broken (issue 12). */
function working(results: Map<string, Judgement>): boolean {
  return results.get('data.pdp')?.status === 'pass' && results.get('host.internet')?.status === 'pass';
}

/** A failure while everything works is at most a warning: it names a risk, not a broken link. */
function softened(c: CheckResult): CheckResult {
  if (c.status !== 'fail') return c;
  return { ...c, status: 'warn', detail: `${c.detail} (Data and internet work right now, so this is not blocking.)` };
}

/** The first failing link (else the first warning), with the one action that fixes it. */
export function verdictOf(checks: CheckResult[]): Verdict | null {
  const first = checks.find((c) => c.status === 'fail') ?? checks.find((c) => c.status === 'warn');
  if (!first) return null;
  return { checkId: first.id, status: first.status as 'fail' | 'warn', summary: first.detail, fix: first.fix };
}

export function modemOf(facts: DoctorFacts): DoctorModem | null {
  const { usb, at, host } = facts;
  if (!usb?.present && !at?.answered) return null;
  return {
    manufacturer: at?.manufacturer ?? null,
    model: at?.model ?? usb?.name ?? null,
    revision: at?.revision ?? null,
    imei: at?.imei ?? null,
    mode: modeOfFacts(facts),
    usbId: usb?.present && usb.vid && usb.pid ? `${usb.vid}:${usb.pid}` : null,
    atPort: at?.port ?? null,
    iface: host?.iface ?? null,
  };
}

export const statusOrder: readonly CheckStatus[] = ['pass', 'warn', 'fail', 'skip'];
export { CHECK_TITLES };

/** The whole report of the JSON contract from the facts and the time the gathering took. */
export function buildReport(facts: DoctorFacts, durationMs: number): DoctorReport {
  const checks = evaluate(facts);
  return { ok: !checks.some((c) => c.status === 'fail'), durationMs: Math.round(durationMs), modem: modemOf(facts), checks, verdict: verdictOf(checks) };
}
