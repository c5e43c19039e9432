// The suggestion from what the modem reports (AT+CIMI, AT+COPS?, AT+CPSI?, AT+CxREG?), read from
// the twin over a real PTY: at home, and roaming in another country (issue 5).
import { afterEach, describe, expect, it } from 'vitest';
import { readSimFacts, suggestForModem } from '../../../src-main/service/apn-modem.js';
import { apnLookup } from '../../../src-main/service/apn-db.js';
import { HOME_NETWORK } from '../../../src-main/twin/scenarios.js';
import { twinRig, type TwinRig } from './twin-pty.js';

let rig: TwinRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

describe('suggestForModem on the twin', () => {
  it('at home: reads IMSI, operator and serving cell, and ranks Freedom Mobile first', async () => {
    rig = await twinRig();
    const modem = await rig.connect();
    const { facts, suggestion } = await suggestForModem(modem, apnLookup());
    expect(facts).toMatchObject({ imsi: HOME_NETWORK.imsi, operatorName: HOME_NETWORK.operatorName, servingNetwork: '302-490', registration: 'home', roaming: false });
    expect(suggestion.basis).toBe('imsi');
    expect(suggestion.candidates[0]!.id).toBe('ca/freedom-mobile/0');
  });

  it('roaming in Germany (serving 262-02 "Vodafone.de", stat 5): still the home carrier from the IMSI', async () => {
    rig = await twinRig({ scenario: 'good' });
    rig.twin.update((s) => {
      s.network.coverage = 'roaming';
      s.network.mcc = '262';
      s.network.mnc = '02';
      s.network.operatorName = 'Vodafone.de';
      s.network.operatorShortName = 'Vodafone';
    });
    const modem = await rig.connect();
    const facts = await readSimFacts(modem);
    expect(facts).toMatchObject({ servingNetwork: '262-02', operatorName: 'Vodafone.de', roaming: true });
    const { suggestion } = await suggestForModem(modem, apnLookup());
    expect(suggestion.roaming).toBe(true);
    expect(suggestion.basis).toBe('imsi');
    expect(suggestion.candidates[0]!.id).toBe('ca/freedom-mobile/0');
    expect(suggestion.candidates.some((c) => c.provider === 'Vodafone')).toBe(false);
  });

  it('no SIM: no IMSI, nothing suggested by IMSI', async () => {
    rig = await twinRig({ scenario: 'no-sim' });
    const modem = await rig.connect();
    const { facts, suggestion } = await suggestForModem(modem, apnLookup());
    expect(facts.imsi).toBeUndefined();
    expect(suggestion.basis).not.toBe('imsi');
  });
});
