// From what the modem answered to what the ranking may rely on (issue 13). The difference that
// matters: a SIM file that is absent ("the SIM has no GID1": an MVNO entry needing one does not
// match) versus a file that could not be read (firmware without AT+CRSM, a timeout: the match is
// unknown and the entry is kept, last). Pure.
import { crsmSucceeded, gid1FromCrsm, maskIccid, maskImsi, mncLengthFromEfAd, type CrsmResult } from '../at/commands/sim-identity.js';
import type { SimFacts } from './mvno-match.js';

/** One read: the parsed answer, or why there is none. */
export type Read<T> = { ok: true; value: T } | { ok: false; reason: string };

export type SimState = 'ready' | 'absent' | 'locked' | 'not-ready' | 'unknown';

export type SimField = 'imsi' | 'iccid' | 'spn' | 'gid1' | 'mncLength';

/** The SIM as the decider read it. Full identifiers: never shown as they are (see simIdentityView). */
export interface SimIdentity {
  state: SimState;
  /** AT+CPIN? as read ("READY", "SIM PIN", ...). */
  pinState?: string;
  facts: SimFacts;
  /** Fields that could not be read, and why (the ranking treats them as unknown). */
  unreadable: { field: SimField; reason: string }[];
}

/** What faces show: IMSI and ICCID masked to their last 4 digits (issue 13). */
export interface SimIdentityView {
  state: SimState;
  pinState?: string;
  imsi?: string;
  iccid?: string;
  spn?: string;
  gid1?: string;
  mncLength?: 2 | 3;
  /** MCC-MNC from the IMSI (not personal: it names the network). */
  homeNetwork?: string;
  unreadable: { field: SimField; reason: string }[];
}

/** Status words of a file the SIM does not have: 6A 82 (USIM, file not found), 94 04 (SIM, file id not found). */
function fileAbsent(r: CrsmResult): boolean {
  return (r.sw1 === 0x6a && r.sw2 === 0x82) || (r.sw1 === 0x94 && r.sw2 === 0x04);
}

/** EF_GID1: hex when present, '' when absent or blank, undefined (+ reason) when unreadable. */
export function gid1Fact(read: Read<CrsmResult>): { value?: string; reason?: string } {
  if (!read.ok) return { reason: read.reason };
  if (crsmSucceeded(read.value)) return { value: gid1FromCrsm(read.value) ?? '' };
  if (fileAbsent(read.value)) return { value: '' };
  return { reason: `the SIM refused to read EF_GID1 (status ${read.value.sw1},${read.value.sw2})` };
}

/** EF_AD's MNC length, or why not (older SIMs do not say; that is not an error, just unknown). */
export function mncLengthFact(read: Read<CrsmResult>): { value?: 2 | 3; reason?: string } {
  if (!read.ok) return { reason: read.reason };
  const n = mncLengthFromEfAd(read.value);
  if (n) return { value: n };
  return { reason: crsmSucceeded(read.value) ? 'EF_AD does not state the MNC length' : `EF_AD could not be read (status ${read.value.sw1},${read.value.sw2})` };
}

/** AT+CSPN?: the name ('' = the SIM has none), or why not. */
export function spnFact(read: Read<{ spn: string }>): { value?: string; reason?: string } {
  return read.ok ? { value: read.value.spn } : { reason: read.reason };
}

export function simIdentityView(id: SimIdentity, homeNetwork?: string): SimIdentityView {
  const f = id.facts;
  return {
    state: id.state,
    ...(id.pinState ? { pinState: id.pinState } : {}),
    ...(f.imsi ? { imsi: maskImsi(f.imsi) } : {}),
    ...(f.iccid ? { iccid: maskIccid(f.iccid) } : {}),
    ...(f.spn ? { spn: f.spn } : {}),
    ...(f.gid1 ? { gid1: f.gid1 } : {}),
    ...(f.mncLength ? { mncLength: f.mncLength } : {}),
    ...(homeNetwork ? { homeNetwork } : {}),
    unreadable: id.unreadable.map((u) => ({ ...u })),
  };
}

/** AT+CPIN? state -> the decider's SIM state (27.007 §8.3). */
export function simStateOf(pin: string | undefined): SimState {
  if (pin === undefined) return 'unknown';
  if (pin === 'READY') return 'ready';
  if (pin === 'NOT INSERTED') return 'absent';
  if (pin === 'NOT READY') return 'not-ready';
  return 'locked';
}

const FIELD_WORDS: Record<SimField, string> = { imsi: 'IMSI', iccid: 'ICCID', spn: 'SPN', gid1: 'GID1', mncLength: 'MNC length (EF_AD)' };

/**
 * The SIM's identity as lines for a text face (`simhat status`, the doctor's evidence): masked values,
 * what each one means for the APN, and what could not be read and why.
 */
export function simIdentityLines(sim: SimIdentityView): string[] {
  if (sim.state !== 'ready') return [`SIM ${sim.state}${sim.pinState ? ` (${sim.pinState})` : ''}: its identity cannot be read`];
  const lines: string[] = [];
  if (sim.imsi) lines.push(`IMSI ${sim.imsi}${sim.homeNetwork ? ` (home network ${sim.homeNetwork})` : ''}`);
  if (sim.iccid) lines.push(`ICCID ${sim.iccid}`);
  const unread = new Set(sim.unreadable.map((u) => u.field));
  if (!unread.has('spn')) lines.push(sim.spn ? `SPN "${sim.spn}"` : 'SPN: none on this SIM');
  if (!unread.has('gid1')) lines.push(sim.gid1 ? `GID1 ${sim.gid1}` : 'GID1: none on this SIM');
  if (!unread.has('mncLength')) lines.push(sim.mncLength ? `MNC length ${sim.mncLength} (EF_AD)` : 'MNC length: not stated by the SIM');
  for (const u of sim.unreadable) lines.push(`${FIELD_WORDS[u.field]} not read: ${u.reason}`);
  return lines;
}
