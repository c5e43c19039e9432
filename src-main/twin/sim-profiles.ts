// SIM profiles for the twin (issue 13): which SIM is in the simulated modem and which network it
// is on, each isolating one APN-decider case. Combine with any scenario (./scenarios.ts):
//
//   new Twin({ state: simProfileState('metropcs', 'seed') })
//
// The scenario keeps its USB mode, contexts and faults (no SIM, PIN, no signal, denied); the
// profile brings the SIM's identity (IMSI, ICCID, SPN, GID1, EF_AD) and the network it registers
// on, with the APNs that network accepts. Every network and APN below is real data from the
// shipped APN tables (resources/apn), so the decider's answer is the one the network accepts.
import { HOME_NETWORK, scenarioState, type ScenarioName } from './scenarios.js';
import type { Identity, NetworkModel, SimCard, TwinState } from './state.js';

export const SIM_PROFILE_NAMES = ['t-mobile', 'metropcs', 'giffgaff', 'tim-italy', 'roaming', 'us-mobile', 'no-crsm'] as const;
export type SimProfileName = (typeof SIM_PROFILE_NAMES)[number];

export interface SimProfile {
  description: string;
  sim: Pick<SimCard, 'imsi' | 'iccid'> & Partial<Pick<SimCard, 'spn' | 'gid1' | 'efAd'>>;
  network: Pick<NetworkModel, 'mcc' | 'mnc' | 'operatorName' | 'operatorShortName' | 'acceptedApns' | 'apnCredentials'> & { roaming?: boolean };
  identity?: Partial<Identity>;
}

// EF_AD: byte 4 (low nibble) = MNC length (TS 31.102 §4.2.18). GID1 "FFFF": the operator wrote none.
const T_MOBILE_NETWORK = { mcc: '310', mnc: '260', operatorName: 'T-Mobile', operatorShortName: 'T-Mobile', apnCredentials: {} } as const;

export const SIM_PROFILES: Readonly<Record<SimProfileName, SimProfile>> = {
  't-mobile': {
    description: 'T-Mobile US SIM on its own network 310-260 (SPN "T-Mobile"): the host network; accepts fast.t-mobile.com.',
    sim: { imsi: '310260123456789', iccid: '8901260123456789012F', spn: 'T-Mobile', gid1: 'FFFFFFFF', efAd: '00000003' },
    network: { ...T_MOBILE_NETWORK, acceptedApns: ['fast.t-mobile.com'] },
  },
  metropcs: {
    description: 'MetroPCS SIM on 310-260, matched by GID1 6D (Android MVNO data); the network accepts only fast.metropcs.com.',
    sim: { imsi: '310260987654321', iccid: '8901260987654321098F', spn: 'MetroPCS', gid1: '6D38FFFF', efAd: '00000003' },
    network: { ...T_MOBILE_NETWORK, acceptedApns: ['fast.metropcs.com'] },
  },
  giffgaff: {
    description: 'giffgaff SIM on O2 UK 234-10, matched by SPN "giffgaff"; the network accepts only giffgaff.com with PAP user gg / password p.',
    sim: { imsi: '234101234567890', iccid: '8944110012345678901F', spn: 'giffgaff', gid1: 'FFFF', efAd: '00000002' },
    network: { mcc: '234', mnc: '10', operatorName: 'O2 - UK', operatorShortName: 'O2', acceptedApns: ['giffgaff.com'], apnCredentials: { 'giffgaff.com': { user: 'gg', password: 'p' } } },
  },
  'tim-italy': {
    description: 'TIM Italy SIM: 2-digit MNC 222-01 whose IMSI 22201 1... also reads as 222-011 (in the Android table); EF_AD says 2; accepts ibox.tim.it.',
    sim: { imsi: '222011234567890', iccid: '8939010001234567890F', spn: 'TIM', efAd: '00000002' },
    network: { mcc: '222', mnc: '01', operatorName: 'TIM', operatorShortName: 'TIM', acceptedApns: ['ibox.tim.it'], apnCredentials: {} },
  },
  roaming: {
    description: `Freedom Mobile SIM (home ${HOME_NETWORK.mcc}-${HOME_NETWORK.mnc}) roaming on T-Mobile 310-260: the APN is the home network's ${HOME_NETWORK.apn}.`,
    sim: { imsi: HOME_NETWORK.imsi, iccid: HOME_NETWORK.iccid, spn: 'Freedom', efAd: '00000003' },
    network: { ...T_MOBILE_NETWORK, acceptedApns: [HOME_NETWORK.apn], roaming: true },
  },
  'us-mobile': {
    description: 'US Mobile SIM on 310-260 with no SPN and no GID1: T-Mobile\'s APN ranks first, but the network accepts only the second, PWG.',
    sim: { imsi: '310260555555555', iccid: '8901260555555555555F', gid1: 'FFFF', efAd: '00000003' },
    network: { ...T_MOBILE_NETWORK, acceptedApns: ['PWG'] },
  },
  'no-crsm': {
    description: 'Ultra Mobile SIM on 310-260 in a module whose firmware answers AT+CRSM with ERROR (no GID1, no EF_AD): the SPN "Ultra Mobile" still finds Wholesale.',
    sim: { imsi: '310260444444444', iccid: '8901260444444444444F', spn: 'Ultra Mobile', gid1: '6132FFFF', efAd: '00000003' },
    network: { ...T_MOBILE_NETWORK, acceptedApns: ['Wholesale'] },
    identity: { crsm: false },
  },
};

export function isSimProfileName(name: string): name is SimProfileName {
  return (SIM_PROFILE_NAMES as readonly string[]).includes(name);
}

/**
 * A fresh scenario state with the profile's SIM and network. The scenario's SIM status and network
 * faults stay (no-sim, pin-locked, no-signal, denied); contexts that held the default network's APN
 * (`good`) get the profile's first accepted APN, so `good` stays good.
 */
export function simProfileState(profile: SimProfileName, scenario: ScenarioName = 'seed'): TwinState {
  const p = SIM_PROFILES[profile];
  const s = scenarioState(scenario);
  s.sim = { ...s.sim, ...p.sim };
  if (p.identity) s.identity = { ...s.identity, ...p.identity };
  const { roaming, ...net } = p.network;
  s.network = {
    ...s.network,
    ...net,
    acceptedApns: [...net.acceptedApns],
    apnCredentials: Object.fromEntries(Object.entries(net.apnCredentials).map(([k, v]) => [k, { ...v }])),
  };
  if (roaming && s.network.coverage === 'home') s.network.coverage = 'roaming';
  const apn = net.acceptedApns[0] as string;
  const creds = net.apnCredentials[apn.toLowerCase()];
  for (const [cid, ctx] of s.nv.contexts) {
    if (ctx.apn !== HOME_NETWORK.apn) continue;
    ctx.apn = apn;
    if (creds) s.nv.auth.set(cid, { type: 1, user: creds.user, password: creds.password });
  }
  return s;
}
