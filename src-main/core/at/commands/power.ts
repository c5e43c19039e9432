// Power and modes: AT+CFUN (27.007 §8.2), AT+CRESET, AT+CNMP (SIMCom), AT+CUSBPIDSWITCH (vendor
// manual §4.23), AT+CMEE (27.007 §9.1), ATE0 (V.250 §6.2.4).
import { validateErrorMode, validateFunctionality, validateNetworkMode, validatePid } from '../validate.js';
import { AtError } from '../errors.js';
import { intField, parseError, singlePrefixed } from './fields.js';

/**
 * `+CFUN: 1` → 1 (0 minimum, 1 full, 4 RF off). Some firmware adds a second field (`+CFUN: 1,0`,
 * ModemManager test-modem-helpers.c test_cfun_response): the first is still the functionality.
 */
export function parseCfunRead(lines: readonly string[]): number {
  const fields = singlePrefixed('AT+CFUN?', lines, '+CFUN');
  if (fields.length > 2 || (fields.length === 2 && !/^\d{1,3}$/.test(fields[1]?.value ?? ''))) throw parseError('AT+CFUN?', 'expected <fun>[,<n>]', lines);
  return intField('AT+CFUN?', fields, 0, lines, 'fun');
}

/** AT+CFUN=<fun>[,1]: the `,1` resets the module (only with fun 1). */
export function buildCfunWrite(fun: number, reset = false): string {
  validateFunctionality(fun);
  if (reset && fun !== 1) throw new AtError('invalid-argument', 'reset: only AT+CFUN=1,1 resets the module', undefined, undefined, 'reset');
  return reset ? `AT+CFUN=${fun},1` : `AT+CFUN=${fun}`;
}

export function buildCresetExec(): string {
  return 'AT+CRESET';
}

/** `+CNMP: 38` → 38. */
export function parseCnmpRead(lines: readonly string[]): number {
  const fields = singlePrefixed('AT+CNMP?', lines, '+CNMP');
  return intField('AT+CNMP?', fields, 0, lines, 'mode');
}

export function buildCnmpWrite(mode: number): string {
  return `AT+CNMP=${validateNetworkMode(mode)}`;
}

/** `+CUSBPIDSWITCH: 9001` → 0x9001 (the PID is printed as hex digits without 0x). */
export function parseCusbpidswitchRead(lines: readonly string[]): number {
  const C = 'AT+CUSBPIDSWITCH?';
  const fields = singlePrefixed(C, lines, '+CUSBPIDSWITCH');
  const value = fields[0]?.value ?? '';
  if (!/^[0-9A-Fa-f]{4}$/.test(value)) throw parseError(C, 'PID is not 4 hex digits', lines);
  return Number.parseInt(value, 16);
}

/** AT+CUSBPIDSWITCH=<pid>,1,1 (vendor manual §4.23 example): the module resets only if the PID changes. */
export function buildCusbpidswitchWrite(pid: number): string {
  validatePid(pid);
  return `AT+CUSBPIDSWITCH=${pid.toString(16)},1,1`;
}

export function buildCmeeWrite(n: number): string {
  return `AT+CMEE=${validateErrorMode(n)}`;
}

export function buildEchoOff(): string {
  return 'ATE0';
}
