// What the APN commands read from a modem: the SIM's identity and the network for a suggestion,
// and the PDP state for `simhat apn show` (issue 5). Thin: ModemAt calls + the pure lookup.
import type { ApnLookup, Suggestion, SuggestInput } from '../core/apn/lookup.js';
import { AtError } from '../core/at/errors.js';
import { ModemAt, type CallOptions, type PdpActivation, type PdpAddress, type PdpAuth, type PdpContext } from '../core/at/modem-at.js';
import type { ApplyJournal, JournalEntry } from './apn-journal.js';

/** Reads that may fail on some firmware (ERROR) give undefined; a vanished port or cancel still throws. */
async function optional<T>(read: () => Promise<T>): Promise<T | undefined> {
  try {
    return await read();
  } catch (err) {
    if (err instanceof AtError && (err.code === 'command-failed' || err.code === 'parse')) return undefined;
    throw err;
  }
}

export interface SimFacts {
  imsi?: string;
  operatorName?: string;
  /** "MCC-MNC" of the serving cell (AT+CPSI?) when the modem reports it. */
  servingNetwork?: string;
  registration?: string;
  roaming: boolean;
}

export async function readSimFacts(modem: ModemAt, o: CallOptions = {}): Promise<SimFacts> {
  const imsi = await optional(() => modem.imsi(o));
  const op = await optional(() => modem.operator(o));
  const cell = await optional(() => modem.servingCell(o));
  let registration: string | undefined;
  let roaming = false;
  for (const kind of ['cereg', 'cgreg', 'creg'] as const) {
    const reg = await optional(() => modem.registration(kind, o));
    if (reg) {
      registration ??= reg.state;
      if (reg.registered) {
        registration = reg.state;
        roaming = reg.state === 'roaming' || reg.state === 'sms-only-roaming';
        break;
      }
    }
  }
  const serving = cell && 'mcc' in cell && 'mnc' in cell ? `${String(cell.mcc)}-${String(cell.mnc)}` : undefined;
  return {
    ...(imsi !== undefined ? { imsi } : {}),
    ...(op?.name ? { operatorName: op.name } : {}),
    ...(serving ? { servingNetwork: serving } : {}),
    ...(registration ? { registration } : {}),
    roaming,
  };
}

export async function suggestForModem(modem: ModemAt, lookup: ApnLookup, o: CallOptions = {}): Promise<{ facts: SimFacts; suggestion: Suggestion }> {
  const facts = await readSimFacts(modem, o);
  const input: SuggestInput = {
    ...(facts.imsi ? { imsi: facts.imsi } : {}),
    ...(facts.operatorName ? { operatorName: facts.operatorName } : {}),
    ...(facts.servingNetwork ? { servingNetwork: facts.servingNetwork } : {}),
    registeredRoaming: facts.roaming,
  };
  return { facts, suggestion: lookup.suggest(input) };
}

export interface ApnState {
  contexts: PdpContext[];
  /** Passwords masked. */
  auths: PdpAuth[];
  addresses: PdpAddress[];
  active: PdpActivation[];
  functionality?: number;
  /** An interrupted apply left its saved state (see apn-journal.ts). */
  pendingJournal?: Omit<JournalEntry, 'saved'> & { cids: number[] };
}

export async function readApnState(modem: ModemAt, journal?: ApplyJournal, o: CallOptions = {}): Promise<ApnState> {
  const contexts = await modem.contexts(o);
  const auths = ((await optional(() => modem.auths(o))) ?? []).map((a) => (a.password ? { ...a, password: '***' } : a));
  const addresses = (await optional(() => modem.pdpAddresses(o))) ?? [];
  const active = (await optional(() => modem.activeContexts(o))) ?? [];
  const functionality = await optional(() => modem.functionality(o));
  const state: ApnState = { contexts, auths, addresses, active, ...(functionality !== undefined ? { functionality } : {}) };
  if (journal) {
    const imei = await optional(() => modem.imei(o));
    const entry = imei ? await journal.read(imei) : undefined;
    if (entry) {
      const { saved, ...rest } = entry;
      state.pendingJournal = { ...rest, cids: saved.map((s) => s.cid) };
    }
  }
  return state;
}
