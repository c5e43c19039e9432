// AT answers -> the doctor's AtFacts. Each query's answer is the payload lines plus the final
// result (or null when the command failed to get any). Formats: sim7600.md §2, transcripts T-9, T-13.
// Which queries are sent comes from the check registry and the vendor profile (doctorQueries).
import type { FinalResult } from '../at/final-result.js';
import { parseAtiExec, parseCiccidExec, parseCimiExec, parseIccidAnswer } from '../at/commands/identity.js';
import { resolveProfile } from '../vendors/index.js';
import type { ModeReading, VendorProfile } from '../vendors/profile.js';
import { parseCgactRead, parseCgdcontRead, parseCgpaddrExec } from '../at/commands/pdp.js';
import { parseCfunRead, parseCusbpidswitchRead } from '../at/commands/power.js';
import { parseCopsRead, parseRegistration } from '../at/commands/registration.js';
import { parseCsqExec } from '../at/commands/signal.js';
import { parseCpinRead, type CpinState } from '../at/commands/sim.js';
import type { AtFacts, AtOpenFailure, RegistrationFact, SimState } from './facts.js';
import type { Evidence } from './report.js';

export interface AtAnswer {
  lines: string[];
  final: FinalResult;
}

export { doctorQueries } from './checks/registry.js';

function ok(a: AtAnswer | null | undefined): a is AtAnswer {
  return !!a && a.final.kind === 'ok';
}

/** Runs one of the AT layer's parsers; a malformed answer counts as no answer (its evidence still shows it). */
function parsed<T>(a: AtAnswer | null | undefined, parse: (lines: readonly string[]) => T): T | null {
  if (!ok(a)) return null;
  try {
    return parse(a.lines);
  } catch {
    return null;
  }
}

const CPIN_MAP: Partial<Record<CpinState, SimState>> = { READY: 'ready', 'SIM PIN': 'pin', 'SIM PUK': 'puk', 'PH-SIM PIN': 'ph-pin', 'NOT READY': 'busy', 'NOT INSERTED': 'not-inserted' };

export function simStateOf(a: AtAnswer | null | undefined): { state: SimState; raw: string } | null {
  if (!a) return null;
  if (a.final.kind === 'ok') {
    const v = parsed(a, parseCpinRead);
    if (v === null) return null;
    return { state: CPIN_MAP[v] ?? 'other', raw: `+CPIN: ${v}` };
  }
  // 27.007 §9.2: 10 not inserted, 11 PIN, 12 PUK, 13 failure, 14 busy.
  const code = a.final.code;
  const text = (a.final.text ?? '').toLowerCase();
  const raw = a.final.line;
  if (code === 10 || text.includes('not inserted')) return { state: 'not-inserted', raw };
  if (code === 11 || text.includes('pin required')) return { state: 'pin', raw };
  if (code === 12 || text.includes('puk required')) return { state: 'puk', raw };
  if (code === 13 || text.includes('failure')) return { state: 'failure', raw };
  if (code === 14 || text.includes('busy')) return { state: 'busy', raw };
  // A plain ERROR to AT+CPIN? (CMEE=0) is how many firmwares say "no SIM".
  if (a.final.kind === 'error') return { state: 'not-inserted', raw };
  return { state: 'other', raw };
}

function registrationOf(kind: RegistrationFact['kind'], a: AtAnswer | null | undefined): RegistrationFact | null {
  const r = parsed(a, (l) => parseRegistration(kind.toLowerCase() as 'creg' | 'cgreg' | 'cereg' | 'c5greg', l));
  return r ? { kind, stat: r.stat } : null;
}

/** Raw trace lines of a command's exchange, echo removed: the evidence a user pastes into a forum. */
export function evidenceFrom(trace: { dir: 'tx' | 'rx'; text: string }[]): Evidence[] {
  const out: Evidence[] = [];
  let cur: { command: string; lines: string[] } | null = null;
  for (const t of trace) {
    if (t.dir === 'tx') {
      if (cur) out.push({ command: cur.command, output: cur.lines.join('\n') });
      cur = { command: t.text, lines: [] };
    } else if (cur) {
      if (cur.lines.length === 0 && t.text.trim().toUpperCase() === cur.command.toUpperCase()) continue; // echo
      cur.lines.push(t.text);
    }
  }
  if (cur) out.push({ command: cur.command, output: cur.lines.join('\n') });
  return out;
}

export interface AtGathered {
  port: string;
  openFailure: AtOpenFailure | null;
  answered: boolean;
  holders: { pid: number; command: string }[] | null;
  /** Answers by query as sent (doctorQueries: the registry's and the vendor's). */
  answers: Partial<Record<string, AtAnswer | null>>;
  /** The command during which the port closed or vanished. */
  lost?: { command: string; message: string } | null;
  evidence: Evidence[];
}

/** 27.007 §7.3 <AcT>. */
const ACT_NAMES: Record<number, string> = { 0: 'GSM', 2: 'WCDMA', 3: 'EGPRS', 4: 'HSDPA', 5: 'HSUPA', 6: 'HSPA', 7: 'LTE', 13: 'NR' };

/** The composition the vendor's own query reported, when it was asked (undefined when not). */
function usbModeOf(g: AtGathered, profile: VendorProfile): ModeReading | null | undefined {
  const q = profile.usbModeQuery;
  const answer = q ? g.answers[q.command] : undefined;
  if (!q || answer === undefined) return undefined;
  return parsed(answer, (lines) => q.read(lines));
}

/** AtFacts from the answers; `profile` reads the vendor's queries (default: the one ATI names). */
export function atFactsFrom(g: AtGathered, profile?: VendorProfile): AtFacts {
  const a = g.answers;
  const info = parsed(a['ATI'], parseAtiExec);
  const vendor = profile ?? resolveProfile({ model: info?.model ?? null, manufacturer: info?.manufacturer ?? null }).profile;
  const usbMode = usbModeOf(g, vendor);
  const regs = (['CEREG', 'CGREG', 'CREG'] as const).map((k) => registrationOf(k, a[`AT+${k}?`])).filter((r): r is RegistrationFact => r !== null);
  const csq = parsed(a['AT+CSQ'], parseCsqExec);
  const cops = parsed(a['AT+COPS?'], parseCopsRead);
  const pid = parsed(a['AT+CUSBPIDSWITCH?'], parseCusbpidswitchRead);
  const contexts = parsed(a['AT+CGDCONT?'], parseCgdcontRead);
  const addresses = parsed(a['AT+CGPADDR'], parseCgpaddrExec);
  const iccid = parsed(a['AT+CICCID'], parseIccidAnswer);
  return {
    port: g.port,
    openFailure: g.openFailure,
    answered: g.answered,
    holders: g.holders,
    manufacturer: info?.manufacturer ?? null,
    model: info?.model ?? null,
    revision: info?.revision ?? null,
    imei: info?.imei ?? null,
    imsi: parsed(a['AT+CIMI'], parseCimiExec),
    iccid: parsed(a['AT+CICCID'], parseCiccidExec),
    // A bad check digit is flagged (issue 12); the value stays as printed for the report's masking.
    iccidInvalid: iccid?.luhn === 'bad' ? iccid.iccid : null,
    sim: simStateOf(a['AT+CPIN?']),
    functionality: parsed(a['AT+CFUN?'], parseCfunRead),
    registrations: regs,
    operator: cops?.name ?? null,
    rat: cops?.act !== undefined ? (ACT_NAMES[cops.act] ?? `AcT ${cops.act}`) : null,
    signal: csq ? { rssi: csq.rssi, dbm: csq.dbm ?? null } : null,
    usbPid: usbMode?.pid ?? (pid === null ? null : pid.toString(16).padStart(4, '0')),
    contexts: contexts?.map((c) => ({ cid: c.cid, type: c.pdpType, apn: c.apn })) ?? null,
    active: parsed(a['AT+CGACT?'], parseCgactRead),
    addresses: addresses?.map((x) => ({ cid: x.cid, address: x.ipv4 ?? x.ipv6 ?? '' })) ?? null,
    attached: null,
    ...(usbMode?.usbnet !== undefined ? { usbnet: usbMode.usbnet } : {}),
    ...(usbMode !== undefined ? { usbMode } : {}),
    portLost: g.lost ?? null,
    evidence: g.evidence,
  };
}
