// The apply workflow against the twin on a real PTY through the real serialport (issue 5):
// seed -> data up on contexts 1 and 6; a wrong APN fails and the previous contexts come back
// exactly; the port vanishing mid-apply; cancel; try-candidates; injection attempts send nothing.
import { afterEach, describe, expect, it } from 'vitest';
import type { ApnTarget } from '../../../src-main/core/apn/apply-plan.js';
import { ApplyJournal } from '../../../src-main/service/apn-journal.js';
import { readApnState } from '../../../src-main/service/apn-modem.js';
import { applyApn, runApplyApn, type ApplyEvent, type ApplyTimeouts } from '../../../src-main/service/apn.js';
import { HOME_NETWORK } from '../../../src-main/twin/scenarios.js';
import { twinRig, type TwinRig } from './twin-pty.js';

// Twin TEST_TIMINGS register in ~60 ms; these keep a failing apply short.
const timeouts: Partial<ApplyTimeouts> = { simReadyMs: 3000, registrationMs: 3000, addressMs: 800, pollMs: 40 };
const good: ApnTarget = { apn: HOME_NETWORK.apn, ipType: 'IPV4V6', auth: 'none', label: 'ca/freedom-mobile/0' };

let rig: TwinRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

const contextsOf = (r: TwinRig) =>
  Object.fromEntries(
    [...r.twin.snapshot().nv.contexts.entries()].map(([cid, c]) => [cid, `${c.type} "${c.apn}"`]),
  );

describe('apply APN on the twin (seed scenario: cid 1 without APN, no cid 6)', () => {
  it('brings data up: contexts 1 and 6 read back with the APN, AT+CGPADDR has an address', async () => {
    rig = await twinRig();
    const modem = await rig.connect();
    const events: ApplyEvent[] = [];
    const result = await runApplyApn(modem, { targets: [good], timeouts, journal: new ApplyJournal({ dir: rig.configDir }) }, (e) => events.push(e));

    expect(result.error).toBeUndefined();
    expect(result.ok).toBe(true);
    expect(result.contexts).toEqual([1, 6]); // from the catalog: SIM7600 on 9011 (RNDIS)
    expect(result.addresses.find((a) => a.cid === 1)?.ipv4).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect(rig.twin.dataUp).toBe(true);

    // Read back on the modem through a fresh look.
    const state = await readApnState(modem);
    for (const cid of [1, 6]) expect(state.contexts.find((c) => c.cid === cid)).toMatchObject({ pdpType: 'IPV4V6', apn: HOME_NETWORK.apn });
    expect(state.addresses.find((a) => a.cid === 1)?.ipv4).toBeDefined();

    // Progress events in order, ending with finished.
    const kinds = events.map((e) => (e.type === 'reattach' ? `reattach:${e.phase}` : e.type));
    expect(kinds).toEqual([
      'validated',
      'device',
      'saved',
      'candidate',
      'context-written',
      'auth-written',
      'context-written',
      'auth-written',
      'verified',
      'reattach:radio-off',
      'reattach:radio-on',
      'reattach:sim-ready',
      'reattach:registered',
      'reattach:address',
      'finished',
    ]);
    // What went over the wire: SIMCom order, no auth -> CGAUTH type 0, then the CFUN cycle.
    const sent = rig.twin.receivedCommands;
    expect(sent).toEqual(
      expect.arrayContaining([`AT+CGDCONT=1,"IPV4V6","${HOME_NETWORK.apn}"`, 'AT+CGAUTH=1,0', `AT+CGDCONT=6,"IPV4V6","${HOME_NETWORK.apn}"`, 'AT+CGAUTH=6,0', 'AT+CFUN=0', 'AT+CFUN=1']),
    );
    expect(sent.indexOf('AT+CFUN=0')).toBeGreaterThan(sent.indexOf(`AT+CGDCONT=6,"IPV4V6","${HOME_NETWORK.apn}"`));
    // A finished run leaves no journal.
    expect(await new ApplyJournal({ dir: rig.configDir }).read(rig.twin.snapshot().identity.imei)).toBeUndefined();
  });

  it('credentials go out password before user (SIMCom AT+CGAUTH) and read back', async () => {
    rig = await twinRig();
    rig.twin.update((s) => {
      s.network.apnCredentials[HOME_NETWORK.apn] = { user: 'alice', password: 'secret' };
    });
    const modem = await rig.connect();
    const result = await runApplyApn(modem, { targets: [{ ...good, auth: 'chap', username: 'alice', password: 'secret' }], timeouts });
    expect(result.ok).toBe(true);
    expect(rig.twin.receivedCommands).toContain('AT+CGAUTH=1,2,"secret","alice"');
    expect(rig.twin.receivedCommands).toContain('AT+CGAUTH=6,2,"secret","alice"');
    expect(rig.twin.snapshot().nv.auth.get(6)).toEqual({ type: 2, user: 'alice', password: 'secret' });
  });

  it('a wrong APN: failure reported, previous contexts and auth restored exactly', async () => {
    rig = await twinRig();
    const before = contextsOf(rig);
    const authBefore = [...rig.twin.snapshot().nv.auth.entries()];
    const modem = await rig.connect();
    const authReadBefore = await modem.auths();
    const events: ApplyEvent[] = [];
    const result = await runApplyApn(modem, { targets: [{ apn: 'wrong.example', ipType: 'IP', auth: 'none' }], timeouts, journal: new ApplyJournal({ dir: rig.configDir }) }, (e) =>
      events.push(e),
    );

    expect(result.ok).toBe(false);
    expect(result.error).toMatchObject({ code: 'no-address', step: 'address' });
    expect(result.error!.message).toContain('wrong.example');
    expect(result.restore).toMatchObject({ attempted: true, ok: true, exact: true, cids: [1, 6], mismatches: [], errors: [] });
    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(['restoring', 'restored', 'finished']));
    // Exactly as before: cid 1 IP "", no cid 6, same auth table.
    expect(contextsOf(rig)).toEqual(before);
    expect(rig.twin.snapshot().nv.contexts.has(6)).toBe(false);
    expect([...rig.twin.snapshot().nv.auth.entries()]).toEqual(authBefore);
    expect(await modem.auths()).toEqual(authReadBefore);
    expect(rig.twin.receivedCommands).toContain('AT+CGDCONT=6'); // cid 6 did not exist: deleted again
    expect(rig.twin.snapshot().runtime.cfun).toBe(1); // radio back on
    expect(await new ApplyJournal({ dir: rig.configDir }).read(rig.twin.snapshot().identity.imei)).toBeUndefined();
  });

  it('from the good state, a failing apply puts the working APN back on 1 and 6', async () => {
    rig = await twinRig({ scenario: 'good' });
    const before = contextsOf(rig);
    const modem = await rig.connect();
    const result = await runApplyApn(modem, { targets: [{ apn: 'nope.example', ipType: 'IPV4V6', auth: 'none' }], timeouts });
    expect(result.ok).toBe(false);
    expect(result.restore?.exact).toBe(true);
    expect(contextsOf(rig)).toEqual(before);
  });

  it('try candidates: the first APN fails, the second brings data up', async () => {
    rig = await twinRig();
    const modem = await rig.connect();
    const events: ApplyEvent[] = [];
    const result = await runApplyApn(modem, { targets: [{ apn: 'old.example', ipType: 'IPV4V6', auth: 'none', label: 'first' }, good], timeouts }, (e) => events.push(e));
    expect(result.ok).toBe(true);
    expect(result.apn).toBe(HOME_NETWORK.apn);
    expect(result.failedCandidates.map((f) => [f.apn, f.error.code])).toEqual([['old.example', 'no-address']]);
    expect(events.filter((e) => e.type === 'candidate-failed')).toHaveLength(1);
    expect(rig.twin.dataUp).toBe(true);
  });

  it('cancel during the re-attach: the previous contexts are restored', async () => {
    rig = await twinRig();
    const before = contextsOf(rig);
    const modem = await rig.connect();
    const controller = new AbortController();
    const events: ApplyEvent[] = [];
    for await (const e of applyApn(modem, { targets: [good], timeouts, signal: controller.signal })) {
      events.push(e);
      if (e.type === 'reattach' && e.phase === 'radio-off') controller.abort();
    }
    const finished = events.at(-1);
    expect(finished?.type).toBe('finished');
    if (finished?.type !== 'finished') return;
    expect(finished.result.ok).toBe(false);
    expect(finished.result.error?.code).toBe('cancelled');
    expect(finished.result.restore?.exact).toBe(true);
    expect(contextsOf(rig)).toEqual(before);
  });

  it('the port vanishing mid-apply: a clear error, the journal keeps the old state, and the next run finds consistent contexts', async () => {
    rig = await twinRig();
    const journal = new ApplyJournal({ dir: rig.configDir });
    const imei = rig.twin.snapshot().identity.imei;
    const modem = await rig.connect();
    // Pull the cable right after the first context was written: cid 1 changed, cid 6 not yet.
    const twin = rig.twin;
    const pull = (entry: { line: string }) => {
      if (!entry.line.startsWith('AT+CGDCONT=1,')) return;
      twin.off('command', pull);
      setImmediate(() => twin.unplug());
    };
    twin.on('command', pull);
    const result = await runApplyApn(modem, { targets: [good], timeouts, journal });
    expect(result.ok).toBe(false);
    expect(result.error).toMatchObject({ code: 'port-closed' });
    expect(result.error!.hint).toMatch(/Reconnect/);
    expect(result.restore).toMatchObject({ attempted: false });
    expect(result.restore!.reason).toMatch(/journal/);
    const pending = await journal.read(imei);
    expect(pending?.saved).toEqual([{ cid: 1, context: { pdpType: 'IP', apn: '' }, auth: { authType: 0, user: '', password: '' } }, { cid: 6 }]);
    // Half-written: exactly the state the journal protects against.
    expect(twin.snapshot().nv.contexts.get(1)?.apn).toBe(HOME_NETWORK.apn);
    expect(twin.snapshot().nv.contexts.has(6)).toBe(false);

    // The cable is back. `apn show` reports the interrupted apply.
    twin.plug();
    await rig.binding.waitForPort(5000);
    await new Promise((r) => setTimeout(r, 250)); // past the twin's SIM-busy window after boot
    const again = await rig.connect();
    const state = await readApnState(again, journal);
    expect(state.pendingJournal).toMatchObject({ applying: HOME_NETWORK.apn, cids: [1, 6] });

    // A failing next run restores the state from BEFORE the interrupted run, not the half-written one.
    const failing = await runApplyApn(again, { targets: [{ apn: 'wrong.example', ipType: 'IP', auth: 'none' }], timeouts, journal });
    expect(failing.ok).toBe(false);
    expect(failing.error?.code).toBe('no-address');
    expect(failing.restore).toMatchObject({ attempted: true, exact: true });
    expect(twin.snapshot().nv.contexts.get(1)).toMatchObject({ type: 'IP', apn: '' });
    expect(twin.snapshot().nv.contexts.has(6)).toBe(false);
    expect(await journal.read(imei)).toBeUndefined();

    // And a good run then sets both contexts consistently.
    const ok = await runApplyApn(again, { targets: [good], timeouts, journal });
    expect(ok.ok).toBe(true);
    const after = await readApnState(again, journal);
    expect(after.contexts.filter((c) => c.cid === 1 || c.cid === 6).map((c) => c.apn)).toEqual([HOME_NETWORK.apn, HOME_NETWORK.apn]);
    expect(after.pendingJournal).toBeUndefined();
  });

  it('after an interrupted run, the next good run uses the journal and clears it', async () => {
    rig = await twinRig();
    const journal = new ApplyJournal({ dir: rig.configDir });
    const imei = rig.twin.snapshot().identity.imei;
    await journal.write({ version: 1, imei, port: rig.port, startedAt: '2026-01-01T00:00:00.000Z', applying: 'x.example', functionality: 1, saved: [{ cid: 1, context: { pdpType: 'IP', apn: '' } }, { cid: 6 }] });
    const modem = await rig.connect();
    const events: ApplyEvent[] = [];
    const result = await runApplyApn(modem, { targets: [good], timeouts, journal }, (e) => events.push(e));
    expect(result.ok).toBe(true);
    expect(events.find((e) => e.type === 'journal-found')).toMatchObject({ applying: 'x.example' });
    expect(await journal.read(imei)).toBeUndefined();
  });

  describe('injection attempts are refused with nothing sent to the modem', () => {
    const attacks: [string, Partial<ApnTarget>][] = [
      ['quote in the APN', { apn: 'internet"' }],
      ['quote + command in the APN', { apn: 'x";+CFUN=0;"' }],
      ['comma in the APN', { apn: 'internet,1' }],
      ['CR LF in the APN', { apn: 'internet\r\nAT+CRESET' }],
      ['semicolon in the APN', { apn: 'internet;+CFUN=0' }],
      ['500-character APN', { apn: 'a'.repeat(500) }],
      ['quote in the user', { auth: 'pap', username: 'u"', password: 'p' }],
      ['comma in the user', { auth: 'pap', username: 'u,"x"', password: 'p' }],
      ['CR LF in the user', { auth: 'pap', username: 'u\r\nAT+CFUN=0', password: 'p' }],
      ['semicolon in the password', { auth: 'pap', username: 'u', password: 'p;+CFUN=0' }],
      ['quote in the password', { auth: 'chap', username: 'u', password: '"' }],
      ['500-character password', { auth: 'chap', username: 'u', password: 'p'.repeat(500) }],
      ['500-character user', { auth: 'chap', username: 'u'.repeat(500), password: 'p' }],
    ];

    it.each(attacks)('%s', async (_name, patch) => {
      rig ??= await twinRig();
      const modem = await rig.connect();
      const sentBefore = rig.twin.receivedCommands.length;
      const contextsBefore = contextsOf(rig);
      // A bad value as the second candidate is refused too: validation covers every candidate first.
      for (const targets of [[{ ...good, ...patch }], [good, { ...good, ...patch }]]) {
        const result = await runApplyApn(modem, { targets, timeouts });
        expect(result.ok).toBe(false);
        expect(result.error).toMatchObject({ code: 'invalid-argument', step: 'validate' });
        expect(['apn', 'user', 'password']).toContain(result.error!.field);
      }
      expect(rig.twin.receivedCommands.length).toBe(sentBefore);
      expect(contextsOf(rig)).toEqual(contextsBefore);
    });
  });
});
