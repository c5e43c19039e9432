// The APN decider through the Api (issue 13), on the demo twin with a SIM profile (the service as every
// face gets it): suggestApn carries the SIM identity and the ranking with reasons (issue 5's fields kept),
// getStatus the masked identity, applyApn without an APN or with the user's `choice` runs the decider with
// its events as progress data, connect and the doctor's fix choose the same APN, appInfo the attribution.
import { afterEach, describe, expect, it } from 'vitest';
import type { ApnApplyResult, ConnectResult, DecideResult, OperationEndEvent, ProgressEvent } from '../../../src-main/api/contract.js';
import { createDemoEnv } from '../../../src-main/compose/twin-root.js';
import { createService, type Service } from '../../../src-main/service/service.js';
import { SIM_PROFILES, type SimProfileName } from '../../../src-main/twin/sim-profiles.js';
import { TEST_TIMINGS } from '../../../src-main/twin/twin.js';

const MODEM = 'usb:1-1.3';
let service: Service | undefined;
let env: ReturnType<typeof createDemoEnv> | undefined;
afterEach(async () => {
  await service?.close();
  service = undefined;
  env = undefined;
});

async function start(sim: SimProfileName, scenario = 'seed'): Promise<Service> {
  env = createDemoEnv({ scenario, sim, version: 't', platform: 'linux', timings: TEST_TIMINGS, netStepMs: 2 });
  service = createService({ ...env, targetEnv: {} });
  await service.listModems({});
  return service;
}

async function run(s: Service, begin: () => Promise<{ opId: string }>): Promise<{ end: OperationEndEvent; progress: ProgressEvent[] }> {
  const progress: ProgressEvent[] = [];
  const op: { id?: string } = {};
  const early: (ProgressEvent | OperationEndEvent)[] = [];
  let done: (e: OperationEndEvent) => void = () => {};
  const ended = new Promise<OperationEndEvent>((r) => (done = r));
  const off = s.onEvent((e) => {
    if (e.type !== 'progress' && e.type !== 'operation-end') return;
    if (!op.id) return void early.push(e);
    if (e.opId !== op.id) return;
    if (e.type === 'progress') progress.push(e);
    else done(e);
  });
  op.id = (await begin()).opId;
  for (const e of early.filter((x) => x.opId === op.id)) {
    if (e.type === 'progress') progress.push(e);
    else done(e);
  }
  const end = await ended;
  off();
  return { end, progress };
}

const dataTypes = (p: ProgressEvent[]) => p.map((e) => (e.data as { type?: string } | undefined)?.type).filter(Boolean);

describe('suggestApn and getStatus', () => {
  it('metropcs: the SIM identity (masked) and the ranking with reasons; issue 5 fields still there', async () => {
    const s = await start('metropcs');
    const r = await s.suggestApn({ modemId: MODEM });
    expect(r.sim).toMatchObject({ state: 'ready', spn: 'MetroPCS', gid1: '6D38FFFF', mncLength: 3, homeNetwork: '310-260', imsi: '***********4321', iccid: '****************098F' });
    expect(r.ranking?.candidates[0]).toMatchObject({ apn: 'fast.metropcs.com', tier: 'sim-match', reasons: ['GID1 \'6D\' matches (Android entry "MetroPCS 260")'] });
    for (const c of r.ranking!.candidates) expect(c.reasons.length).toBeGreaterThan(0);
    expect(r.ranking?.candidates.some((c) => 'password' in c)).toBe(false);
    expect(r.message).toMatch(/^\d+ candidates for this SIM; first "fast\.metropcs\.com" \(MetroPCS 260\): GID1 '6D' matches/);
    // Issue 5's answer, as scripts read it.
    expect(r.mccMnc).toBe('310-260');
    expect(r.presets.length).toBeGreaterThan(1);
    expect(r.detail?.sim.imsi).toBe(SIM_PROFILES.metropcs.sim.imsi);
    expect(r.detail?.suggestion.basis).toBe('imsi');
  });

  it('no SIM: said first, no ranking', async () => {
    const s = await start('metropcs', 'no-sim');
    const r = await s.suggestApn({ modemId: MODEM });
    expect(r.sim?.state).toBe('absent');
    expect(r.ranking).toBeNull();
    expect(r.message).toBe('No SIM card is inserted (or the modem cannot read it).');
  });

  it('getStatus: simIdentity masked, imsi/iccid fields as before', async () => {
    const s = await start('giffgaff');
    const st = await s.getStatus({ modemId: MODEM });
    expect(st.imsi).toBe(SIM_PROFILES.giffgaff.sim.imsi);
    expect(st.simIdentity).toMatchObject({ state: 'ready', spn: 'giffgaff', mncLength: 2, imsi: '***********7890', unreadable: [] });
    // The SIM files are read once per SIM: a second look sends no AT+CRSM.
    const before = env!.twin.receivedCommands.length;
    await s.getStatus({ modemId: MODEM });
    expect(env!.twin.receivedCommands.slice(before).filter((c) => c.startsWith('AT+CRSM') || c === 'AT+CSPN?')).toEqual([]);
  });
});

describe('applyApn through the decider', () => {
  it('no APN named: decides, applies, reports which won, remembers it for the SIM', async () => {
    const s = await start('metropcs');
    const { end, progress } = await run(s, () => s.applyApn({ modemId: MODEM }));
    expect(end.ok, JSON.stringify(end.error)).toBe(true);
    const r = end.result as ApnApplyResult;
    expect(r.decision).toMatchObject({ outcome: 'applied', apn: 'fast.metropcs.com', winner: { name: 'MetroPCS 260' } });
    expect(r.cids).toEqual([1, 6]);
    expect(r.detail).toMatch(/^APN "fast\.metropcs\.com" \(MetroPCS 260\) brings data up: GID1 '6D' matches/);
    expect(dataTypes(progress)).toEqual(expect.arrayContaining(['sim', 'ranked', 'plan', 'try', 'context-written', 'verified', 'won', 'remembered']));
    expect(progress.find((e) => e.step === 'sim')?.detail).toMatch(/^ready; SPN "MetroPCS", GID1 6D38FFFF, MNC length 3, home network 310-260, IMSI \*+4321/);
    const book = await s.presetBook({});
    expect(book.presets.map((p) => [p.apn, p.sim?.imsiLast4])).toEqual([['fast.metropcs.com', '4321']]);
  });

  it('us-mobile, the user picks the second candidate: only that one is tried', async () => {
    const s = await start('us-mobile');
    const ranking = (await s.suggestApn({ modemId: MODEM })).ranking!;
    expect(ranking.candidates.slice(0, 2).map((c) => c.apn)).toEqual(['fast.t-mobile.com', 'PWG']);
    const { end } = await run(s, () => s.applyApn({ modemId: MODEM, choice: { kind: 'pick', id: ranking.candidates[1]!.id } }));
    const d = (end.result as ApnApplyResult).decision!;
    expect(d.tries.map((t) => [t.candidate.apn, t.ok])).toEqual([['PWG', true]]);
    expect(env!.twin.receivedCommands).not.toContain('AT+CGDCONT=1,"IPV4V6","fast.t-mobile.com"');
  });

  it('us-mobile, "try them": the first fails and is rolled back, the second wins; the op result says both', async () => {
    const s = await start('us-mobile');
    const { end, progress } = await run(s, () => s.applyApn({ modemId: MODEM, choice: { kind: 'try-all' }, timeoutMs: 800 }));
    const d = (end.result as ApnApplyResult).decision!;
    expect(d.tries.map((t) => [t.candidate.apn, t.ok, t.rolledBack ?? null])).toEqual([
      ['fast.t-mobile.com', false, true],
      ['PWG', true, null],
    ]);
    expect(progress.find((e) => e.step === 'try-1' && e.state === 'failed')?.detail).toMatch(/did not accept APN "fast\.t-mobile\.com".*put back/);
  });

  it('a typed APN (manual) the network refuses: fails with the decision as the result, settings restored', async () => {
    const s = await start('t-mobile');
    const { end } = await run(s, () => s.applyApn({ modemId: MODEM, choice: { kind: 'manual', settings: { apn: 'wrong.example', ipType: 'IPV4V6', username: '', password: '', auth: 'none' } }, timeoutMs: 500 }));
    expect(end.ok).toBe(false);
    const d = (end.result as { decision: DecideResult }).decision;
    expect(d).toMatchObject({ outcome: 'all-failed', tries: [{ candidate: { apn: 'wrong.example', tier: 'user' }, ok: false, rolledBack: true }] });
    expect(env!.twin.snapshot().nv.contexts.get(1)?.apn).toBe('');
  });

  it('refuses a bad typed APN, or a choice with a preset, before the port is touched', async () => {
    const s = await start('t-mobile');
    const sent = env!.twin.receivedCommands.length;
    await expect(s.applyApn({ modemId: MODEM, choice: { kind: 'manual', settings: { apn: 'x";+CFUN=0', ipType: 'IP', username: '', password: '', auth: 'none' } } })).rejects.toMatchObject({ code: 'invalid-argument' });
    await expect(s.applyApn({ modemId: MODEM, choice: { kind: 'try-all' }, presetId: 'us/t-mobile/0' })).rejects.toMatchObject({ code: 'invalid-argument', field: 'choice' });
    await expect(s.connect({ modemId: MODEM, choice: { kind: 'try-all' }, presetId: 'us/t-mobile/0' })).rejects.toMatchObject({ code: 'invalid-argument', field: 'choice' });
    // (the modem's identification on arrival may still talk; nothing is written)
    expect(env!.twin.receivedCommands.slice(sent).filter((c) => /^AT\+(CGDCONT|CGAUTH|CFUN)=/.test(c))).toEqual([]);
  });

  it('a SIM locked by its PIN: said before any APN is written', async () => {
    const s = await start('metropcs', 'pin-locked');
    const { end } = await run(s, () => s.applyApn({ modemId: MODEM }));
    expect(end.error).toMatchObject({ code: 'sim-not-ready', message: 'The SIM is locked and asks for its PIN.' });
    expect(env!.twin.receivedCommands.some((c) => c.startsWith('AT+CGDCONT='))).toBe(false);
  });
});

describe('connect and the doctor\'s fix through the Api choose the same APN', () => {
  it.each(['t-mobile', 'metropcs', 'giffgaff'] as const)('%s', async (profile) => {
    const s = await start(profile);
    const { end, progress } = await run(s, () => s.connect({ modemId: MODEM, noProbes: true }));
    expect(end.ok, JSON.stringify(end.error)).toBe(true);
    const c = end.result as ConnectResult;
    expect(c.decision?.outcome).toBe('applied');
    // The APN stage's line follows the decider (the UI's Get online shows it).
    expect(progress.filter((e) => e.step === 'apn').at(-1)).toMatchObject({ state: 'done', detail: expect.stringContaining(`APN "${c.apn}"`) });
    await s.close();

    const other = await start(profile);
    const fix = await run(other, () => other.applyFix({ modemId: MODEM, fixId: 'apply-apn' }));
    expect(fix.end.ok, JSON.stringify(fix.end.error)).toBe(true);
    expect((fix.end.result as ApnApplyResult).decision?.apn).toBe(c.apn);
    expect(env!.twin.snapshot().nv.contexts.get(1)?.apn).toBe(c.apn);
  });
});

describe('appInfo', () => {
  it('carries the APN data attribution (Android list under Apache-2.0, MBPI with its version)', async () => {
    const s = await start('t-mobile');
    const info = await s.appInfo({});
    expect(info.apnData?.map((a) => a.license)).toEqual(['Apache License 2.0', expect.stringMatching(/^Public domain/)]);
    expect(info.apnData?.[0]?.copyright).toContain('Copyright 2016-2024 The LineageOS Project');
    expect(info.apnData?.[1]?.version).toMatch(/^Debian package version \d/);
  });
});
