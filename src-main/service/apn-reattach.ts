// The re-attach waits of an apply (issue 5): after AT+CFUN=1 the SIM must say READY, the network must
// register the modem, and the first context must get a PDP address, each within its timeout.
import { abortableSleep } from '../core/abortable-sleep.js';
import { AtError } from '../core/at/errors.js';
import type { ModemAt, PdpAddress } from '../core/at/modem-at.js';
import { StepError, throwIfAborted } from './apn-apply-errors.js';
import type { ApplyTimeouts } from './apn-apply-types.js';

/** Poll wait of the re-attach loops (shared helper: removes its abort listener when it ends). */
function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return abortableSleep(ms, signal, () => new AtError('cancelled', 'cancelled'));
}

export async function waitSimReady(modem: ModemAt, t: ApplyTimeouts, signal: AbortSignal | undefined): Promise<void> {
  const deadline = Date.now() + t.simReadyMs;
  let last = 'no answer';
  for (;;) {
    throwIfAborted(signal);
    try {
      const state = await modem.pinStatus({ ...(signal ? { signal } : {}) });
      if (state === 'READY') return;
      if (state === 'NOT INSERTED') throw new StepError({ code: 'no-sim', message: 'No SIM card is inserted.', hint: 'Insert the SIM card and try again.', step: 'sim-ready' });
      if (state !== 'NOT READY') {
        throw new StepError({ code: 'sim-locked', message: `The SIM asks for ${state}.`, hint: 'Unlock the SIM (simhat at --port <p> AT+CPIN=<pin>) and try again.', step: 'sim-ready' });
      }
      last = state;
    } catch (err) {
      if (!(err instanceof AtError) || err.code !== 'command-failed') throw err;
      // +CME ERROR: 14 SIM busy is normal right after the radio comes on (sim7600.md §2); 10 = no SIM.
      if (err.final?.code === 10) throw new StepError({ code: 'no-sim', message: 'No SIM card is inserted (+CME ERROR: 10).', hint: 'Insert the SIM card and try again.', step: 'sim-ready' });
      last = err.final?.line ?? err.message;
    }
    if (Date.now() >= deadline) {
      throw new StepError({ code: 'sim-timeout', message: `The SIM was not ready within ${t.simReadyMs} ms (last answer: ${last}).`, step: 'sim-ready' });
    }
    await sleep(t.pollMs, signal);
  }
}

export async function waitRegistered(modem: ModemAt, t: ApplyTimeouts, signal: AbortSignal | undefined): Promise<string> {
  const deadline = Date.now() + t.registrationMs;
  let deniedInARow = 0;
  const o = signal ? { signal } : {};
  for (;;) {
    throwIfAborted(signal);
    let denied = false;
    for (const kind of ['cereg', 'cgreg', 'creg'] as const) {
      try {
        const reg = await modem.registration(kind, o);
        if (reg.registered) return `${kind.toUpperCase()} ${reg.state}`;
        if (reg.stat === 3) denied = true;
      } catch (err) {
        if (!(err instanceof AtError) || (err.code !== 'command-failed' && err.code !== 'parse')) throw err;
      }
    }
    // Registration denied twice in a row: the network refuses this SIM; waiting will not help.
    deniedInARow = denied ? deniedInARow + 1 : 0;
    if (deniedInARow >= 2) {
      throw new StepError({ code: 'registration-denied', message: 'The network denies registration (stat 3).', hint: 'The SIM is not allowed on this network: check the plan with the provider.', step: 'registered' });
    }
    if (Date.now() >= deadline) throw new StepError({ code: 'registration-timeout', message: `Not registered within ${t.registrationMs} ms.`, hint: 'Check the antenna and coverage.', step: 'registered' });
    await sleep(t.pollMs, signal);
  }
}

export async function waitAddress(modem: ModemAt, cids: readonly number[], t: ApplyTimeouts, signal: AbortSignal | undefined, apn: string): Promise<PdpAddress[]> {
  const deadline = Date.now() + t.addressMs;
  const first = cids[0];
  for (;;) {
    throwIfAborted(signal);
    const all = await modem.pdpAddresses(signal ? { signal } : {});
    const mine = all.filter((a) => cids.includes(a.cid));
    if (mine.some((a) => a.cid === first && (a.ipv4 || a.ipv6))) return mine;
    if (Date.now() >= deadline) {
      throw new StepError({
        code: 'no-address',
        message: `No PDP address on context ${first} within ${t.addressMs} ms: the network did not accept APN "${apn}".`,
        hint: 'Check the APN (and user/password) with your provider, or try another candidate.',
        step: 'address',
      });
    }
    await sleep(t.pollMs, signal);
  }
}
