// The APN decider as text (issue 13): the SIM's identity (masked), the ranked candidates with their
// reasons, one line per decider event, and the end (which APN won, which tries failed and were rolled back).
import type { ApnRankingView, DecideEvent, DecideResult, SimIdentityView } from '../api/contract.js';
import { simIdentityLines } from '../core/apn/sim-facts.js';

/** Decider events the CLI prints itself (the rest of an apply's progress are the APN layer's events). */
const DECIDE_TYPES = new Set<string>(['sim', 'network', 'ranked', 'already-working', 'plan', 'try', 'try-failed', 'won', 'remembered']);

export function isDecideEvent(ev: { type: string } | undefined): ev is Exclude<DecideEvent, { type: 'apply' | 'finished' }> {
  return ev !== undefined && DECIDE_TYPES.has(ev.type);
}

export function simText(sim: SimIdentityView): string {
  return `SIM: ${simIdentityLines(sim).join('; ')}\n`;
}

/** "  1. fast.t-mobile.com  T-Mobile US [sim-match, android+mbpi]" and its reasons, indented. */
export function rankingText(ranking: ApnRankingView): string {
  const lines: string[] = [];
  ranking.candidates.forEach((c, i) => {
    const auth = c.auth !== 'none' ? `, auth ${c.auth}${c.username ? ` user "${c.username}"` : ''}` : '';
    lines.push(`${String(i + 1).padStart(3)}. ${c.apn.padEnd(28)} ${c.name} [${c.tier}, ${c.source}, ${c.ipType}${auth}]`);
    for (const r of c.reasons) lines.push(`       - ${r}`);
  });
  for (const n of ranking.notes) lines.push(`note: ${n}`);
  if (!ranking.candidates.length && ranking.askForApn) lines.push(ranking.askForApn);
  return lines.join('\n') + '\n';
}

/** One decider event as a progress line (undefined: nothing to print). */
export function decideLine(ev: Exclude<DecideEvent, { type: 'apply' | 'finished' }>): string | undefined {
  switch (ev.type) {
    case 'sim':
      return simText(ev.sim).trimEnd();
    case 'network':
      return `network: ${ev.network.registration ?? 'registration unknown'}${ev.network.servingNetwork ? ` on ${ev.network.servingNetwork}` : ''}${ev.network.operatorName ? ` "${ev.network.operatorName}"` : ''}${ev.network.roaming ? ' (roaming)' : ''}`;
    case 'ranked':
      return `candidates (best first):\n${rankingText(ev.ranking).trimEnd()}`;
    case 'already-working':
      return ev.message;
    case 'plan':
      return `plan: ${ev.message}`;
    case 'try':
      return `try ${ev.index + 1}/${ev.total}: APN "${ev.candidate.apn}" (${ev.candidate.name})`;
    case 'try-failed':
      return `  APN "${ev.candidate.apn}" failed: ${ev.error.message}${ev.rolledBack ? ' (rolled back)' : ' (NOT rolled back exactly)'}`;
    case 'won':
      return `  APN "${ev.candidate.apn}" brings data up: ${ev.addresses.map((a) => a.ipv4 ?? a.ipv6).filter(Boolean).join(', ')}`;
    case 'remembered':
      return `remembered for this SIM as preset "${ev.presetName}"`;
  }
}

/** The decider's end in words: the winner and the failed tries, or why it stopped and what to do. */
export function decisionText(d: DecideResult): string {
  let text = `${d.message}\n`;
  if (d.hint) text += `  hint: ${d.hint}\n`;
  if (d.askForApn && d.askForApn !== d.message) text += `${d.askForApn}\n`;
  return text;
}
