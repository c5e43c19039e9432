// The Carrier & APN screen's issue 13 parts, driven by role queries against the real service on the twin
// with SIM profiles: the SIM identity (masked), the decider's ranking with each candidate's reasons,
// "Try them in this order" (a failed try rolled back, the next wins) and "Use" one; Get online going
// through the same decider for an MVNO SIM; the APN data attribution in Settings' About.
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import ApnScreen from '../../../src-renderer/src/screens/ApnScreen.svelte';
import HomeScreen from '../../../src-renderer/src/screens/HomeScreen.svelte';
import SettingsScreen from '../../../src-renderer/src/screens/SettingsScreen.svelte';
import ApnRanking from '../../../src-renderer/src/components/ApnRanking.svelte';
import SimIdentity from '../../../src-renderer/src/components/SimIdentity.svelte';
import type { ApnRankingView, CandidateView, SimIdentityView } from '../../../src-main/api/contract.js';
import { TEST_TIMINGS } from '../../../src-main/twin/twin.js';
import { demoApp, type DemoApp } from './demo-app.js';

let demo: DemoApp | undefined;
afterEach(async () => {
  cleanup();
  await demo?.close();
  demo = undefined;
});

const T = { timeout: 10_000 };

describe('SimIdentity', () => {
  it('shows masked IMSI/ICCID, SPN, GID1, MNC length and what could not be read with why', () => {
    const sim: SimIdentityView = { state: 'ready', imsi: '***********4444', iccid: '****************444F', spn: 'Ultra Mobile', homeNetwork: '310-260', unreadable: [{ field: 'gid1', reason: 'AT+CRSM (EF_GID1) answered ERROR' }, { field: 'mncLength', reason: 'AT+CRSM (EF_AD) answered ERROR' }] };
    render(SimIdentity, { props: { sim } });
    const card = screen.getByRole('group', { name: 'Your SIM' });
    expect(within(card).getByText('***********4444')).toBeTruthy();
    expect(within(card).getByText('Ultra Mobile')).toBeTruthy();
    expect(within(card).queryByText('GID1')).toBeNull();
    const unread = within(card).getByRole('list', { name: 'Not read from the SIM' });
    expect(within(unread).getAllByRole('listitem').map((l) => l.textContent)).toEqual(['GID1 not read: AT+CRSM (EF_GID1) answered ERROR', 'MNC length not read: AT+CRSM (EF_AD) answered ERROR']);
  });

  it('a SIM that is not ready says so and shows nothing else', () => {
    render(SimIdentity, { props: { sim: { state: 'locked', pinState: 'SIM PIN', unreadable: [] } } });
    expect(screen.getByText('Locked (needs its PIN)')).toBeTruthy();
    expect(screen.queryByText('IMSI')).toBeNull();
  });
});

describe('ApnRanking', () => {
  const c = (apn: string, name: string, reasons: string[], tier: CandidateView['tier'] = 'host'): CandidateView => ({ id: `x/${apn}`, apn, name, tier, source: 'android', ipType: 'IPV4V6', auth: 'none', reasons, carrierIds: [], androidIndexes: [1], hasPassword: false });
  const ranking: ApnRankingView = { home: { pairs: ['310-260'], mcc: '310', mncLengthFrom: 'ef-ad' }, roaming: false, standout: false, decision: 'try-in-order', notes: [], unusable: [], candidates: [c('fast.t-mobile.com', 'T-Mobile US', ['host network of 310-260 (Android entry "T-Mobile US")']), c('PWG', 'US Mobile', ['host network of 310-260 (Android entry "US Mobile")'])] };

  it('lists every candidate with its reasons, and says they are tried in order', async () => {
    const picked: string[] = [];
    let all = 0;
    render(ApnRanking, { props: { ranking, ontryall: () => all++, onpick: (x: CandidateView) => picked.push(x.id) } });
    const items = within(screen.getByRole('list', { name: 'APN candidates' })).getAllByTestId('apn-candidate');
    expect(items).toHaveLength(2);
    const why = within(screen.getByRole('list', { name: 'Why PWG' })).getAllByRole('listitem');
    expect(why.map((l) => l.textContent)).toEqual(['host network of 310-260 (Android entry "US Mobile")']);
    // The MCC-MNC pair says what its two codes are.
    expect([...why[0]!.querySelectorAll('abbr')].map((a) => `${a.textContent} ${a.title}`)).toEqual(['310 Mobile Country Code', '260 Mobile Network Code']);
    expect(screen.getByText(/simhat tries them in this order/)).toBeTruthy();
    await fireEvent.click(screen.getByRole('button', { name: 'Use PWG (US Mobile)' }));
    await fireEvent.click(screen.getByRole('button', { name: 'Try them in this order' }));
    expect([picked, all]).toEqual([['x/PWG'], 1]);
  });

  it('no candidate: the plain-words request for an APN, no buttons', () => {
    render(ApnRanking, { props: { ranking: { ...ranking, candidates: [], decision: 'ask-for-apn', askForApn: 'Please type the APN your mobile provider gives for data.' }, ontryall: () => {}, onpick: () => {} } });
    expect(screen.getByRole('status').textContent).toBe('Please type the APN your mobile provider gives for data.');
    expect(screen.queryByRole('button')).toBeNull();
  });
});

describe('Carrier & APN screen with the decider', () => {
  it('metropcs: the SIM identity and the ranking with the GID1 reason; "Use" applies it, verified', async () => {
    demo = await demoApp('seed', TEST_TIMINGS, 'metropcs');
    render(ApnScreen, { props: { app: demo.app } });
    const sim = await screen.findByRole('group', { name: 'Your SIM' }, T);
    expect(within(sim).getByText('***********4321')).toBeTruthy();
    expect(within(sim).getByText('6D38FFFF')).toBeTruthy();
    expect(within(sim).getByText('MetroPCS')).toBeTruthy();
    expect(sim.textContent).not.toContain('310260987654321');
    const why = screen.getByRole('list', { name: 'Why fast.metropcs.com' });
    expect(within(why).getByText('GID1 \'6D\' matches (Android entry "MetroPCS 260")')).toBeTruthy();
    await fireEvent.click(screen.getByRole('button', { name: 'Use fast.metropcs.com (MetroPCS 260)' }));
    const verified = await screen.findByTestId('apn-verified', {}, T);
    expect(verified.textContent).toMatch(/^Verified: APN "fast\.metropcs\.com" \(MetroPCS 260\) brings data up: GID1 '6D' matches/);
    expect(demo.env.twin.dataUp).toBe(true);
  });

  it('us-mobile: "Try them in this order" — the first fails and is rolled back, PWG wins; each try is a step', async () => {
    demo = await demoApp('seed', { ...TEST_TIMINGS }, 'us-mobile');
    render(ApnScreen, { props: { app: demo.app } });
    await screen.findByRole('list', { name: 'APN candidates' }, T);
    // The twin's network takes a while to refuse an APN: the apply's own waits (30 s) would be slow here.
    const api = demo.app.api;
    const apply = api.applyApn.bind(api);
    api.applyApn = (q) => apply({ ...q, timeoutMs: 600 });
    await fireEvent.click(screen.getByRole('button', { name: /^Try them in this order/ }));
    const verified = await screen.findByTestId('apn-verified', {}, { timeout: 20_000 });
    expect(verified.textContent).toMatch(/APN "PWG" \(US Mobile\) brings data up.*Tried before it: "fast\.t-mobile\.com" \(no-address, rolled back\)/);
    const steps = within(screen.getByRole('list', { name: 'APN apply progress' })).getAllByRole('listitem');
    const text = steps.map((s) => `${s.className}: ${s.textContent}`);
    expect(text.find((t) => t.includes('Trying APN "fast.t-mobile.com"'))).toMatch(/^failed/);
    expect(text.find((t) => t.includes('Trying APN "PWG"'))).toMatch(/^done/);
  }, 30_000);
});

describe('Get online through the decider', () => {
  it('an MVNO SIM (MetroPCS, GID1) goes online on the MVNO\'s APN without asking which carrier', async () => {
    demo = await demoApp('seed', TEST_TIMINGS, 'metropcs');
    render(HomeScreen, { props: { app: demo.app, pollMs: 200 } });
    await waitFor(() => expect(screen.getByTestId('home-action').textContent?.trim()).toBe('Get online'), T);
    await fireEvent.click(screen.getByTestId('home-action'));
    const result = await screen.findByTestId('flow-result', {}, { timeout: 20_000 });
    await waitFor(() => expect(result.textContent).toMatch(/^Online via LTE as backup/), T);
    const steps = within(screen.getByRole('list', { name: 'Get online progress' })).getAllByRole('listitem');
    expect(steps[2]!.textContent).toContain('fast.metropcs.com');
    expect(screen.queryByText(/choose yours/)).toBeNull();
    expect(demo.env.twin.snapshot().nv.contexts.get(1)?.apn).toBe('fast.metropcs.com');
  }, 30_000);
});

describe('About (Settings)', () => {
  it('shows the APN data sources with their licenses', async () => {
    demo = await demoApp('seed');
    render(SettingsScreen, { props: { app: demo.app } });
    const list = await screen.findByRole('list', { name: 'APN data sources' }, T);
    const items = within(list).getAllByTestId('apn-attribution');
    expect(items[0]!.textContent).toMatch(/Android carrier APN list \(apns-conf\.xml\).*Copyright 2016-2024 The LineageOS Project.*License: Apache License 2\.0/s);
    expect(items[1]!.textContent).toMatch(/GNOME mobile-broadband-provider-info.*Public domain/s);
  });
});
