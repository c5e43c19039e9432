// Payload validation at the transport boundary (src-main/api/validate.ts): a table of what a renderer
// or a browser tab may send and what is refused before the service sees it.
import { describe, expect, it } from 'vitest';
import { API_EVENTS, API_METHODS, channelOf, isMethodName } from '../../../src-main/api/wire.js';
import { ApiCallError, ApiValidationError, toApiError, validateCall } from '../../../src-main/api/validate.js';

const M = 'usb:1-1.3';
const apn = { apn: 'internet', ipType: 'IPV4V6', username: '', password: '', auth: 'none' };

describe('validateCall accepts', () => {
  it.each([
    ['listModems', undefined],
    ['listModems', {}],
    ['getStatus', { modemId: M }],
    ['switchMode', { modemId: M }],
    ['switchMode', { modemId: M, target: 'ecm' }],
    ['searchCarriers', { query: 'vodafone', country: 'de', limit: 20 }],
    ['searchCarriers', { query: '' }],
    ['applyApn', { modemId: M, presetId: 'ca/freedom-mobile/0' }],
    ['applyApn', { modemId: M, settings: apn }],
    ['applyApn', { modemId: M, settings: { ...apn, apn: '' } }],
    ['savePreset', { preset: { name: 'Work SIM', settings: apn } }],
    ['deletePreset', { id: 'user:Work%20SIM' }],
    ['setPolicy', { modemId: M, policy: 'primary' }],
    ['applyFix', { fixId: 'apply-apn' }],
    ['atSend', { modemId: M, command: 'AT+CGDCONT=1,"IP","internet"' }],
    ['atSend', { modemId: M, command: 'ati' }],
    ['updateSettings', { settings: { pingTargets: ['1.1.1.1', '2606:4700::1111'], theme: 'dark' } }],
    ['getLogs', { limit: 50 }],
    ['openExternal', { url: 'https://github.com/' }],
  ])('%s %j', (method, params) => {
    expect(validateCall(method, params).method).toBe(method);
  });
});

describe('validateCall refuses', () => {
  it.each([
    ['unknown method', 'eval', {}, /unknown method/],
    ['prototype key as method', '__proto__', {}, /unknown method/],
    ['missing id', 'getStatus', {}, /modemId is required/],
    ['unknown key', 'getStatus', { modemId: M, shell: 'rm -rf /' }, /shell is not a known parameter/],
    ['array params', 'getStatus', [M], /must be an object/],
    ['string params', 'listModems', 'x', /must be an object/],
    ['id with spaces', 'getStatus', { modemId: 'usb 1' }, /invalid format/],
    ['id with a newline', 'getStatus', { modemId: 'usb:1\n' }, /control characters/],
    ['mode without an AT port', 'switchMode', { modemId: M, target: 'mass-storage' }, /must be one of/],
    ['CR/LF smuggling a second AT command', 'atSend', { modemId: M, command: 'ATI\rAT+CFUN=0' }, /control characters/],
    ['console line not starting with AT', 'atSend', { modemId: M, command: '+++' }, /invalid format/],
    ['non-ASCII in a console line', 'atSend', { modemId: M, command: 'AT+CGDCONT=1,"IP","ïnternet"' }, /invalid format/],
    ['console line too long', 'atSend', { modemId: M, command: 'AT' + 'X'.repeat(600) }, /longer than 512/],
    ['bad IP type', 'applyApn', { modemId: M, settings: { ...apn, ipType: 'PPP' } }, /must be one of/],
    ['APN over 100 chars', 'applyApn', { modemId: M, settings: { ...apn, apn: 'a'.repeat(101) } }, /longer than 100/],
    ['settings missing a field', 'applyApn', { modemId: M, settings: { apn: 'x' } }, /settings.ipType/],
    ['fix id with odd characters', 'applyFix', { fixId: '../x' }, /invalid format/],
    ['limit not an integer', 'getLogs', { limit: 1.5 }, /integer/],
    ['http external URL', 'openExternal', { url: 'http://example.com' }, /invalid format/],
    ['ping target that is a hostname with a space', 'updateSettings', { settings: { pingTargets: ['1.1.1.1; reboot'] } }, /invalid format/],
    ['country not ISO alpha-2', 'searchCarriers', { query: 'x', country: 'DEU' }, /longer than 2|invalid format/],
  ])('%s', (_name, method, params, message) => {
    expect(() => validateCall(method, params)).toThrow(ApiValidationError);
    expect(() => validateCall(method, params)).toThrow(message);
  });

  it('names the refused field', () => {
    try {
      validateCall('getStatus', { modemId: 'a b' });
      expect.unreachable();
    } catch (err) {
      expect(toApiError(err)).toEqual({ code: 'invalid-argument', message: 'modemId has an invalid format', field: 'modemId' });
    }
  });
});

describe('contract', () => {
  it('lists every method once, with a namespaced channel', () => {
    expect(new Set(API_METHODS).size).toBe(API_METHODS.length);
    expect(channelOf('listModems')).toBe('simhat:listModems');
    expect(isMethodName('toString')).toBe(false);
    expect(API_EVENTS).toContain('progress');
  });
});

describe('toApiError', () => {
  it('keeps code, message and hint, never a stack', () => {
    const e = Object.assign(new Error('SIM not inserted'), { code: 'command-failed', hint: 'Insert a SIM card' });
    expect(toApiError(e)).toEqual({ code: 'command-failed', message: 'SIM not inserted', hint: 'Insert a SIM card' });
  });

  it('maps unknown shapes to internal', () => {
    expect(toApiError('boom')).toEqual({ code: 'internal', message: 'boom' });
    expect(toApiError(Object.assign(new Error('x'), { code: 42 }))).toEqual({ code: 'internal', message: 'x' });
  });

  it('round-trips through ApiCallError', () => {
    const e = new ApiCallError({ code: 'no-modem', message: 'No modem', hint: 'Plug it in' });
    expect(e).toBeInstanceOf(Error);
    expect(toApiError(e)).toEqual({ code: 'no-modem', message: 'No modem', hint: 'Plug it in' });
  });
});
