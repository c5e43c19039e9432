// The SIM PIN asked for on the terminal during `simhat doctor --fix` (issue 14 items 4 and 9): typed
// without echo, sent through the Api's enterPin (never as an AT command line of the console), with the
// tries left shown before each try. Every try is the user's: a wrong PIN is said with the tries now
// left and asked again only if they type another; an empty answer skips.
import type { Api, SimPinInfo } from '../api/contract.js';
import { validatePin } from '../core/at/validate.js';
import { askHidden, type PromptStreams } from './prompt.js';

export interface PinOutcome {
  /** The SIM took the PIN (or was unlocked already). */
  ok: boolean;
  message: string;
}

const tries = (n: number) => `${n} ${n === 1 ? 'try' : 'tries'}`;

/** What the SIM asks for and how many tries are left, in one sentence. */
export function pinSituation(info: SimPinInfo): string {
  if (info.triesLeft === undefined) return 'The SIM asks for its PIN (the modem does not tell how many tries are left).';
  const last = info.triesLeft === 1 ? ' This is the last one: a wrong PIN now blocks the SIM until its PUK is entered.' : '';
  return `The SIM asks for its PIN: ${tries(info.triesLeft)} left before it needs its PUK.${last}`;
}

/** The way out of a blocked SIM, which this prompt does not take (the PUK resets the PIN: a deliberate step). */
export const PUK_ADVICE =
  'The SIM is blocked and needs its PUK (8 digits, printed on the card the SIM came on, or from your carrier). ' +
  "Enter it with a new PIN in the app's SIM PIN dialog (simhat serve, or the desktop app); ten wrong PUKs destroy the SIM.";

/**
 * Asks for the PIN until the SIM takes it, the user gives an empty answer (undefined: skipped), or the
 * SIM cannot take a PIN any more. `say` prints a line of explanation.
 */
export async function enterPinInteractively(api: Api, modemId: string, streams: PromptStreams, say: (text: string) => void): Promise<PinOutcome | undefined> {
  let info = await api.simPin({ modemId });
  for (;;) {
    if (info.state === 'ready') return { ok: true, message: 'The SIM is unlocked.' };
    if (info.state === 'puk') {
      say(PUK_ADVICE);
      return { ok: false, message: 'the SIM needs its PUK' };
    }
    if (info.state !== 'pin') return { ok: false, message: notAPin(info) };
    say(pinSituation(info));
    const pin = await askHidden(streams, 'SIM PIN (typing is not shown; Enter skips):');
    if (pin === '') return undefined;
    try {
      validatePin(pin);
    } catch {
      // Checked here so a typo costs no try: the SIM never sees it.
      say('A SIM PIN is 4 to 8 digits; nothing was sent.');
      continue;
    }
    const r = await api.enterPin({ modemId, pin });
    say(r.message);
    if (r.accepted) return { ok: true, message: r.message };
    info = r;
  }
}

/** How long an unlocked SIM is given to register before the doctor looks again (as the service's fix waits). */
export const REGISTER_WAIT_MS = 20_000;

/**
 * After the PIN the modem starts searching: wait (polling the status) until it registers, is refused,
 * or `timeoutMs` passed, so the next diagnosis does not report a search that is only starting.
 */
export async function waitForRegistration(api: Api, modemId: string, say: (text: string) => void, signal: AbortSignal, timeoutMs = REGISTER_WAIT_MS): Promise<void> {
  say(`Waiting up to ${Math.round(timeoutMs / 1000)} s for the modem to register...`);
  const end = Date.now() + timeoutMs;
  while (Date.now() < end && !signal.aborted) {
    const s = await api.getStatus({ modemId }).catch(() => null);
    if (s && ['home', 'roaming', 'denied'].includes(s.registration)) return;
    await new Promise((r) => setTimeout(r, 500));
  }
}

function notAPin(info: SimPinInfo): string {
  switch (info.state) {
    case 'absent':
      return 'no SIM card in the modem';
    case 'busy':
      return 'the SIM is still starting up: run the doctor again in a few seconds';
    default:
      return `the SIM asks for ${info.raw ?? 'another code'}, which simhat does not enter`;
  }
}
