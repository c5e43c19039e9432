// Shared helpers for the per-command parsers: splitting `+NAME: a,"b",c` into fields
// (27.007 §4.1: strings are quoted, commas inside quotes are data) and raising parse errors.
import { AtError } from '../errors.js';

export interface Field {
  value: string;
  quoted: boolean;
}

export function parseError(command: string, detail: string, lines: readonly string[]): AtError {
  return new AtError('parse', `${command}: unexpected answer (${detail}): ${JSON.stringify(lines)}`);
}

/** Splits the text after `+NAME:` into fields; quotes are removed, blanks around unquoted fields trimmed. */
export function splitFields(text: string): Field[] {
  const fields: Field[] = [];
  let i = 0;
  const n = text.length;
  for (;;) {
    while (i < n && text[i] === ' ') i++;
    if (text[i] === '"') {
      const end = text.indexOf('"', i + 1);
      const close = end < 0 ? n : end;
      fields.push({ value: text.slice(i + 1, close), quoted: true });
      i = close + 1;
      while (i < n && text[i] !== ',') i++;
    } else {
      const comma = text.indexOf(',', i);
      const end = comma < 0 ? n : comma;
      fields.push({ value: text.slice(i, end).trim(), quoted: false });
      i = end;
    }
    if (i >= n) break;
    i++; // skip the comma
  }
  return fields;
}

/** Returns the text after `<prefix>:` when the line starts with it (case-insensitive), else undefined. */
export function afterPrefix(line: string, prefix: string): string | undefined {
  const trimmed = line.trim();
  if (trimmed.length < prefix.length + 1) return undefined;
  if (trimmed.slice(0, prefix.length).toUpperCase() !== prefix.toUpperCase() || trimmed[prefix.length] !== ':') return undefined;
  return trimmed.slice(prefix.length + 1).trim();
}

/** Lines that start with `<prefix>:`, as field lists. */
export function prefixedLines(lines: readonly string[], prefix: string): Field[][] {
  const out: Field[][] = [];
  for (const line of lines) {
    const rest = afterPrefix(line, prefix);
    if (rest !== undefined) out.push(splitFields(rest));
  }
  return out;
}

/** The single `<prefix>:` line's fields; parse error when there is none. */
export function singlePrefixed(command: string, lines: readonly string[], prefix: string): Field[] {
  const found = prefixedLines(lines, prefix);
  const first = found[0];
  if (!first) throw parseError(command, `no ${prefix}: line`, lines);
  return first;
}

export function intField(command: string, fields: readonly Field[], index: number, lines: readonly string[], name: string): number {
  const f = fields[index];
  if (!f || !/^-?\d+$/.test(f.value)) throw parseError(command, `${name} is not a number`, lines);
  return Number(f.value);
}

export function optionalInt(fields: readonly Field[], index: number): number | undefined {
  const f = fields[index];
  return f && /^-?\d+$/.test(f.value) ? Number(f.value) : undefined;
}

/** The value of a bare one-line answer (CGMM, CGSN, CIMI), with an optional `+NAME:` prefix tolerated. */
export function bareValue(command: string, lines: readonly string[], prefix: string): string {
  const candidates = lines.map((l) => l.trim()).filter((l) => l !== '');
  const first = candidates[0];
  if (first === undefined) throw parseError(command, 'no value', lines);
  if (candidates.length > 1) throw parseError(command, 'more than one line', lines);
  return afterPrefix(first, prefix) ?? first;
}
