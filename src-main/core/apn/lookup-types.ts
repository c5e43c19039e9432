// What an APN lookup answers (issue 5): carriers (one APN of one provider), candidates with the reasons
// they are listed, the IMSI's resolution to MCC-MNC pairs, suggestions and search hits. ./lookup.ts.
import type { DbApn } from './db-types.js';

/** One APN of one provider: what `--carrier <id>` selects. */
export interface Carrier {
  /** Stable id "<country>/<provider-slug>/<apn index>", e.g. "us/t-mobile/0". */
  id: string;
  /** "<country>/<provider-slug>": selects the provider's internet APNs in order. */
  providerId: string;
  countryCode: string;
  countryName: string;
  provider: string;
  /** MBPI `primary`: true = network owner, false = MVNO, undefined = not stated. */
  primary?: boolean;
  networkIds: readonly string[];
  apnIndex: number;
  apn: DbApn;
}

export interface Candidate extends Carrier {
  /** Why it is listed, in words ("IMSI 310-260", "operator name 'Mint' ~ 'Mint Mobile'"). */
  reasons: string[];
  /** 0..1 similarity of the reported operator name to this provider (when a name was given). */
  nameScore?: number;
  /** The MCC-MNC pair that matched, when matched by network. */
  matchedNetwork?: string;
  /** More than one provider lists this pair: the user must choose. */
  sharedNetwork?: boolean;
}

export interface ImsiResolution {
  imsi: string;
  mcc: string;
  /** MCC-MNC pairs of the database that the IMSI starts with, the most likely first. */
  pairs: string[];
  /** Both a 2-digit and a 3-digit MNC match: `pairs` holds both. */
  ambiguous: boolean;
  /** No pair in the database matches this IMSI. */
  unknown: boolean;
}

export interface SuggestInput {
  /** AT+CIMI. */
  imsi?: string;
  /** The network the modem is registered on, "MCC-MNC" or "MCCMNC" (AT+CPSI? or AT+COPS numeric). */
  servingNetwork?: string;
  /** AT+COPS? alphanumeric operator name (may be numeric, then it is treated as servingNetwork). */
  operatorName?: string;
  /** Registration stat 5 (roaming) from AT+CREG?/CGREG?/CEREG?. */
  registeredRoaming?: boolean;
  /** MNC length read from the SIM's EF_AD (AT+CRSM), when available: removes any ambiguity. */
  mncLength?: 2 | 3;
}

export type SuggestBasis = 'imsi' | 'operator-name' | 'mcc' | 'none';

export interface Suggestion {
  basis: SuggestBasis;
  home?: ImsiResolution;
  servingNetwork?: string;
  roaming: boolean;
  candidates: Candidate[];
  /** Things the user should know (ambiguity, roaming, MVNO choice, nothing found). */
  notes: string[];
}

export interface ProviderHit {
  providerId: string;
  countryCode: string;
  countryName: string;
  provider: string;
  primary?: boolean;
  networkIds: readonly string[];
  carriers: Carrier[];
  score: number;
}
