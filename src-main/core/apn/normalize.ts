// Text folding for operator-name and free-text matching: case- and accent-insensitive
// ("Orange España" = "orange espana", "Telekom.de" = "telekom de"), issue 5.

/** Lower case, accents removed (NFKD + drop combining marks), every run of non-alphanumerics -> one space. */
export function fold(text: string): string {
  // Fast path for plain ASCII (most names): the Unicode-aware regexes cost ~10x more.
  if (/^[\x20-\x7e]*$/.test(text)) {
    return text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, ' ')
      .trim();
  }
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

export function tokens(text: string): string[] {
  const f = fold(text);
  return f ? f.split(' ') : [];
}

/** URL-safe slug for carrier ids: ascii letters, digits and single hyphens. */
export function slugify(text: string): string {
  return (
    fold(text)
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'provider'
  );
}

function trigrams(s: string): Map<string, number> {
  const padded = `  ${s} `;
  const grams = new Map<string, number>();
  for (let i = 0; i + 3 <= padded.length; i++) {
    const g = padded.slice(i, i + 3);
    grams.set(g, (grams.get(g) ?? 0) + 1);
  }
  return grams;
}

/** Sørensen–Dice coefficient over character trigrams of two folded strings (0..1). */
export function trigramSimilarity(a: string, b: string): number {
  if (!a || !b) return 0;
  if (a === b) return 1;
  const ga = trigrams(a);
  const gb = trigrams(b);
  let common = 0;
  let total = 0;
  for (const [g, n] of ga) {
    total += n;
    const m = gb.get(g);
    if (m) common += Math.min(n, m);
  }
  for (const n of gb.values()) total += n;
  return (2 * common) / total;
}

// Words that say nothing about which operator it is (COPS names often carry them).
const NOISE = new Set(['mobile', 'telecom', 'telekom', 'communications', 'wireless', 'cellular', 'gsm', 'lte', '4g', '3g', '5g', 'the']);

/**
 * How well an operator name as the network reports it (AT+COPS? long or short alphanumeric)
 * matches a provider name from the database: 1 = same name, 0 = unrelated.
 */
export function nameSimilarity(query: string, candidate: string): number {
  const q = fold(query);
  const c = fold(candidate);
  if (!q || !c) return 0;
  if (q === c) return 1;
  const qc = q.replace(/ /g, '');
  const cc = c.replace(/ /g, '');
  if (qc === cc) return 0.98;
  let best = 0;
  // "Mint" vs "Mint Mobile", "Vodafone.de" vs "Vodafone": one is the other plus words.
  if (cc.startsWith(qc) || qc.startsWith(cc)) {
    const ratio = Math.min(qc.length, cc.length) / Math.max(qc.length, cc.length);
    best = Math.max(best, 0.9 * Math.sqrt(ratio));
  }
  const qt = q.split(' ');
  const ct = c.split(' ');
  // Probe with the words that identify an operator: "Telekom.de" -> telekom, "Mint Mobile" -> mint.
  const long = qt.filter((t) => t.length > 2);
  const significant = long.filter((t) => !NOISE.has(t));
  const probe = significant.length ? significant : long.length ? long : qt;
  const hits = probe.filter((t) => ct.some((u) => u === t || (t.length >= 3 && u.startsWith(t)) || (u.length >= 3 && t.startsWith(u)))).length;
  if (hits) best = Math.max(best, 0.85 * (hits / probe.length));
  best = Math.max(best, 0.8 * trigramSimilarity(qc, cc));
  return best;
}
