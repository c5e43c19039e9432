// Named starting situations of the twin (issue 2). Each isolates one fault, so the doctor and the
// workflows can be tested against exactly one problem at a time.
//
// The simulated home network is Freedom Mobile, Canada, MCC 302 / MNC 490 (a 3-digit MNC): it is
// in the GNOME mobile-broadband-provider-info DB with the single internet APN
// `internet.freedommobile.ca` and no credentials, so the APN lookup (issue 5) suggests exactly the
// APN this network accepts, and the IMSI 302490... needs the DB to tell MNC length 3 from 2.
import { factoryContexts, freshRuntime, SIM7600G_H_IDENTITY, type NetworkModel, type PdpContext, type SimCard, type TwinState, type UsbPid } from './state.js';

export const SCENARIO_NAMES = ['seed', 'fresh', 'good', 'no-sim', 'pin-locked', 'no-signal', 'denied'] as const;
export type ScenarioName = (typeof SCENARIO_NAMES)[number];

/** The simulated operator; other parts' tests may use these facts (never hard-code them twice). */
export const HOME_NETWORK = {
  mcc: '302',
  mnc: '490',
  operatorName: 'Freedom Mobile',
  operatorShortName: 'Freedom',
  /** The internet APN of MCC 302 / MNC 490 in serviceproviders.xml (20230416). */
  apn: 'internet.freedommobile.ca',
  imsi: '302490123456789',
  // ITU-T E.118: 89 (telecom) + 30 + issuer; the trailing F is the nibble pad some SIMs report.
  iccid: '8930249020123456789F',
  pin: '1234',
  puk: '12345678',
} as const;

export const SCENARIO_DESCRIPTIONS: Readonly<Record<ScenarioName, string>> = {
  seed: 'RNDIS (9011), registered, cid 1 has no APN and there is no cid 6: a DHCP lease but no data (the SE question).',
  fresh: 'Factory state: PID 9001, registered, default contexts without APN: no data.',
  good: 'RNDIS (9011), APN set in cid 1 and cid 6, registered, data up.',
  'no-sim': 'RNDIS (9011) with good APNs, but no SIM inserted.',
  'pin-locked': `RNDIS (9011) with good APNs, SIM locked by PIN ${HOME_NETWORK.pin} (PUK ${HOME_NETWORK.puk}).`,
  'no-signal': 'RNDIS (9011) with good APNs, SIM ready, no coverage (searching forever, CSQ 99).',
  denied: 'RNDIS (9011) with good APNs, SIM ready, the network denies registration (stat 3).',
};

export function isScenarioName(name: string): name is ScenarioName {
  return (SCENARIO_NAMES as readonly string[]).includes(name);
}

function homeNetwork(): NetworkModel {
  return {
    coverage: 'home',
    mcc: HOME_NETWORK.mcc,
    mnc: HOME_NETWORK.mnc,
    operatorName: HOME_NETWORK.operatorName,
    operatorShortName: HOME_NETWORK.operatorShortName,
    rats: ['LTE', 'WCDMA', 'GSM'],
    rssi: 24,
    acceptedApns: [HOME_NETWORK.apn],
    apnCredentials: {},
    addressBase: '10.23.156.36',
    tac: 0x775c,
    cellId: 117004595,
    pci: 399,
    band: 4,
    earfcn: 2175,
  };
}

function readySim(): SimCard {
  return {
    status: 'ready',
    pin: HOME_NETWORK.pin,
    puk: HOME_NETWORK.puk,
    pinAttempts: 3,
    pukAttempts: 10,
    imsi: HOME_NETWORK.imsi,
    iccid: HOME_NETWORK.iccid,
  };
}

/** cid 1 and cid 6 with the operator's APN: the fix from the seed question. */
function goodContexts(): Map<number, PdpContext> {
  const contexts = factoryContexts();
  contexts.set(1, { type: 'IP', apn: HOME_NETWORK.apn, emergency: false });
  contexts.set(6, { type: 'IP', apn: HOME_NETWORK.apn, emergency: false });
  return contexts;
}

function build(usbPid: UsbPid, contexts: Map<number, PdpContext>, tweak?: (s: TwinState) => void): TwinState {
  const state: TwinState = {
    identity: { ...SIM7600G_H_IDENTITY },
    nv: { usbPid, contexts, auth: new Map(), cnmp: 2 },
    sim: readySim(),
    network: homeNetwork(),
    runtime: freshRuntime(),
  };
  tweak?.(state);
  return state;
}

/** A fresh state for the scenario (never shared: mutate freely). The runtime part is as after power-up. */
export function scenarioState(name: ScenarioName): TwinState {
  switch (name) {
    case 'seed':
      return build(9011, factoryContexts());
    case 'fresh':
      return build(9001, factoryContexts());
    case 'good':
      return build(9011, goodContexts());
    case 'no-sim':
      return build(9011, goodContexts(), (s) => {
        s.sim.status = 'absent';
      });
    case 'pin-locked':
      return build(9011, goodContexts(), (s) => {
        s.sim.status = 'pin';
      });
    case 'no-signal':
      return build(9011, goodContexts(), (s) => {
        s.network.coverage = 'none';
        s.network.rssi = 99;
      });
    case 'denied':
      return build(9011, goodContexts(), (s) => {
        s.network.coverage = 'denied';
      });
  }
}
