// The Api's `choice` (issue 13: the user's answer to the APN decider's ranked list) at the transport
// boundary: the three shapes pass, anything else is refused before the service sees it.
import { describe, expect, it } from 'vitest';
import { ApiValidationError, validateCall } from '../../../src-main/api/validate.js';

const M = 'usb:1-1.3';
const settings = { apn: 'internet', ipType: 'IPV4V6', username: '', password: '', auth: 'none' };

describe('choice on applyApn and connect', () => {
  it.each([
    ['applyApn', { modemId: M }],
    ['applyApn', { modemId: M, choice: { kind: 'try-all' } }],
    ['applyApn', { modemId: M, choice: { kind: 'pick', id: 'android/310-260/metropcs-260' } }],
    ['applyApn', { modemId: M, choice: { kind: 'pick', id: 'preset:SIM ****1234' } }],
    ['applyApn', { modemId: M, choice: { kind: 'manual', settings } }],
    ['connect', { modemId: M, choice: { kind: 'try-all' } }],
    ['connect', { choice: { kind: 'manual', settings } }],
  ])('%s accepts %j', (method, params) => {
    expect(validateCall(method, params).method).toBe(method);
  });

  it.each([
    ['an unknown kind', 'applyApn', { modemId: M, choice: { kind: 'guess' } }, /choice\.kind must be one of try-all, pick, manual/],
    ['a list', 'applyApn', { modemId: M, choice: [] }, /choice must be an object/],
    ['pick without id', 'applyApn', { modemId: M, choice: { kind: 'pick' } }, /choice\.id is required/],
    ['pick with a control character', 'connect', { choice: { kind: 'pick', id: 'us/t-mobile/0\r\nAT' } }, /choice\.id contains control characters/],
    ['an extra key', 'applyApn', { modemId: M, choice: { kind: 'try-all', all: true } }, /choice\.all is not a known parameter/],
    ['manual without settings', 'connect', { choice: { kind: 'manual' } }, /choice\.settings must be an object/],
    ['manual with a bad auth', 'connect', { choice: { kind: 'manual', settings: { ...settings, auth: 'md5' } } }, /choice\.settings\.auth must be one of/],
  ])('refuses %s', (_name, method, params, message) => {
    expect(() => validateCall(method, params)).toThrow(ApiValidationError);
    expect(() => validateCall(method, params)).toThrow(message);
  });
});
