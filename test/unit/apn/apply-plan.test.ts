// Pure parts of the apply workflow: input validation, contexts per device from the catalog,
// read-back verification, restore comparison, and the Quectel QICSGP builder (user first).
import { describe, expect, it } from 'vitest';
import { contextsForDevice, restoreMismatches, savedContexts, validateApplyInput, verifyWritten, type ApnTarget } from '../../../src-main/core/apn/apply-plan.js';
import { buildQicsgpRead, buildQicsgpWrite, parseQicsgpRead } from '../../../src-main/core/apn/quectel.js';
import { parseCgauthRead, parseCgdcontRead } from '../../../src-main/core/at/commands/pdp.js';
import { AtError } from '../../../src-main/core/at/errors.js';

const target: ApnTarget = { apn: 'internet.freedommobile.ca', ipType: 'IPV4V6', auth: 'none' };

describe('validateApplyInput: nothing invalid reaches the modem', () => {
  it('accepts a plain APN and one with credentials', () => {
    expect(() => validateApplyInput([target], [1, 6])).not.toThrow();
    expect(() => validateApplyInput([{ ...target, auth: 'pap', username: 'user', password: 'pass' }], undefined)).not.toThrow();
  });

  it.each([
    ['a quote in the APN', { apn: 'inter"net' }, 'apn'],
    ['a comma in the APN', { apn: 'a,b' }, 'apn'],
    ['a semicolon in the APN', { apn: 'a;AT+CFUN=0' }, 'apn'],
    ['CR LF in the APN', { apn: 'a\r\nAT+CRESET' }, 'apn'],
    ['a 500-character APN', { apn: 'a'.repeat(500) }, 'apn'],
    ['an empty APN', { apn: '' }, 'apn'],
    ['a quote in the user', { auth: 'pap', username: 'u"', password: 'p' }, 'user'],
    ['a comma in the user', { auth: 'pap', username: 'u,1', password: 'p' }, 'user'],
    ['CR LF in the password', { auth: 'pap', username: 'u', password: 'p\r\nAT' }, 'password'],
    ['a semicolon in the password', { auth: 'chap', username: 'u', password: 'p;q' }, 'password'],
    ['a 500-character password', { auth: 'chap', username: 'u', password: 'p'.repeat(500) }, 'password'],
    ['an unknown IP type', { ipType: 'PPP' }, 'pdpType'],
    ['PAP without credentials', { auth: 'pap' }, 'auth'],
  ])('refuses %s', (_n, patch, field) => {
    try {
      validateApplyInput([{ ...target, ...patch } as ApnTarget], undefined);
      expect.unreachable('should have thrown');
    } catch (err) {
      expect(err).toBeInstanceOf(AtError);
      expect((err as AtError).code).toBe('invalid-argument');
      expect((err as AtError).field).toBe(field);
    }
  });

  it.each([
    [[0], 'cid'],
    [[25], 'cid'],
    [[1, 1], 'cid'],
    [[], 'cid'],
  ])('refuses contexts %j', (contexts, field) => {
    expect(() => validateApplyInput([target], contexts)).toThrow(expect.objectContaining({ field }));
  });

  it('a bad second candidate is refused too (all are checked before the first write)', () => {
    expect(() => validateApplyInput([target, { ...target, apn: 'bad apn' }], undefined)).toThrow(AtError);
  });
});

describe('contextsForDevice: the catalog decides', () => {
  it.each([
    ['SIM7600 RNDIS 9011', { family: 'sim7600', pid: 0x9011 }, 'simcom', [1, 6]],
    ['SIM7600 ECM 9018', { family: 'sim7600', pid: 0x9018 }, 'simcom', [1, 6]],
    ['SIM7600 QMI 9001', { family: 'sim7600', pid: 0x9001 }, 'simcom', [1]],
    ['SIM7600, PID unknown', { family: 'sim7600' }, 'simcom', [1]],
    ['A76xx on 9011 (not the SIM7600 layout)', { family: 'a76xx', pid: 0x9011 }, 'simcom', [1]],
    ['Quectel EC25', { family: 'ec25', manufacturer: 'Quectel' }, 'quectel', [1]],
    ['Quectel by manufacturer only', { manufacturer: 'Quectel' }, 'quectel', [1]],
  ] as const)('%s', (_n, input, vendor, contexts) => {
    const r = contextsForDevice(input);
    expect(r.vendor).toBe(vendor);
    expect(r.contexts).toEqual(contexts);
  });
});

// Real read-back lines in the SIM7600 format (transcripts T-9, T-13).
const CGDCONT_AFTER = [
  '+CGDCONT: 1,"IPV4V6","internet.freedommobile.ca","0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0",0,0,0,0',
  '+CGDCONT: 2,"IPV4V6","ims","0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0",0,0,0,0',
  '+CGDCONT: 6,"IPV4V6","internet.freedommobile.ca","0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0",0,0,0,0',
];

describe('verifyWritten', () => {
  it('passes when every context reads back as written', () => {
    expect(verifyWritten(target, [1, 6], parseCgdcontRead(CGDCONT_AFTER), [])).toEqual([]);
  });

  it('reports a missing context, a different APN, IP type, auth type and user', () => {
    const ctx = parseCgdcontRead(['+CGDCONT: 1,"IP","other","0.0.0.0",0,0,0,0']);
    const auths = parseCgauthRead(['+CGAUTH: 1,1,"bob",""']);
    const m = verifyWritten({ ...target, auth: 'chap', username: 'alice', password: 'x' }, [1, 6], ctx, auths);
    expect(m.map((x) => [x.cid, x.field])).toEqual([
      [1, 'pdpType'],
      [1, 'apn'],
      [1, 'authType'],
      [1, 'user'],
      [6, 'missing'],
    ]);
  });

  it('APN comparison ignores case (3GPP TS 23.003 §9.1)', () => {
    const ctx = parseCgdcontRead(['+CGDCONT: 1,"IPV4V6","INTERNET.FreedomMobile.ca","0.0.0.0",0,0,0,0']);
    expect(verifyWritten(target, [1], ctx, [])).toEqual([]);
  });
});

describe('savedContexts / restoreMismatches', () => {
  // T-13 factory table: cid 1 IP "", cid 2 ims, cid 3 emergency; no cid 6.
  const before = parseCgdcontRead([
    '+CGDCONT: 1,"IP","","0.0.0.0",0,0,0,0',
    '+CGDCONT: 2,"IPV4V6","ims","0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0",0,0,0,0',
    '+CGDCONT: 3,"IPV4V6","","0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0",0,0,0,1',
  ]);
  const saved = savedContexts({ contexts: before, auths: [], functionality: 1 }, [1, 6]);

  it('remembers defined and undefined contexts', () => {
    expect(saved).toEqual([{ cid: 1, context: { pdpType: 'IP', apn: '' } }, { cid: 6 }]);
  });

  it('an exact restore has no mismatch; a leftover cid 6 or a changed cid 1 are reported', () => {
    expect(restoreMismatches(saved, before, [])).toEqual([]);
    const after = parseCgdcontRead(CGDCONT_AFTER);
    const m = restoreMismatches(saved, after, []);
    expect(m.join('; ')).toMatch(/context 1 reads IPV4V6 "internet.freedommobile.ca", expected IP ""/);
    expect(m.join('; ')).toMatch(/context 6 should be undefined/);
  });
});

describe('Quectel AT+QICSGP (user before password, unlike SIMCom AT+CGAUTH)', () => {
  type Args = [number, string, string, string, string, number];
  it.each<[Args, string]>([
    [[1, 'IP', 'internet', '', '', 0], 'AT+QICSGP=1,1,"internet","","",0'],
    [[1, 'IPV4V6', 'corp.example', 'alice', 'secret', 1], 'AT+QICSGP=1,3,"corp.example","alice","secret",1'],
    [[2, 'IPV6', 'v6.example', 'u', 'p', 3], 'AT+QICSGP=2,2,"v6.example","u","p",3'],
  ])('buildQicsgpWrite(%j) = %s', (args, line) => {
    expect(buildQicsgpWrite(...args)).toBe(line);
  });

  it.each<[Args]>([
    [[1, 'IP', 'a"b', '', '', 0]],
    [[1, 'IP', 'ok', 'u,', '', 1]],
    [[1, 'IP', 'ok', 'u', 'p\r\n', 1]],
    [[17, 'IP', 'ok', '', '', 0]],
    [[1, 'X25', 'ok', '', '', 0]],
    [[1, 'IP', 'ok', '', '', 4]],
  ])('refuses %j', (args) => {
    expect(() => buildQicsgpWrite(...args)).toThrow(AtError);
  });

  it('reads back one context', () => {
    expect(buildQicsgpRead(1)).toBe('AT+QICSGP=1');
    expect(parseQicsgpRead(['+QICSGP: 3,"corp.example","alice","secret",1'])).toEqual({ pdpType: 'IPV4V6', apn: 'corp.example', user: 'alice', password: 'secret', authType: 1 });
    expect(() => parseQicsgpRead(['+QICSGP: 9,"x","","",0'])).toThrow(AtError);
    expect(() => parseQicsgpRead(['OK'])).toThrow(AtError);
  });
});
