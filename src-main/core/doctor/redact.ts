// Redaction of the diagnostics bundle (issue 6): IMEI, IMSI, ICCID and phone numbers are masked
// except their last 4 digits, and every password is removed, wherever they appear (AT transcript,
// doctor evidence, command output, JSON). Two layers: the exact values simhat read from the modem
// (and the passwords it knows), then patterns, for values it never saw (a second modem, a log).

export interface KnownSecrets {
  /** IMEI, IMSI, ICCID, phone numbers read from the modem. */
  identifiers?: (string | null | undefined)[];
  /** APN passwords and any other secret to remove outright. */
  passwords?: (string | null | undefined)[];
}

export const REMOVED = '[removed]';

/** "861234567890123" -> "***********0123". */
/** The first rules of PATTERNS are the password rules. */
const PASSWORD_RULES = 5;

export function maskKeepLast4(value: string): string {
  return value.length <= 4 ? value : '*'.repeat(value.length - 4) + value.slice(-4);
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const PATTERNS: { re: RegExp; fix: (m: string, ...g: string[]) => string }[] = [
  // AT+CGAUTH=<cid>,<type>,"<password>","<user>" (SIMCom: password before user, sim7600.md §2).
  { re: /(AT\+CGAUTH=\d+,\d+,)"([^"]*)"/gi, fix: (_m, head) => `${head}"${REMOVED}"` },
  // +CGAUTH: <cid>,<type>,<user>,<passwd> (read form: password last).
  { re: /(\+CGAUTH:\s*\d+,\d+,"?[^",\r\n]*"?,)"?([^",\r\n]*)"?/gi, fix: (_m, head) => `${head}"${REMOVED}"` },
  // Quectel AT+QICSGP=<ctx>,<type>,"<apn>","<user>","<password>",<auth> and its read form.
  { re: /((?:AT\+QICSGP=|\+QICSGP:\s*)\d+,\d+,"[^"]*","[^"]*",)"([^"]*)"/gi, fix: (_m, head) => `${head}"${REMOVED}"` },
  // JSON / config style: "password": "x", password=x, passwd: x, psk=x, secret: x.
  { re: /("(?:password|passwd|psk|secret)"\s*:\s*)"(?:[^"\\]|\\.)*"/gi, fix: (_m, head) => `${head}"${REMOVED}"` },
  { re: /\b((?:password|passwd|psk|secret)\s*[=:]\s*)(?!\[removed\])[^\s,;"']+/gi, fix: (_m, head) => `${head}${REMOVED}` },
  // (the rules above remove passwords; PASSWORD_RULES counts them)
  // ICCID: 89 + 16..18 digits, maybe a trailing hex pad nibble (T-13: "may hold hex letters").
  { re: /\b89\d{15,18}[0-9A-Fa-f]?\b/g, fix: (m) => maskKeepLast4(m) },
  // IMEI (15) / IMSI (14-15) and any other long run of digits an identifier could be.
  { re: /(?<![\d*])\d{14,17}(?!\d)/g, fix: (m) => maskKeepLast4(m) },
  // Phone numbers: international +<7..15 digits>, and the number field of +CNUM.
  { re: /\+\d{7,15}\b/g, fix: (m) => '+' + maskKeepLast4(m.slice(1)) },
  { re: /(\+CNUM:\s*"[^"]*",")(\d{5,15})"/gi, fix: (_m, head, num) => `${head}${maskKeepLast4(num ?? '')}"` },
];

/** Only the password rules: what the doctor's own evidence gets (identifiers stay, they are the user's to see). */
export function removePasswords(text: string): string {
  let out = text;
  for (const { re, fix } of PATTERNS.slice(0, PASSWORD_RULES)) out = out.replace(re, (m: string, ...g: unknown[]) => fix(m, ...(g.filter((x) => typeof x === 'string') as string[])));
  return out;
}

export function redactText(text: string, known: KnownSecrets = {}): string {
  let out = text;
  for (const p of known.passwords ?? []) if (p && p.length > 0) out = out.replace(new RegExp(escapeRe(p), 'g'), REMOVED);
  for (const id of known.identifiers ?? []) if (id && id.length > 4) out = out.replace(new RegExp(escapeRe(id), 'gi'), maskKeepLast4(id));
  for (const { re, fix } of PATTERNS) out = out.replace(re, (m: string, ...g: unknown[]) => fix(m, ...(g.filter((x) => typeof x === 'string') as string[])));
  return out;
}

/** Redacts every string inside a JSON-like value; keys named like passwords lose their value. */
export function redactValue<T>(value: T, known: KnownSecrets = {}): T {
  const walk = (v: unknown, key?: string): unknown => {
    if (typeof v === 'string') return key && /^(password|passwd|psk|secret)$/i.test(key) ? REMOVED : redactText(v, known);
    if (Array.isArray(v)) return v.map((x) => walk(x));
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x, k)]));
    return v;
  };
  return walk(value) as T;
}
