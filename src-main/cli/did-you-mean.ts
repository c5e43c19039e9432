// "Did you mean …?" for a mistyped command or option (issue 14 item 9).
// leven: a small, well-kept Levenshtein distance (edit distance is not our domain).
import leven from 'leven';

/**
 * The candidate closest to `input`, when it is close enough to be what was meant: at most 1 edit for
 * words of up to 4 letters, else up to a third of its length (max 3), or `input` is a clear prefix of it.
 */
export function closest(input: string, candidates: readonly string[]): string | undefined {
  const word = input.toLowerCase();
  if (word.length === 0) return undefined;
  const allowed = word.length <= 4 ? 1 : Math.min(3, Math.ceil(word.length / 3));
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    if (candidate === input) continue;
    const distance = leven(word, candidate.toLowerCase());
    if (distance <= allowed && (!best || distance < best.distance)) best = { candidate, distance };
  }
  if (best) return best.candidate;
  // "doc" for doctor, "dev" for devices: a prefix of exactly one candidate.
  const prefixed = word.length >= 3 ? candidates.filter((c) => c.toLowerCase().startsWith(word)) : [];
  return prefixed.length === 1 ? prefixed[0] : undefined;
}

/** The long options a usage text documents ("--port <p>", "[--json]"), each once, in order. */
export function optionsInUsage(usage: string): string[] {
  return [...new Set([...usage.matchAll(/(?<![\w-])--[a-z][a-z0-9-]*/g)].map((m) => m[0]))];
}

/** The sentence to add to an "unknown option" message, or "" when nothing is close. */
export function optionHint(option: string, usage: string): string {
  const name = option.replace(/=.*$/, '');
  if (!name.startsWith('--')) return '';
  const guess = closest(name, optionsInUsage(usage));
  return guess ? ` Did you mean ${guess}?` : '';
}
