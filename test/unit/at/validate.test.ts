import { describe, expect, it } from 'vitest';
import { AtError } from '../../../src-main/core/at/errors.js';
import {
  validateApn,
  validateAuthType,
  validateCid,
  validateErrorMode,
  validateFunctionality,
  validateNetworkMode,
  validatePassword,
  validatePdpType,
  validatePid,
  validatePin,
  validatePuk,
  validateUsername,
} from '../../../src-main/core/at/validate.js';

function refusal(fn: () => unknown): AtError {
  try {
    fn();
  } catch (err) {
    if (err instanceof AtError) return err;
    throw err;
  }
  throw new Error('expected a refusal');
}

describe('validateApn (3GPP TS 23.003 §9.1)', () => {
  it.each(['internet', 'fast.t-mobile.com', 'ims', 'sos', 'tmus', 'web.vodafone.de', 'm2m-iot.operator.com', 'a', 'A1', 'x'.repeat(63), ['a'.repeat(49), 'b'.repeat(50)].join('.')])(
    'accepts %j',
    (apn) => {
      expect(validateApn(apn)).toBe(apn);
    },
  );

  it.each([
    ['', /empty/],
    ['in"ternet', /not allowed/],
    ['internet,1', /not allowed/],
    ['internet;', /not allowed/],
    ['internet\r\nAT+CFUN=0', /not allowed/],
    ['my apn', /not allowed/],
    ['-internet', /hyphen/],
    ['internet-', /hyphen/],
    ['a..b', /empty label/],
    ['.internet', /empty label/],
    ['internet.', /empty label/],
    ['ïnternet', /not allowed/],
    ['under_score', /not allowed/],
    ['x'.repeat(64), /63/],
    [Array(26).fill('abc').join('.'), /at most 100/], // 103 chars
  ])('refuses %j naming the apn field', (apn, message) => {
    const err = refusal(() => validateApn(apn));
    expect(err.code).toBe('invalid-argument');
    expect(err.field).toBe('apn');
    expect(err.message).toMatch(message);
  });

  it('allows an empty APN only to clear', () => {
    expect(validateApn('', { allowEmpty: true })).toBe('');
  });
});

describe('validateUsername / validatePassword', () => {
  it.each(['', 'user', 'web@operator', 'p4ss w0rd!', 'x'.repeat(64), "it's ok"])('accepts %j', (v) => {
    expect(validateUsername(v)).toBe(v);
    expect(validatePassword(v)).toBe(v);
  });

  it.each([
    ['a"b', /"\\""/],
    ['a,b', /","/],
    ['a;b', /";"/],
    ['a\rb', /printable/],
    ['a\nb', /printable/],
    ['a\tb', /printable/],
    ['pässword', /printable/],
    ['x'.repeat(65), /at most 64/],
  ])('refuses %j', (v, message) => {
    const u = refusal(() => validateUsername(v));
    expect(u.field).toBe('user');
    expect(u.message).toMatch(message);
    const p = refusal(() => validatePassword(v));
    expect(p.field).toBe('password');
    expect(p.code).toBe('invalid-argument');
  });
});

describe('small value validators', () => {
  it('PIN is 4-8 digits', () => {
    for (const ok of ['0000', '1234', '12345678']) expect(validatePin(ok)).toBe(ok);
    for (const bad of ['123', '123456789', '12a4', ' 1234', '1234\r', '']) expect(refusal(() => validatePin(bad)).field).toBe('pin');
  });
  it('PUK is 8 digits', () => {
    expect(validatePuk('12345678')).toBe('12345678');
    expect(refusal(() => validatePuk('1234')).field).toBe('puk');
  });
  it('cid is 1..24', () => {
    expect(validateCid(1)).toBe(1);
    expect(validateCid(24)).toBe(24);
    for (const bad of [0, 25, 1.5, NaN, -1]) expect(refusal(() => validateCid(bad)).field).toBe('cid');
  });
  it('PID comes from the allow-list of compositions that keep an AT port', () => {
    for (const ok of [0x9001, 0x9011, 0x9018]) expect(validatePid(ok)).toBe(ok);
    for (const bad of [0x9016, 0x9019, 0x9025, 9001, 0]) expect(refusal(() => validatePid(bad)).field).toBe('pid');
  });
  it('PDP type, auth type, CFUN, CNMP, CMEE', () => {
    expect(validatePdpType('ipv4v6')).toBe('IPV4V6');
    expect(refusal(() => validatePdpType('PPP')).field).toBe('pdpType');
    expect(validateAuthType(3)).toBe(3);
    expect(refusal(() => validateAuthType(4)).field).toBe('authType');
    expect(validateFunctionality(4)).toBe(4);
    expect(refusal(() => validateFunctionality(2)).field).toBe('functionality');
    expect(validateNetworkMode(38)).toBe(38);
    expect(refusal(() => validateNetworkMode(1)).field).toBe('networkMode');
    expect(validateErrorMode(2)).toBe(2);
    expect(refusal(() => validateErrorMode(-1)).field).toBe('errorMode');
  });
});
