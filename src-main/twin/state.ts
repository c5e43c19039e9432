// The simulated SIM7600G-H's state (facts: shared/docs/sim7600.md). Split in three parts, because
// a reset keeps some and loses the rest:
// - `nv`: non-volatile settings that survive every reset (USB PID, PDP contexts, CGAUTH, CNMP),
//   vendor manual §4.23 / sim7600.md §2 "Settings persist in NV".
// - `sim` and `network`: the world outside the module (the SIM card, the operator's network).
// - `runtime`: what the firmware forgets on reset (echo, CMEE, URC modes, radio, attach, PDP activity).
// Derived facts (registration stat, CGACT, CGPADDR) are pure functions of the three, below.

/**
 * A USB composition as AT+CUSBPIDSWITCH writes it: the digits of the hex product id (9011 is
 * USB PID 0x9011). Twin.usbProductId gives the numeric USB value.
 */
export type UsbPid = 9001 | 9011 | 9018;
export const USB_PIDS: readonly UsbPid[] = [9001, 9011, 9018];

export type PdpType = 'IP' | 'IPV6' | 'IPV4V6';
export const MAX_CID = 24;

export interface PdpContext {
  type: PdpType;
  apn: string;
  /** The <emergency> flag of +CGDCONT (cid 3 out of the box, transcripts T-13). */
  emergency: boolean;
}

/** AT+CGAUTH per cid: type 0 none, 1 PAP, 2 CHAP, 3 PAP or CHAP. */
export interface PdpAuth {
  type: 0 | 1 | 2 | 3;
  user: string;
  password: string;
}

export interface NvState {
  usbPid: UsbPid;
  /** Defined PDP contexts by cid (1..24). */
  contexts: Map<number, PdpContext>;
  auth: Map<number, PdpAuth>;
  /** AT+CNMP preferred mode: 2 automatic, 13 GSM only, 14 WCDMA only, 38 LTE only, ... */
  cnmp: number;
}

export type SimStatus = 'ready' | 'absent' | 'pin' | 'puk';

export interface SimCard {
  status: SimStatus;
  pin: string;
  puk: string;
  pinAttempts: number;
  pukAttempts: number;
  imsi: string;
  iccid: string;
  /** EF_SPN, what AT+CSPN? prints; undefined = the SIM carries none (issue 13, ./sim-files.ts). */
  spn?: string;
  /** EF_GID1 bytes as hex; undefined = the file is absent. */
  gid1?: string;
  /** EF_AD bytes as hex (low nibble of byte 4 = MNC length); undefined = absent. */
  efAd?: string;
}

/** How the network treats the SIM once the radio has searched: home (stat 1), roaming (5), denied (3), none (2 forever). */
export type Coverage = 'home' | 'roaming' | 'denied' | 'none';
export type Rat = 'LTE' | 'WCDMA' | 'GSM';

export interface NetworkModel {
  coverage: Coverage;
  /** Serving network (+COPS, +CPSI). For `home`, the same as the SIM's home network. */
  mcc: string;
  mnc: string;
  operatorName: string;
  operatorShortName: string;
  /** Radio technologies the cell offers, best first; AT+CNMP restricts the choice. */
  rats: Rat[];
  /** AT+CSQ rssi 0..31 (99 unknown) when camped. */
  rssi: number;
  /** APNs the network accepts for a data session (case-insensitive). */
  acceptedApns: string[];
  /** APNs that need PAP/CHAP credentials (lower-case APN → credentials). */
  apnCredentials: Record<string, { user: string; password: string }>;
  /** First IPv4 address handed out; cid n gets the n-th address after it. */
  addressBase: string;
  tac: number;
  cellId: number;
  pci: number;
  band: number;
  earfcn: number;
}

export interface Identity {
  manufacturer: string;
  model: string;
  /** ATI "Revision:" (transcripts T-13). */
  revision: string;
  /** AT+CGMR (sim7600.md §2). */
  cgmr: string;
  imei: string;
  /** false: firmware without AT+CRSM (answers plain ERROR). Default: has it. */
  crsm?: boolean;
  /** false: firmware without AT+CSPN (answers plain ERROR). Default: has it. */
  cspn?: boolean;
}

export type RadioState = 'off' | 'searching' | 'camped';

export interface RuntimeState {
  echo: boolean;
  /** AT+CMEE: 0 plain ERROR, 1 numeric, 2 verbose. The SIM7600 boots verbose (T-13 shows `+CME ERROR: SIM busy` unasked). */
  cmee: 0 | 1 | 2;
  creg: 0 | 1 | 2;
  cgreg: 0 | 1 | 2;
  cereg: 0 | 1 | 2;
  cfun: 0 | 1 | 4;
  /** True during the moment after boot when the SIM is not readable yet (+CME ERROR: SIM busy). */
  simBusy: boolean;
  radio: RadioState;
  /** CGATT wish: AT+CGATT=0 keeps the module detached until CGATT=1 or a reset. */
  attachWanted: boolean;
  attached: boolean;
  /** Active PDP contexts. */
  active: Set<number>;
  autoCsq: { enabled: boolean; onChange: boolean };
  /** False until the first AT+CPSI? after boot, which answers ERROR (sim7600.md §2 "The first AT+CPSI? after boot can return ERROR"). */
  cpsiReady: boolean;
  /** Fault (Twin.dropDataSession): the network refuses data sessions until the next attach (issue 11). */
  pdnBarred: boolean;
}

export interface TwinState {
  identity: Identity;
  nv: NvState;
  sim: SimCard;
  network: NetworkModel;
  runtime: RuntimeState;
}

export const SIM7600G_H_IDENTITY: Identity = {
  manufacturer: 'SIMCOM INCORPORATED',
  model: 'SIMCOM_SIM7600G-H',
  revision: 'SIM7600G_V2.0.2',
  cgmr: 'LE20B04SIM7600G22',
  // SIM7600-style TAC with a valid Luhn check digit.
  imei: '862636051234563',
};

/** Out-of-box PDP table of a SIM7600G-H (transcripts T-13): cid 1 IP with no APN, cid 2 ims, cid 3 emergency. */
export function factoryContexts(): Map<number, PdpContext> {
  return new Map<number, PdpContext>([
    [1, { type: 'IP', apn: '', emergency: false }],
    [2, { type: 'IPV4V6', apn: 'ims', emergency: false }],
    [3, { type: 'IPV4V6', apn: '', emergency: true }],
  ]);
}

export function freshRuntime(): RuntimeState {
  return {
    echo: true,
    cmee: 2,
    creg: 0,
    cgreg: 0,
    cereg: 0,
    cfun: 1,
    simBusy: false,
    radio: 'off',
    attachWanted: true,
    attached: false,
    active: new Set(),
    autoCsq: { enabled: false, onChange: false },
    cpsiReady: false,
    pdnBarred: false,
  };
}

/** Deep copy, so scenarios and snapshots never share maps with a live twin. */
export function cloneState(s: TwinState): TwinState {
  return {
    identity: { ...s.identity },
    nv: {
      usbPid: s.nv.usbPid,
      contexts: new Map([...s.nv.contexts].map(([k, v]) => [k, { ...v }])),
      auth: new Map([...s.nv.auth].map(([k, v]) => [k, { ...v }])),
      cnmp: s.nv.cnmp,
    },
    sim: { ...s.sim },
    network: {
      ...s.network,
      rats: [...s.network.rats],
      acceptedApns: [...s.network.acceptedApns],
      apnCredentials: Object.fromEntries(Object.entries(s.network.apnCredentials).map(([k, v]) => [k, { ...v }])),
    },
    runtime: { ...s.runtime, active: new Set(s.runtime.active), autoCsq: { ...s.runtime.autoCsq } },
  };
}

// ---- derived facts -------------------------------------------------------------------------

/** 27.007 §7.2 <stat>: 0 not registered/not searching, 1 home, 2 searching, 3 denied, 5 roaming. */
export type RegStat = 0 | 1 | 2 | 3 | 5;

export function registrationStat(s: TwinState): RegStat {
  if (s.runtime.cfun !== 1 || s.sim.status !== 'ready' || s.runtime.simBusy) return 0;
  if (s.runtime.radio === 'off') return 0;
  if (s.runtime.radio === 'searching') return 2;
  switch (s.network.coverage) {
    case 'home':
      return 1;
    case 'roaming':
      return 5;
    case 'denied':
      return 3;
    case 'none':
      return 2;
  }
}

export function isRegistered(s: TwinState): boolean {
  const stat = registrationStat(s);
  return stat === 1 || stat === 5;
}

/** The technology in use: the best one the cell offers that AT+CNMP allows (vendor manual AT+CNMP). */
export function currentRat(s: TwinState): Rat | undefined {
  const allowed = (r: Rat) =>
    s.nv.cnmp === 13 ? r === 'GSM' : s.nv.cnmp === 14 ? r === 'WCDMA' : s.nv.cnmp === 38 ? r === 'LTE' : true;
  return s.network.rats.find(allowed);
}

/** 27.007 <AcT>: 0 GSM, 2 UTRAN, 7 E-UTRAN. */
export function actOf(rat: Rat): number {
  return rat === 'LTE' ? 7 : rat === 'WCDMA' ? 2 : 0;
}

/** AT+CSQ rssi: 99 (unknown) while the radio is off, searching without coverage, or without a cell. */
export function currentRssi(s: TwinState): number {
  if (s.runtime.cfun !== 1 || s.network.coverage === 'none' || s.runtime.radio === 'off') return 99;
  if (currentRat(s) === undefined) return 99;
  return s.network.rssi;
}

/** RNDIS (9011) and ECM (9018) route the module's NAT through cid 6 as well as cid 1 (sim7600.md §2, the seed's fix). */
export function needsCid6(s: TwinState): boolean {
  return s.nv.usbPid === 9011 || s.nv.usbPid === 9018;
}

export type ActivationRefusal = 'not-defined' | 'not-attached' | 'apn-rejected' | 'auth-failed' | 'cid6-missing' | 'network-barred';

/** Why the network would refuse to activate `cid` right now, or undefined when it would accept. */
export function activationRefusal(s: TwinState, cid: number): ActivationRefusal | undefined {
  const ctx = s.nv.contexts.get(cid);
  if (!ctx) return 'not-defined';
  if (!s.runtime.attached || !isRegistered(s)) return 'not-attached';
  if (s.runtime.pdnBarred) return 'network-barred';
  const apnRefusal = apnRefusalFor(s, cid);
  if (apnRefusal) return apnRefusal;
  // The seed problem: in RNDIS/ECM mode the data path of cid 1 needs cid 6 with a good APN too.
  if (cid === 1 && needsCid6(s)) {
    if (!s.nv.contexts.has(6)) return 'cid6-missing';
    if (apnRefusalFor(s, 6)) return 'cid6-missing';
  }
  return undefined;
}

function apnRefusalFor(s: TwinState, cid: number): 'apn-rejected' | 'auth-failed' | 'not-defined' | undefined {
  const ctx = s.nv.contexts.get(cid);
  if (!ctx) return 'not-defined';
  const apn = ctx.apn.toLowerCase();
  if (apn === '' || !s.network.acceptedApns.some((a) => a.toLowerCase() === apn)) return 'apn-rejected';
  const needed = s.network.apnCredentials[apn];
  if (needed) {
    const auth = s.nv.auth.get(cid);
    if (!auth || auth.type === 0 || auth.user !== needed.user || auth.password !== needed.password) return 'auth-failed';
  }
  return undefined;
}

/**
 * Brings attach and PDP activity in line with registration (call after any change). On LTE the
 * attach brings up the default bearer with cid 1's APN; in RNDIS/ECM mode cid 6 too. It happens
 * only on the transition to attached, which is why a changed APN needs a CFUN cycle or a reset
 * (sim7600.md §2 "After changing, cycle AT+CFUN=0 / AT+CFUN=1 or AT+CRESET").
 */
export function settleNetwork(s: TwinState): void {
  if (!isRegistered(s) || !s.runtime.attachWanted) {
    s.runtime.attached = false;
    s.runtime.pdnBarred = false; // a detach ends the network's refusal: the next attach gets a session
    s.runtime.active.clear();
    return;
  }
  if (s.runtime.attached) return;
  s.runtime.attached = true;
  for (const cid of needsCid6(s) ? [1, 6] : [1]) {
    if (activationRefusal(s, cid) === undefined) s.runtime.active.add(cid);
  }
}

/** True when the module has a working data session (what the user wants): cid 1 up, and cid 6 too in RNDIS/ECM. */
export function dataUp(s: TwinState): boolean {
  return s.runtime.active.has(1) && (!needsCid6(s) || s.runtime.active.has(6));
}

/** IPv4 address of an active cid: addressBase + (cid - 1). */
export function ipv4Of(s: TwinState, cid: number): string {
  const parts = s.network.addressBase.split('.').map(Number);
  const n = (((parts[0] ?? 0) << 24) >>> 0) + ((parts[1] ?? 0) << 16) + ((parts[2] ?? 0) << 8) + (parts[3] ?? 0) + (cid - 1);
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

/** IPv6 address of an active cid, printed the SIMCom way as 16 dotted bytes (sim7600.md §2). */
export function ipv6Of(cid: number): string {
  // 2001:db8::<cid> (documentation prefix, RFC 3849).
  return [32, 1, 13, 184, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, cid].join('.');
}

export const ZERO_V4 = '0.0.0.0';
export const ZERO_V6 = '0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0';
