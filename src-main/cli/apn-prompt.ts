// The interactive half of the APN decider on a terminal (issue 13): `simhat connect` and `simhat apn set`
// without an APN show the SIM and the ranked candidates with their reasons and ask which to use, or to
// try them in rank order. Only on a terminal and without --yes / --json; scripts go by rank.
import { createInterface } from 'node:readline/promises';
import type { Api, ApnChoiceParam } from '../api/contract.js';
import { validateApn } from '../core/at/validate.js';
import type { CliIo } from './command.js';
import { rankingText, simText } from './render-apn-decide.js';

/** A person answers on stdin: a terminal, and neither --json nor --yes. */
export function interactive(flags: { json?: boolean | undefined; yes?: boolean | undefined }): boolean {
  return process.stdin.isTTY === true && !flags.json && !flags.yes;
}

export type PromptAnswer = { choice: ApnChoiceParam } | { cancel: true } | { again: string };

/**
 * What the user typed, against the candidate ids shown: Enter or "t" = try them in rank order, a number =
 * that candidate, "q" = cancel, anything else = an APN typed by hand (checked like every APN, TS 23.003 §9.1).
 */
export function parseApnAnswer(answer: string, ids: readonly string[]): PromptAnswer {
  const a = answer.trim();
  if (a === '' || /^t(ry)?$/i.test(a)) return ids.length ? { choice: { kind: 'try-all' } } : { again: 'There is no candidate to try: type the APN.' };
  if (/^q(uit)?$/i.test(a)) return { cancel: true };
  if (/^\d{1,3}$/.test(a)) {
    const id = ids[Number(a) - 1];
    return id ? { choice: { kind: 'pick', id } } : { again: `Type a number from 1 to ${ids.length}.` };
  }
  try {
    const apn = validateApn(a);
    return { choice: { kind: 'manual', settings: { apn, ipType: 'IPV4V6', username: '', password: '', auth: 'none' } } };
  } catch (err) {
    return { again: `${(err as Error).message.replace(/^apn: /, 'APN ')}.` };
  }
}

/**
 * Shows the SIM and the ranking of the modem, asks, and returns the choice; undefined when there is nothing
 * to ask (no ranking: the SIM cannot be used, which the operation itself then says), 'cancel' when declined.
 */
export async function askApnChoice(api: Api, modemId: string, io: CliIo): Promise<ApnChoiceParam | 'cancel' | undefined> {
  const s = await api.suggestApn({ modemId }).catch(() => undefined);
  if (!s?.sim || s.sim.state !== 'ready' || !s.ranking) return undefined;
  const ids = s.ranking.candidates.map((c) => c.id);
  io.stdout(simText(s.sim));
  io.stdout(ids.length ? `APN candidates for this SIM (best first):\n${rankingText(s.ranking)}` : `${s.ranking.askForApn ?? 'simhat knows no APN for this SIM.'}\n`);
  const question = ids.length ? `Enter: try them in this order; 1-${ids.length}: use that one; or type the APN; q: cancel > ` : 'APN (q: cancel) > ';
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: false });
  // Ctrl-D (stdin ends) answers like q: nothing is changed.
  const closed = new Promise<null>((resolve) => rl.once('close', () => resolve(null)));
  try {
    for (;;) {
      io.stdout(question);
      const answer = await Promise.race([rl.question('', { signal: io.signal }), closed]);
      if (answer === null) return 'cancel';
      const parsed = parseApnAnswer(answer, ids);
      if ('choice' in parsed) return parsed.choice;
      if ('cancel' in parsed) return 'cancel';
      io.stdout(`${parsed.again}\n`);
    }
  } catch (err) {
    if ((err as { name?: string }).name === 'AbortError') return 'cancel';
    throw err;
  } finally {
    rl.close();
  }
}
