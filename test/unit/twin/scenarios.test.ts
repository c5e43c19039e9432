// The scenarios: the simulated network must exist in the real MBPI database (Debian package
// mobile-broadband-provider-info), so the APN helper's suggestion is the APN the twin accepts.
import { readFileSync } from 'node:fs';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { executeLine } from '../../../src-main/twin/firmware.js';
import { HOME_NETWORK, SCENARIO_NAMES, isScenarioName, scenarioState } from '../../../src-main/twin/scenarios.js';
import { dataUp, registrationStat, settleNetwork } from '../../../src-main/twin/state.js';

const MBPI = '/usr/share/mobile-broadband-provider-info/serviceproviders.xml';

interface Apn {
  value: string;
  usage?: { type: string } | Array<{ type: string }>;
}
interface Provider {
  name: string | Array<string | { '#text': string }>;
  gsm?: { 'network-id'?: Array<{ mcc: string; mnc: string }>; apn?: Apn[] };
}

/** Internet APNs per "mcc-mnc" from the real DB. */
function internetApnsByNetwork(): Map<string, string[]> {
  const xml = readFileSync(MBPI, 'utf8');
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    isArray: (name) => ['country', 'provider', 'network-id', 'apn'].includes(name),
  });
  const doc = parser.parse(xml) as { serviceproviders: { country: Array<{ provider?: Provider[] }> } };
  const out = new Map<string, string[]>();
  for (const country of doc.serviceproviders.country) {
    for (const p of country.provider ?? []) {
      const apns = (p.gsm?.apn ?? [])
        .filter((a) => [a.usage ?? []].flat().some((u) => u.type === 'internet'))
        .map((a) => a.value);
      for (const id of p.gsm?.['network-id'] ?? []) {
        const key = `${id.mcc}-${id.mnc}`;
        out.set(key, [...(out.get(key) ?? []), ...apns]);
      }
    }
  }
  return out;
}

describe('the simulated home network', () => {
  const db = internetApnsByNetwork();

  it('is in the MBPI DB with the accepted APN as its only internet APN', () => {
    expect(db.get(`${HOME_NETWORK.mcc}-${HOME_NETWORK.mnc}`)).toEqual([HOME_NETWORK.apn]);
  });

  it('has an IMSI whose MNC length only the DB can tell (3 digits; the 2-digit reading is not a network)', () => {
    expect(HOME_NETWORK.imsi).toMatch(/^\d{15}$/);
    expect(HOME_NETWORK.imsi.startsWith(`${HOME_NETWORK.mcc}${HOME_NETWORK.mnc}`)).toBe(true);
    expect(db.has(`${HOME_NETWORK.imsi.slice(0, 3)}-${HOME_NETWORK.imsi.slice(3, 5)}`)).toBe(false);
  });

  it('accepts exactly that APN in every scenario', () => {
    for (const name of SCENARIO_NAMES) expect(scenarioState(name).network.acceptedApns).toEqual([HOME_NETWORK.apn]);
  });
});

describe('scenarios, once settled', () => {
  const settled = (name: (typeof SCENARIO_NAMES)[number]) => {
    const s = scenarioState(name);
    if (s.sim.status === 'ready') s.runtime.radio = 'camped';
    settleNetwork(s);
    return s;
  };

  it.each([
    // name, PID, registration stat, data up, cid 1 APN, cid 6 defined
    ['seed', 9011, 1, false, '', false],
    ['fresh', 9001, 1, false, '', false],
    ['good', 9011, 1, true, HOME_NETWORK.apn, true],
    ['no-sim', 9011, 0, false, HOME_NETWORK.apn, true],
    ['pin-locked', 9011, 0, false, HOME_NETWORK.apn, true],
    ['no-signal', 9011, 2, false, HOME_NETWORK.apn, true],
    ['denied', 9011, 3, false, HOME_NETWORK.apn, true],
  ] as const)('%s: PID %i, stat %i, data %s', (name, pid, stat, up, apn1, has6) => {
    const s = settled(name);
    expect(s.nv.usbPid).toBe(pid);
    expect(registrationStat(s)).toBe(stat);
    expect(dataUp(s)).toBe(up);
    expect(s.nv.contexts.get(1)?.apn).toBe(apn1);
    expect(s.nv.contexts.has(6)).toBe(has6);
  });

  it('seed answers AT+CUSBPIDSWITCH? with 9011 and an empty cid 1 APN', () => {
    const s = settled('seed');
    expect(executeLine(s, 'AT+CUSBPIDSWITCH?')?.lines).toEqual(['+CUSBPIDSWITCH: 9011']);
    expect(executeLine(s, 'AT+CGDCONT?')?.lines[0]).toBe('+CGDCONT: 1,"IP","","0.0.0.0",0,0,0,0');
  });

  it('gives every caller its own state', () => {
    const a = scenarioState('good');
    a.nv.contexts.delete(1);
    expect(scenarioState('good').nv.contexts.has(1)).toBe(true);
  });

  it('knows its names', () => {
    expect(isScenarioName('seed')).toBe(true);
    expect(isScenarioName('bogus')).toBe(false);
  });
});
