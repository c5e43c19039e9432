// Shared helpers for the per-command parsers: splitting `+NAME: a,"b",c` into fields
// (27.007 §4.1: strings are quoted, commas inside quotes are data) and raising parse errors.
import { AtError } from '../errors.js';
import { classifyUrc } from '../urc.js';
import { splitFields, type Field } from './split-fields.js';

export { splitFields, type Field };

export function parseError(command: string, detail: string, lines: readonly string[]): AtError {
  return new AtError('parse', `${command}: unexpected answer (${detail}): ${JSON.stringify(lines)}`);
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

/**
 * The value of a bare one-line answer (CGMM, CGSN, CIMI), with an optional `+NAME:` prefix tolerated.
 * Unsolicited lines that slipped into the payload (a `MISSED_CALL:` during AT+CGMM, a `+CLCC:`
 * during AT+CIMI: issue 12) are not the value.
 */
export function bareValue(command: string, lines: readonly string[], prefix: string): string {
  const candidates = lines.map((l) => l.trim()).filter((l) => l !== '' && classifyUrc(l, command) === undefined);
  const first = candidates[0];
  if (first === undefined) throw parseError(command, 'no value', lines);
  if (candidates.length > 1) throw parseError(command, 'more than one line', lines);
  return afterPrefix(first, prefix) ?? first;
}

/**
 * What a parser made of a payload, without throwing (issue 12: "a parser fed a payload with an
 * unknown line must not throw"): the value, or the lines it could not recognise and why.
 */
export type ParseResult<T> = { ok: true; value: T } | { ok: false; unrecognised: string[]; reason: string };

/**
 * Runs one of the per-command parsers and turns its AtError('parse') into a typed result. Any
 * other exception is a bug in the parser and is not hidden (the property test feeds random lines).
 */
export function attempt<T>(parse: (lines: readonly string[]) => T, lines: readonly string[]): ParseResult<T> {
  try {
    return { ok: true, value: parse(lines) };
  } catch (err) {
    if (err instanceof AtError && err.code === 'parse') return { ok: false, unrecognised: [...lines], reason: err.message };
    throw err;
  }
}
