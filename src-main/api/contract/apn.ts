// Api contract types (re-exported by ../contract.ts, types only). APN settings, presets, the decider's suggestion, the SIM PIN dialog and the carrier picker.
import type { Suggestion } from '../../core/apn/lookup.js';
import type { ApnPreset, AuthChoice } from '../../core/apn/preset.js';
import type { SimIdentityView } from '../../core/apn/sim-facts.js';
import type { ApnRankingView, DecideResult } from '../../service/apn-decider.js';
import type { SimFacts } from '../../service/apn-modem.js';
import type { ApplyResult } from '../../service/apn.js';
import type { PdpContext } from './modems.js';

// ---------- APN ----------

export type IpType = 'IP' | 'IPV6' | 'IPV4V6';
export type AuthType = 'none' | 'pap' | 'chap' | 'either';

export interface ApnSettings {
  apn: string;
  ipType: IpType;
  username: string;
  password: string;
  auth: AuthType;
}

export interface CarrierPreset {
  id: string;
  /** ISO 3166 alpha-2, lower case. */
  country: string;
  provider: string;
  /** Plan or APN name as the database gives it. */
  name: string;
  settings: ApnSettings;
  /** 'db' for the shipped database, 'user' for presets the user saved. */
  source: 'db' | 'user';
}

export interface ApnSuggestion {
  /** From the SIM: IMSI prefix (MCC+MNC) it matched. */
  mccMnc?: string;
  /** Best first; several when an MCC/MNC is shared by MVNOs (let the user choose). */
  presets: CarrierPreset[];
  reason: string;
  /** What the SIM said and the lookup's whole answer (the CLI prints it; IMSI masked). */
  detail?: { sim: SimFacts; suggestion: Suggestion };
  /** The SIM's identity as the decider read it (IMSI/ICCID masked); issue 13. */
  sim?: SimIdentityView;
  /** The decider's ranking: every candidate with its reasons, best first; null when the SIM cannot be used. */
  ranking?: ApnRankingView | null;
  /** One sentence: the SIM state, the ranking's first candidate, or the plain-words request for an APN. */
  message?: string;
}

/**
 * What the user chose from the decider's ranked list (issue 13): try them in rank order, one of them by its
 * id, or an APN typed by hand. Absent: by rank (the standout, else rank order), as a script gets it.
 */
export type ApnChoiceParam = { kind: 'try-all' } | { kind: 'pick'; id: string } | { kind: 'manual'; settings: ApnSettings };

/** One APN to try, as the APN layer takes it (CLI `apn set` with several candidates). */
export interface ApnTargetSpec {
  apn: string;
  ipType: IpType;
  auth: AuthChoice;
  username?: string;
  password?: string;
  label?: string;
}

/** The user's saved presets as stored (file, entries, problems found while reading). */
export interface PresetBook {
  file: string | null;
  presets: ApnPreset[];
  warnings: string[];
}

/** Fields of a saved preset (add / edit); an empty string clears user, password or note on edit. */
export interface PresetFields {
  name?: string;
  apn?: string;
  ipType?: IpType;
  auth?: AuthChoice;
  username?: string;
  password?: string;
  contexts?: number[];
  note?: string;
  carrierId?: string;
}

export interface ApnApplyResult {
  /** Contexts written, e.g. [1, 6] on SIM7600 in RNDIS/ECM. */
  cids: number[];
  verified: boolean;
  contexts: PdpContext[];
  pdpAddress?: string | null;
  detail: string;
  /** The APN layer's own result (events' end state, addresses, restore report). */
  apply?: ApplyResult;
  /** When the decider chose (no preset, settings or targets given): which APN won and which tries failed. */
  decision?: DecideResult;
}

// ---------- SIM PIN (issue 14) ----------

/** What the SIM asks for (AT+CPIN?): 'busy' right after boot (CME 14), 'other' for PH-SIM PIN and the like. */
export type SimLockState = 'ready' | 'pin' | 'puk' | 'absent' | 'busy' | 'other';

export interface SimPinInfo {
  state: SimLockState;
  /** PIN tries before the SIM asks for its PUK; absent when the modem cannot tell. */
  triesLeft?: number;
  /** PUK tries before the SIM is blocked for good; absent when the modem cannot tell. */
  pukTriesLeft?: number;
  /** The command that told the tries, e.g. 'AT+SPIC'. */
  source?: string;
  /** The AT+CPIN? state as the modem wrote it, for states simhat has no word for (e.g. 'PH-SIM PIN'). */
  raw?: string;
}

export interface EnterPinResult extends SimPinInfo {
  /** True when the modem took the code (the SIM is ready, or was already). */
  accepted: boolean;
  /** One sentence for the dialog: what happened and what is next. */
  message: string;
}

// ---------- carrier picker (issue 14) ----------

export interface CarrierCountry {
  /** ISO 3166 alpha-2, lower case. */
  code: string;
  /** As the APN database names it (e.g. 'Britain'). */
  name: string;
  /** Other names people type (United Kingdom, UK, Great Britain...). */
  aliases: string[];
  providers: number;
}

export interface CarrierProvider {
  /** "<country>/<slug>", e.g. 'gb/ee'. */
  id: string;
  country: string;
  name: string;
  /** True: owns the network; false: a virtual operator (MVNO) on someone else's. */
  primary?: boolean;
  /** MCC-MNC pairs, e.g. ['234-30']. */
  networks: string[];
  /** Internet APNs this provider lists. */
  internetApns: number;
}

/** A preset with what it is for: only 'internet' APNs carry data for simhat; MMS/WAP are listed apart. */
export interface CarrierPlan extends CarrierPreset {
  usage: 'internet' | 'mms' | 'wap' | 'other';
  /** Prepaid/postpaid when the database says. */
  plans: ('prepaid' | 'postpaid')[];
  /** Provider id, e.g. 'gb/ee'. */
  providerId: string;
}

/**
 * One answer for every level of the picker: no argument -> every country; `country` -> its providers;
 * `providerId` -> its APNs; `query` -> matches across all (countries, providers and their internet
 * APNs); `ids` -> those APNs classified (e.g. the SIM's suggestion, to set MMS apart).
 */
export interface CarrierBrowse {
  countries: CarrierCountry[];
  providers: CarrierProvider[];
  /** Internet APNs (what connects), best first. */
  plans: CarrierPlan[];
  /** MMS, WAP and other APNs: shown apart, never offered as the internet APN. */
  otherApns: CarrierPlan[];
  /** How a query was understood, e.g. 'UK = Britain (United Kingdom)'; absent when there was nothing to say. */
  note?: string;
}
