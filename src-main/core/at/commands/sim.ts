// SIM state (27.007 §8.3): AT+CPIN? and AT+CPIN=<pin>.
import { validatePin, validatePuk } from '../validate.js';
import { parseError, singlePrefixed } from './fields.js';

export const CPIN_STATES = ['READY', 'SIM PIN', 'SIM PUK', 'PH-SIM PIN', 'PH-FSIM PIN', 'PH-FSIM PUK', 'SIM PIN2', 'SIM PUK2', 'PH-NET PIN', 'PH-NET PUK', 'PH-NETSUB PIN', 'PH-NETSUB PUK', 'PH-SP PIN', 'PH-SP PUK', 'PH-CORP PIN', 'PH-CORP PUK', 'NOT READY', 'NOT INSERTED'] as const;
export type CpinState = (typeof CPIN_STATES)[number];

/** `+CPIN: READY` → 'READY'. */
export function parseCpinRead(lines: readonly string[]): CpinState {
  const fields = singlePrefixed('AT+CPIN?', lines, '+CPIN');
  const value = (fields[0]?.value ?? '').toUpperCase().replace(/\s+/g, ' ');
  if (fields.length !== 1 || !(CPIN_STATES as readonly string[]).includes(value)) throw parseError('AT+CPIN?', 'unknown SIM state', lines);
  return value as CpinState;
}

/** AT+CPIN="<pin>", or AT+CPIN="<puk>","<new pin>" to unblock. */
export function buildCpinWrite(pin: string, newPin?: string): string {
  if (newPin !== undefined) return `AT+CPIN="${validatePuk(pin)}","${validatePin(newPin, 'newPin')}"`;
  return `AT+CPIN="${validatePin(pin)}"`;
}
