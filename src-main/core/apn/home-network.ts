// Which network a SIM belongs to (issue 13): MCC (3 digits) + MNC (2 or 3) from the IMSI. The MNC
// length comes from the SIM's EF_AD when it says; otherwise from which pairs the databases know;
// when both readings exist, the serving network decides if the modem is at home, else both are
// kept and said so. Roaming SIMs are judged by their IMSI, never by the visited network. Pure.
import type { HomeNetwork } from './candidate.js';
import { normalizeMccMnc } from './lookup.js';

export interface HomeInput {
  imsi?: string;
  /** EF_AD's MNC length. */
  mncLength?: 2 | 3;
  /** "MCC-MNC" or "MCCMNC" of the cell the modem is registered on. */
  servingNetwork?: string;
  /** Registration stat 5 (roaming). */
  registeredRoaming?: boolean;
}

export interface HomeResolution {
  home: HomeNetwork | null;
  serving?: string;
  notes: string[];
}

/**
 * `known(pair)` says whether a database lists the pair; `order(p2, p3)` puts both readings in the
 * more likely order (the MBPI lookup's tie-break) when neither EF_AD nor the serving network tells.
 */
export function resolveHome(input: HomeInput, known: (pair: string) => boolean, order: (p2: string, p3: string) => [string, string]): HomeResolution {
  const notes: string[] = [];
  const serving = input.servingNetwork !== undefined ? normalizeMccMnc(input.servingNetwork) : undefined;
  const imsi = input.imsi?.trim();
  if (!imsi || !/^\d{6,15}$/.test(imsi)) return { home: null, ...(serving ? { serving } : {}), notes };
  const mcc = imsi.slice(0, 3);
  const p2 = `${mcc}-${imsi.slice(3, 5)}`;
  const p3 = `${mcc}-${imsi.slice(3, 6)}`;
  if (input.mncLength) {
    const pair = input.mncLength === 2 ? p2 : p3;
    notes.push(`MNC length ${input.mncLength} from the SIM (EF_AD): home network ${pair}.`);
    return { home: { pairs: [pair], mcc, mncLengthFrom: 'ef-ad' }, ...(serving ? { serving } : {}), notes };
  }
  const has2 = known(p2);
  const has3 = known(p3);
  if (has2 && has3) {
    if (serving && input.registeredRoaming !== true && (serving === p2 || serving === p3)) {
      notes.push(`The IMSI reads as ${p2} or ${p3}; the modem is registered on ${serving}, so the SIM's network is ${serving}.`);
      return { home: { pairs: [serving], mcc, mncLengthFrom: 'serving-network' }, serving, notes };
    }
    notes.push(`The IMSI reads as ${p2} (2-digit MNC) or ${p3} (3-digit) and the SIM does not say which (no EF_AD): both are listed.`);
    return { home: { pairs: order(p2, p3), mcc, mncLengthFrom: 'both-listed' }, ...(serving ? { serving } : {}), notes };
  }
  if (has2 || has3) return { home: { pairs: [has3 ? p3 : p2], mcc, mncLengthFrom: 'database' }, ...(serving ? { serving } : {}), notes };
  notes.push(`Neither database lists the network of IMSI prefix ${imsi.slice(0, 6)} (${p2} or ${p3}).`);
  return { home: { pairs: [], mcc, mncLengthFrom: 'unknown' }, ...(serving ? { serving } : {}), notes };
}
