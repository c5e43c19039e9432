// Reads the SIM's identity for the APN decider (issue 13): state (AT+CPIN?), IMSI, ICCID, SPN
// (AT+CSPN?, else EF_SPN), GID1 and EF_AD's MNC length (AT+CRSM). Tolerant: a modem that refuses
// any of them gives that field as unreadable, with why; only a vanished port or a cancel stops it.
import { createHash } from 'node:crypto';
import { EF_AD, EF_GID1, EF_SPN, spnFromEfSpn, type CrsmResult } from '../core/at/commands/sim-identity.js';
import { AtError } from '../core/at/errors.js';
import type { CallOptions, ModemAt } from '../core/at/modem-at.js';
import type { PresetSim } from '../core/apn/preset.js';
import { gid1Fact, mncLengthFact, simStateOf, spnFact, type Read, type SimField, type SimIdentity } from '../core/apn/sim-facts.js';
import type { SimFacts } from '../core/apn/mvno-match.js';

/** A port that vanished or a cancel ends the read; anything the modem refused is a reason. */
async function attempt<T>(read: () => Promise<T>, command: string, tolerateTimeout = false): Promise<Read<T>> {
  try {
    return { ok: true, value: await read() };
  } catch (err) {
    if (!(err instanceof AtError)) throw err;
    if (err.code === 'command-failed') return { ok: false, reason: `${command} answered ${err.final?.line ?? 'ERROR'}` };
    if (err.code === 'parse') return { ok: false, reason: `${command} gave an answer simhat cannot read` };
    // SIM file reads can be slow or hang on some firmware (ModemManager allows 20 s on A76xx).
    if (err.code === 'timeout' && tolerateTimeout) return { ok: false, reason: `${command} did not answer in time` };
    throw err;
  }
}

/**
 * AT+CPIN?. A +CME ERROR that names the SIM's state is that state, not a failure (27.007 §9.2:
 * 10 not inserted, 13 SIM failure, 14 busy after boot, 11/12 PIN/PUK required).
 */
async function readPin(modem: ModemAt, o: CallOptions): Promise<{ pin?: string; reason?: string }> {
  try {
    return { pin: await modem.pinStatus(o) };
  } catch (err) {
    if (!(err instanceof AtError)) throw err;
    if (err.code === 'parse') return { reason: 'AT+CPIN? gave an answer simhat cannot read' };
    if (err.code !== 'command-failed') throw err;
    const code = err.final?.code;
    const pin = code === 10 || code === 13 ? 'NOT INSERTED' : code === 14 ? 'NOT READY' : code === 11 ? 'SIM PIN' : code === 12 ? 'SIM PUK' : undefined;
    return pin ? { pin } : { reason: `AT+CPIN? answered ${err.final?.line ?? 'ERROR'}` };
  }
}

/** The SIM's state alone (AT+CPIN?): what a face says before any APN talk (issue 13). */
export async function readSimState(modem: ModemAt, o: CallOptions = {}): Promise<Pick<SimIdentity, 'state' | 'pinState'>> {
  const { pin } = await readPin(modem, o);
  return { state: simStateOf(pin), ...(pin ? { pinState: pin } : {}) };
}

export async function readSimIdentity(modem: ModemAt, o: CallOptions = {}): Promise<SimIdentity> {
  const unreadable: { field: SimField; reason: string }[] = [];
  const { pin, reason } = await readPin(modem, o);
  const state = simStateOf(pin);
  if (state !== 'ready') {
    return { state, ...(pin ? { pinState: pin } : {}), facts: {}, unreadable: reason ? [{ field: 'imsi', reason }] : [] };
  }
  const facts: SimFacts = {};
  const imsi = await attempt(() => modem.imsi(o), 'AT+CIMI');
  if (imsi.ok) facts.imsi = imsi.value;
  else unreadable.push({ field: 'imsi', reason: imsi.reason });
  const iccid = await attempt(() => modem.iccid(o), 'AT+CICCID');
  if (iccid.ok) facts.iccid = iccid.value;
  else unreadable.push({ field: 'iccid', reason: iccid.reason });
  const files = await readSimFiles(modem, o);
  return { state, ...(pin ? { pinState: pin } : {}), facts: { ...facts, ...files.facts }, unreadable: [...unreadable, ...files.unreadable] };
}

/**
 * The SIM's name and files (SPN, GID1, EF_AD's MNC length) of a ready SIM, each tolerated when refused:
 * what the doctor and the status reader add to the IMSI/ICCID they read themselves.
 */
export async function readSimFiles(modem: ModemAt, o: CallOptions = {}): Promise<{ facts: Pick<SimFacts, 'spn' | 'gid1' | 'mncLength'>; unreadable: { field: SimField; reason: string }[] }> {
  const facts: Pick<SimFacts, 'spn' | 'gid1' | 'mncLength'> = {};
  const unreadable: { field: SimField; reason: string }[] = [];
  let spn = spnFact(await attempt(() => modem.serviceProviderName(o), 'AT+CSPN?', true));
  if (spn.value === undefined) {
    // Modules without AT+CSPN: the same name from EF_SPN (absent file = the SIM has none).
    const file = await attempt(() => modem.readSimFile(EF_SPN, 0, o), 'AT+CRSM (EF_SPN)', true);
    if (file.ok && (file.value.sw1 === 0x90 || file.value.sw1 === 0x6a || file.value.sw1 === 0x94)) spn = { value: spnFromEfSpn(file.value) ?? '' };
  }
  if (spn.value !== undefined) facts.spn = spn.value;
  else unreadable.push({ field: 'spn', reason: spn.reason ?? 'unknown' });

  const gid1 = gid1Fact(await attempt<CrsmResult>(() => modem.readSimFile(EF_GID1, 0, o), 'AT+CRSM (EF_GID1)', true));
  if (gid1.value !== undefined) facts.gid1 = gid1.value;
  else unreadable.push({ field: 'gid1', reason: gid1.reason ?? 'unknown' });
  const mnc = mncLengthFact(await attempt<CrsmResult>(() => modem.readSimFile(EF_AD, 0, o), 'AT+CRSM (EF_AD)', true));
  if (mnc.value !== undefined) facts.mncLength = mnc.value;
  else unreadable.push({ field: 'mncLength', reason: mnc.reason ?? 'unknown' });
  return { facts, unreadable };
}

/**
 * How a SIM is recognised in the user's presets without storing its IMSI: SHA-256 over a fixed
 * label and the IMSI (pseudonymous, not secret: IMSIs are guessable), plus the last 4 digits.
 */
export function presetSimOf(imsi: string): PresetSim {
  return { imsiSha256: createHash('sha256').update(`simhat-sim:${imsi}`).digest('hex'), imsiLast4: imsi.slice(-4) };
}
