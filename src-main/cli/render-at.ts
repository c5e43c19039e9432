// `simhat at` as text: the modem's lines exactly as it sent them (data: never wrapped or changed), then
// its final result, green for OK and red for an error on a terminal; stderr says what an error means.
import type { AtExchange } from '../api/contract.js';
import { describeFinal } from '../core/at/final-result.js';
import { PLAIN, type Style } from './terminal-style.js';

/** What goes to stdout for one command. */
export function renderExchange(r: AtExchange, s: Style = PLAIN): string {
  const final = (r.finalResult?.line ?? r.final).trim();
  return [...r.lines, r.ok ? s.green(final) : s.bold(s.red(final))].map((l) => l + '\n').join('');
}

/** What goes to stderr when the modem said no: the error in words and simhat's hint. */
export function exchangeProblem(r: AtExchange): string | undefined {
  if (r.ok) return undefined;
  const what = r.finalResult ? describeFinal(r.finalResult) : r.final;
  return `simhat at: ${r.command}: ${what}${r.hint ? `. ${r.hint}` : ''}\n`;
}
