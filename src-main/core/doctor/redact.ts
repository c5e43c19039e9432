// Redaction of the diagnostics bundle (issue 6): IMEI, IMSI, ICCID and phone numbers are masked
// except their last 4 digits, host MAC addresses keep only their vendor half, and every password is
// removed, wherever they appear (AT transcript, doctor evidence, command output, JSON). Two layers: the
// exact values simhat read from the modem (and the passwords it knows), then patterns, for values it
// never saw (a second modem, a log).
// AT credentials are found by parsing the command's parameter list, quoted fields whole (issue 15):
// splitting on commas let a user name `us,er` shift the fields so the whole password stayed, and a
// password `pw,with,comma` kept its tail.

export interface KnownSecrets {
  /** IMEI, IMSI, ICCID, phone numbers read from the modem. */
  identifiers?: (string | null | undefined)[];
  /** APN passwords and any other secret to remove outright. */
  passwords?: (string | null | undefined)[];
}

export const REMOVED = '[removed]';

/** "861234567890123" -> "***********0123". */
export function maskKeepLast4(value: string): string {
  return value.length <= 4 ? value : '*'.repeat(value.length - 4) + value.slice(-4);
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

// ---- AT credentials, by field ----------------------------------------------------------------

/** Where the password sits in each command or answer that carries one (0-based field index). */
const CREDENTIAL_FIELDS: { prefix: RegExp; password: number }[] = [
  // AT+CGAUTH=<cid>,<type>,"<password>","<user>": password before user on SIMCom (sim7600.md §2).
  { prefix: /AT\+CGAUTH=/gi, password: 2 },
  // +CGAUTH: <cid>,<type>,<user>,<passwd> (the read form: password last).
  { prefix: /\+CGAUTH:[ \t]*/gi, password: 3 },
  // Quectel AT+QICSGP=<ctx>,<type>,"<apn>","<user>","<password>",<auth> (core/apn/quectel.ts).
  { prefix: /AT\+QICSGP=/gi, password: 4 },
  // Its read form has no context id: +QICSGP: <type>,"<apn>","<user>","<password>",<auth>.
  { prefix: /\+QICSGP:[ \t]*/gi, password: 3 },
];

export interface FieldSpan {
  start: number;
  end: number;
  quoted: boolean;
  value: string;
}

/**
 * The parameter fields of an AT line from `from` on: a quoted field runs to its closing quote, commas
 * included (AT strings have no escapes; an unterminated one runs to the end of the line); an unquoted
 * field runs to the next comma, quote or white space. Stops at the first character that cannot
 * continue the list (e.g. the ` → OK` a log appends).
 */
export function atFields(line: string, from: number): FieldSpan[] {
  const fields: FieldSpan[] = [];
  let i = from;
  for (;;) {
    if (line[i] === '"') {
      const close = line.indexOf('"', i + 1);
      const end = close < 0 ? line.length : close + 1;
      fields.push({ start: i, end, quoted: true, value: line.slice(i + 1, close < 0 ? line.length : close) });
      i = end;
    } else {
      const m = /^[^,"\s]*/.exec(line.slice(i)) as RegExpExecArray;
      fields.push({ start: i, end: i + m[0].length, quoted: false, value: m[0] });
      i += m[0].length;
    }
    if (line[i] !== ',') return fields;
    i++;
  }
}

/** Every password field of a CGAUTH / QICSGP command or answer in the text, removed. */
export function removeAtCredentials(text: string): string {
  return text
    .split('\n')
    .map((line) => {
      let out = line;
      for (const rule of CREDENTIAL_FIELDS) {
        rule.prefix.lastIndex = 0;
        const spans: FieldSpan[] = [];
        for (let m = rule.prefix.exec(out); m; m = rule.prefix.exec(out)) {
          const f = atFields(out, m.index + m[0].length)[rule.password];
          if (f && (f.value.length > 0 || f.quoted)) spans.push(f);
        }
        // Right to left, so earlier spans keep their offsets.
        for (const f of spans.reverse()) out = out.slice(0, f.start) + `"${REMOVED}"` + out.slice(f.end);
      }
      return out;
    })
    .join('\n');
}

// ---- other patterns --------------------------------------------------------------------------

type Rule = { re: RegExp; fix: (m: string, ...g: string[]) => string };

const KEY_PASSWORD_RULES: Rule[] = [
  // JSON / config style: "password": "x", password=x, passwd: x, psk="x y", secret: x. A quoted value is
  // removed whole, an unquoted one up to white space or ';' (commas included: `pw,with,comma`).
  { re: /("(?:password|passwd|psk|secret)"\s*:\s*)"(?:[^"\\]|\\.)*"/gi, fix: (_m, head) => `${head}"${REMOVED}"` },
  { re: /\b((?:password|passwd|psk|secret)\s*[=:]\s*)(?:"[^"\r\n]*"|'[^'\r\n]*'|(?!\[removed\])[^\s;"']+)/gi, fix: (_m, head) => `${head}${REMOVED}` },
];

const HEX = '[0-9A-Fa-f]';

const IDENTIFIER_RULES: Rule[] = [
  // ICCID: 89 + 16..18 digits, maybe a trailing hex pad nibble (T-13: "may hold hex letters").
  { re: /\b89\d{15,18}[0-9A-Fa-f]?\b/g, fix: (m) => maskKeepLast4(m) },
  // IMEI (15) / IMSI (14-15) and any other long run of digits an identifier could be.
  { re: /(?<![\d*])\d{14,17}(?!\d)/g, fix: (m) => maskKeepLast4(m) },
  // Phone numbers: international +<7..15 digits>, and the number field of +CNUM.
  { re: /\+\d{7,15}\b/g, fix: (m) => '+' + maskKeepLast4(m.slice(1)) },
  { re: /(\+CNUM:\s*"[^"]*",")(\d{5,15})"/gi, fix: (_m, head, num) => `${head}${maskKeepLast4(num ?? '')}"` },
  // Host MAC addresses (`ip address`, dmesg): the vendor half (OUI) stays, the device half goes.
  // Broadcast and all-zero addresses identify nobody and stay.
  {
    re: new RegExp(`(?<![0-9A-Fa-f:-])(${HEX}{2}([:-])${HEX}{2}\\2${HEX}{2})\\2${HEX}{2}\\2${HEX}{2}\\2${HEX}{2}(?![0-9A-Fa-f:-])`, 'g'),
    fix: (m, oui, sep) => (/^(ff[:-]){5}ff$/i.test(m) || /^(00[:-]){5}00$/.test(m) ? m : `${oui}${sep}**${sep}**${sep}**`),
  },
  // systemd's MAC-based interface names (enx + 12 hex digits, transcripts T-31): the same cut.
  { re: /\benx([0-9a-f]{6})[0-9a-f]{6}\b/g, fix: (_m, oui) => `enx${oui}******` },
  // IPv6 interface ids made from a MAC (EUI-64, `xxxx:xxff:fexx:xxxx`): its device half goes too.
  { re: new RegExp(`(${HEX}{1,4}:${HEX}{0,2}ff:fe)${HEX}{2}:${HEX}{1,4}(?![0-9A-Fa-f:])`, 'gi'), fix: (_m, head) => `${head}**:****` },
];

function applyRules(text: string, rules: Rule[]): string {
  let out = text;
  for (const { re, fix } of rules) out = out.replace(re, (m: string, ...g: unknown[]) => fix(m, ...(g.filter((x) => typeof x === 'string') as string[])));
  return out;
}

/** Only the password rules: what the doctor's own evidence gets (identifiers stay, they are the user's to see). */
export function removePasswords(text: string): string {
  return applyRules(removeAtCredentials(text), KEY_PASSWORD_RULES);
}

export function redactText(text: string, known: KnownSecrets = {}): string {
  let out = text;
  for (const p of known.passwords ?? []) if (p && p.length > 0) out = out.replace(new RegExp(escapeRe(p), 'g'), REMOVED);
  for (const id of known.identifiers ?? []) if (id && id.length > 4) out = out.replace(new RegExp(escapeRe(id), 'gi'), maskKeepLast4(id));
  out = removePasswords(out);
  return applyRules(out, IDENTIFIER_RULES);
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
