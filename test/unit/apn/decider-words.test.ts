// The APN decider's words on every face (issue 13): the SIM identity as text lines (masked, with what
// could not be read and why), its events as progress steps, a terminal user's answer to the ranked list,
// and a choice made before the run as the decider's options.
import { describe, expect, it } from 'vitest';
import { simIdentityLines, type SimIdentityView } from '../../../src-main/core/apn/sim-facts.js';
import { decideStep, simWords } from '../../../src-main/service/apn-decide-steps.js';
import { choiceOptions, type CandidateView } from '../../../src-main/service/apn-decider.js';
import { parseApnAnswer } from '../../../src-main/cli/apn-prompt.js';

const ready: SimIdentityView = { state: 'ready', imsi: '***********4321', iccid: '****************098F', spn: 'MetroPCS', gid1: '6D38FFFF', mncLength: 3, homeNetwork: '310-260', unreadable: [] };
const noCrsm: SimIdentityView = { state: 'ready', imsi: '***********4444', spn: 'Ultra Mobile', unreadable: [{ field: 'gid1', reason: 'AT+CRSM (EF_GID1) answered ERROR' }, { field: 'mncLength', reason: 'AT+CRSM (EF_AD) answered ERROR' }] };

describe('simIdentityLines', () => {
  it.each<[string, SimIdentityView, string[]]>([
    ['an MVNO SIM with every file (twin profile metropcs)', ready, ['IMSI ***********4321 (home network 310-260)', 'ICCID ****************098F', 'SPN "MetroPCS"', 'GID1 6D38FFFF', 'MNC length 3 (EF_AD)']],
    ['firmware without AT+CRSM (twin profile no-crsm)', noCrsm, ['IMSI ***********4444', 'SPN "Ultra Mobile"', 'GID1 not read: AT+CRSM (EF_GID1) answered ERROR', 'MNC length (EF_AD) not read: AT+CRSM (EF_AD) answered ERROR']],
    ['a SIM without SPN or GID1, EF_AD silent', { state: 'ready', unreadable: [] }, ['SPN: none on this SIM', 'GID1: none on this SIM', 'MNC length: not stated by the SIM']],
    ['a locked SIM', { state: 'locked', pinState: 'SIM PIN', unreadable: [] }, ['SIM locked (SIM PIN): its identity cannot be read']],
  ])('%s', (_name, sim, lines) => {
    expect(simIdentityLines(sim)).toEqual(lines);
  });
});

describe('decider events as steps', () => {
  const cand = (apn: string, name: string, reasons: string[]): CandidateView => ({ id: apn, apn, name, tier: 'host', source: 'android', ipType: 'IPV4V6', auth: 'none', reasons, carrierIds: [], androidIndexes: [], hasPassword: false });
  it('the SIM line, each try, a rollback and the winner', () => {
    expect(simWords(ready)).toBe('ready; SPN "MetroPCS", GID1 6D38FFFF, MNC length 3, home network 310-260, IMSI ***********4321');
    expect(simWords(noCrsm)).toBe('ready; SPN "Ultra Mobile", IMSI ***********4444; not readable: gid1, mncLength');
    const t = cand('fast.t-mobile.com', 'T-Mobile US', ['host network of 310-260 (Android entry "T-Mobile US")']);
    expect(decideStep({ type: 'try', index: 0, total: 2, candidate: t })).toEqual({ step: 'try-1', label: 'Trying APN "fast.t-mobile.com" (T-Mobile US)', state: 'running', detail: '1 of 2: host network of 310-260 (Android entry "T-Mobile US")' });
    expect(decideStep({ type: 'try-failed', index: 0, candidate: t, error: { code: 'no-address', message: 'No PDP address.', step: 'address' }, rolledBack: true })).toMatchObject({ step: 'try-1', state: 'failed', detail: 'No PDP address. The previous settings were put back.' });
    expect(decideStep({ type: 'won', index: 1, candidate: cand('PWG', 'US Mobile', []), addresses: [{ cid: 1, ipv4: '10.0.0.2' }] })).toMatchObject({ step: 'try-2', state: 'done', detail: 'data is up: 10.0.0.2' });
    expect(decideStep({ type: 'sim', sim: { state: 'absent', pinState: 'NOT INSERTED', unreadable: [] } })).toMatchObject({ step: 'sim', state: 'failed', detail: 'absent (NOT INSERTED)' });
  });
});

describe('parseApnAnswer (a terminal user answering the ranked list)', () => {
  const ids = ['android/310-260/t-mobile', 'android/310-260/us-mobile'];
  it.each([
    ['', { choice: { kind: 'try-all' } }],
    ['t', { choice: { kind: 'try-all' } }],
    [' 2 ', { choice: { kind: 'pick', id: 'android/310-260/us-mobile' } }],
    ['3', { again: 'Type a number from 1 to 2.' }],
    ['q', { cancel: true }],
    ['my.apn.example', { choice: { kind: 'manual', settings: { apn: 'my.apn.example', ipType: 'IPV4V6', username: '', password: '', auth: 'none' } } }],
  ])('%j', (answer, want) => {
    expect(parseApnAnswer(answer, ids)).toEqual(want);
  });

  it('refuses an APN that could not be sent, and "try" with nothing to try', () => {
    expect(parseApnAnswer('x";+CFUN=0', ids)).toEqual({ again: 'APN "x";+CFUN=0" is not allowed: use letters, digits and hyphens separated by dots, no hyphen at a label\'s start or end (3GPP TS 23.003 §9.1).' });
    expect(parseApnAnswer('', [])).toEqual({ again: 'There is no candidate to try: type the APN.' });
  });
});

describe('choiceOptions', () => {
  it('a pick or a typed APN is applied even when another APN carries data; try-all keeps skipIfWorking', async () => {
    expect(choiceOptions(undefined)).toEqual({});
    const all = choiceOptions({ kind: 'try-all' });
    expect(all.skipIfWorking).toBeUndefined();
    expect(await all.choose!({} as never)).toEqual({ kind: 'try-all' });
    expect(choiceOptions({ kind: 'pick', id: 'x' }).skipIfWorking).toBe(false);
  });
});
