// `simhat history --since 1h|24h|7d`: a window as a count and a unit (s, m, h, d). Pure.

const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
/** The longest window anyone could mean: the retention ceiling (a year). */
const MAX_MS = 366 * UNIT_MS.d;

/** Milliseconds in "10m", "1h", "24h", "7d"; throws a RangeError with the accepted forms otherwise. */
export function parseSince(text: string): number {
  const m = /^([1-9][0-9]{0,5})([smhd])$/.exec(text.trim());
  if (!m) throw new RangeError(`--since takes a count and a unit (s, m, h, d), like 10m, 1h, 24h or 7d; got "${text.slice(0, 40)}"`);
  const ms = Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS];
  if (ms > MAX_MS) throw new RangeError(`--since is at most 366d, got "${text}"`);
  return ms;
}

/** "1h", "24h", "7d" back from a window in ms (the largest unit that divides it). */
export function formatSince(ms: number): string {
  for (const [unit, size] of [['d', UNIT_MS.d], ['h', UNIT_MS.h], ['m', UNIT_MS.m]] as const) {
    if (ms >= size && ms % size === 0) return `${ms / size}${unit}`;
  }
  return `${Math.round(ms / 1000)}s`;
}
