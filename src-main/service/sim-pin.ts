// The SIM PIN dialog's two Api methods (issue 14): the lock state with the tries left, and entering the
// PIN (or the PUK and a new PIN). Never through the AT console, never retried by itself: three wrong
// PINs block the SIM and ten wrong PUKs destroy it (27.007 §8.3), so every try is the user's.
import type { EnterPinResult, SimLockState, SimPinInfo } from '../api/contract.js';
import { ApiCallError } from '../api/validate.js';
import type { AtEngineApi } from '../core/at/engine-api.js';
import { AtError } from '../core/at/errors.js';
import { ModemAt } from '../core/at/modem-at.js';
import type { CpinState } from '../core/at/commands/sim.js';
import { PIN_TRIES_COMMANDS, pinTriesParser, type PinTries } from '../core/at/commands/pin-tries.js';
import { validatePin, validatePuk } from '../core/at/validate.js';

export type PinVendor = keyof typeof PIN_TRIES_COMMANDS;

/** Which dialect asks for the tries: SIMCom (VID 1e0e) AT+SPIC, Quectel (2c7c) AT+QPINC, else AT+CPINR (sim7600.md §1). */
export function pinVendorOf(vid: string): PinVendor {
  const v = vid.toLowerCase();
  return v === '1e0e' ? 'simcom' : v === '2c7c' ? 'quectel' : 'other';
}

const STATE: Partial<Record<CpinState, SimLockState>> = {
  READY: 'ready',
  'SIM PIN': 'pin',
  'SIM PUK': 'puk',
  'NOT INSERTED': 'absent',
  'NOT READY': 'busy',
};

/** AT+CPIN? as a lock state; the CME codes of a SIM that cannot be read become states too (27.007 §9.2). */
async function lockState(modem: ModemAt): Promise<{ state: SimLockState; raw?: string }> {
  try {
    const cpin = await modem.pinStatus();
    const state = STATE[cpin];
    return state ? { state } : { state: 'other', raw: cpin };
  } catch (err) {
    const code = err instanceof AtError && err.code === 'command-failed' ? err.final?.code : undefined;
    if (code === 10) return { state: 'absent' };
    if (code === 14) return { state: 'busy' };
    if (code === 13 || code === 15) return { state: 'other', raw: err instanceof AtError ? (err.final?.text ?? 'SIM failure') : 'SIM failure' };
    throw err;
  }
}

/** The first of the vendor's commands that answers OK with a counter (an unknown command just says ERROR). */
async function triesLeft(engine: AtEngineApi, vendor: PinVendor): Promise<(PinTries & { source: string }) | undefined> {
  for (const command of PIN_TRIES_COMMANDS[vendor]) {
    const r = await engine.send(command, { allowError: true }).catch(() => undefined);
    if (r?.final.kind !== 'ok') continue;
    try {
      return { ...pinTriesParser(command)(r.lines), source: command };
    } catch {
      // answered, but not in the format we know: ask the next dialect
    }
  }
  return undefined;
}

export async function readSimPin(engine: AtEngineApi, vendor: PinVendor): Promise<SimPinInfo> {
  const { state, raw } = await lockState(new ModemAt(engine));
  const info: SimPinInfo = { state, ...(raw ? { raw } : {}) };
  if (state === 'absent' || state === 'busy') return info;
  const tries = await triesLeft(engine, vendor);
  if (tries) {
    info.triesLeft = tries.pin;
    if (tries.puk !== undefined) info.pukTriesLeft = tries.puk;
    info.source = tries.source;
  }
  return info;
}

const tries = (n: number) => `${n} ${n === 1 ? 'try' : 'tries'}`;

function refused(after: SimPinInfo, what: 'PIN' | 'PUK'): string {
  if (what === 'PIN') {
    if (after.state === 'puk') return 'Wrong PIN. The SIM is now blocked and asks for its PUK.';
    return after.triesLeft !== undefined ? `Wrong PIN: ${tries(after.triesLeft)} left before the SIM asks for its PUK.` : 'Wrong PIN.';
  }
  return after.pukTriesLeft !== undefined ? `Wrong PUK: ${tries(after.pukTriesLeft)} left before the SIM is blocked for good.` : 'Wrong PUK.';
}

/**
 * Enters the PIN when the SIM asks for it, or the PUK (+ `pin` as the new PIN) when it asks for that.
 * A wrong code comes back as `accepted: false` with the tries now left; anything else that stops it throws.
 */
export async function enterSimPin(engine: AtEngineApi, vendor: PinVendor, req: { pin: string; puk?: string }): Promise<EnterPinResult> {
  try {
    validatePin(req.pin);
    if (req.puk !== undefined) validatePuk(req.puk);
  } catch (err) {
    const e = err as AtError;
    throw new ApiCallError({ code: 'invalid-argument', message: e.message, ...(e.field ? { field: e.field } : {}) });
  }
  const before = await readSimPin(engine, vendor);
  if (before.state === 'ready') return { ...before, accepted: true, message: 'The SIM is already unlocked.' };
  if (before.state === 'absent') throw new ApiCallError({ code: 'no-sim', message: 'No SIM card in the modem', hint: 'Power the modem off, insert the SIM, then look again.' });
  if (before.state === 'busy') throw new ApiCallError({ code: 'sim-busy', message: 'The SIM is still starting up', hint: 'Try again in a few seconds.' });
  if (before.state === 'puk' && req.puk === undefined) {
    throw new ApiCallError({ code: 'invalid-argument', message: 'The SIM is blocked: it needs its PUK (8 digits) and a new PIN', field: 'puk' });
  }
  if (before.state !== 'pin' && before.state !== 'puk') {
    throw new ApiCallError({ code: 'unsupported', message: `The SIM asks for ${before.raw ?? 'another code'}, which simhat does not enter`, hint: 'Ask your carrier or the device seller for that code.' });
  }
  const what = before.state === 'puk' ? 'PUK' : 'PIN';
  const modem = new ModemAt(engine);
  try {
    if (what === 'PUK') await modem.enterPin(req.puk!, req.pin);
    else await modem.enterPin(req.pin);
  } catch (err) {
    // +CME ERROR: 16 "incorrect password" (27.007 §9.2); some firmware answers a plain ERROR.
    if (!(err instanceof AtError && err.code === 'command-failed')) throw err;
    const after = await readSimPin(engine, vendor);
    return { ...after, accepted: false, message: refused(after, what) };
  }
  const after = await readSimPin(engine, vendor);
  const message = what === 'PUK' ? 'PUK accepted: the SIM is unblocked and uses the new PIN.' : 'PIN accepted: the SIM is unlocked.';
  return { ...after, accepted: true, message: after.state === 'busy' ? `${message} It is starting up.` : message };
}
