// How the twin's firmware reads a command line (V.250 §5.2-5.4): `AT` prefix, basic commands
// (`E0`, `I`) that may follow each other, extended commands (`+CSQ`) separated by `;`, and the
// four kinds exec / read `?` / test `=?` / write `=<params>`. Names are case-insensitive
// (transcripts T-9 types `at+csq`); quoted string parameters keep their case.

export type CommandKind = 'exec' | 'read' | 'test' | 'write';

export interface ParsedCommand {
  /** Upper-case name with its prefix: '+CGDCONT', 'E', 'I', '&F'. */
  name: string;
  kind: CommandKind;
  /** Write parameters in order; `undefined` marks an omitted one (`1,,2`). */
  params: Param[];
  /** Basic commands: the number after the letter (`E0` → 0), when given. */
  value?: number;
  /** The command text as typed, without `AT` and `;`. */
  text: string;
}

export interface Param {
  value: string;
  quoted: boolean;
}

/** Splits `AT...` into its commands, or returns undefined when the line is malformed (→ ERROR). */
export function parseCommandLine(line: string): ParsedCommand[] | undefined {
  if (!/^AT/i.test(line)) return undefined;
  let rest = line.slice(2);
  const out: ParsedCommand[] = [];
  while (rest.length > 0) {
    if (rest.startsWith(';')) {
      rest = rest.slice(1);
      continue;
    }
    if (/^[+$^]/.test(rest)) {
      const end = indexOfUnquoted(rest, ';');
      const text = end < 0 ? rest : rest.slice(0, end);
      rest = end < 0 ? '' : rest.slice(end + 1);
      const cmd = parseExtended(text);
      if (!cmd) return undefined;
      out.push(cmd);
      continue;
    }
    const basic = /^(&?[A-Za-z])(\d*)/.exec(rest);
    if (!basic) return undefined;
    const [text, letter = '', digits = ''] = basic;
    out.push({
      name: letter.toUpperCase(),
      kind: 'exec',
      params: [],
      text,
      ...(digits ? { value: Number(digits) } : {}),
    });
    rest = rest.slice(text.length);
  }
  return out;
}

function parseExtended(text: string): ParsedCommand | undefined {
  const m = /^([+$^][A-Za-z][A-Za-z0-9]*)(.*)$/s.exec(text);
  if (!m) return undefined;
  const name = (m[1] ?? '').toUpperCase();
  const tail = m[2] ?? '';
  if (tail === '') return { name, kind: 'exec', params: [], text };
  if (tail === '?') return { name, kind: 'read', params: [], text };
  if (tail === '=?') return { name, kind: 'test', params: [], text };
  if (!tail.startsWith('=')) return undefined;
  const params = splitParams(tail.slice(1));
  if (!params) return undefined;
  return { name, kind: 'write', params, text };
}

/** `1,"IP","a,b"` → three params; returns undefined on an unterminated quote. */
export function splitParams(text: string): Param[] | undefined {
  const params: Param[] = [];
  let i = 0;
  for (;;) {
    while (text[i] === ' ') i++;
    if (text[i] === '"') {
      const close = text.indexOf('"', i + 1);
      if (close < 0) return undefined;
      params.push({ value: text.slice(i + 1, close), quoted: true });
      i = close + 1;
      while (text[i] === ' ') i++;
    } else {
      const comma = text.indexOf(',', i);
      const raw = (comma < 0 ? text.slice(i) : text.slice(i, comma)).trim();
      params.push({ value: raw, quoted: false });
      i = comma < 0 ? text.length : comma;
    }
    if (i >= text.length) break;
    if (text[i] !== ',') return undefined;
    i++;
  }
  return params;
}

function indexOfUnquoted(text: string, ch: string): number {
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') quoted = !quoted;
    else if (c === ch && !quoted) return i;
  }
  return -1;
}

/** An integer parameter within [min, max], or undefined (omitted, not a number, out of range). */
export function intParam(p: Param | undefined, min: number, max: number): number | undefined {
  if (!p || p.quoted || !/^\d+$/.test(p.value)) return undefined;
  const n = Number(p.value);
  return n >= min && n <= max ? n : undefined;
}
