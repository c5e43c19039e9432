// Every command's usage text fitted to 80 columns when it is printed (`--help`, `help <command>`, a
// usage error), so the texts stay written as plainly as they are: an option's description wraps under
// its own column, a synopsis line under the command, and a bracketed group ([--pin <pin>]) or
// `command` is never split.
import { MAX_WIDTH, visibleLength, wrapWithIndent } from './terminal-style.js';

const NBSP = '\u00a0';

/**
 * Spaces inside [...] and <...> become no-break spaces: a group wraps as one word. A group longer than
 * a line (`room`) may break between the groups nested in it, never inside them.
 */
function keepGroups(text: string, room: number): string {
  const chars = [...text];
  let out = '';
  for (let i = 0; i < chars.length; ) {
    if (chars[i] !== '[' && chars[i] !== '<') {
      out += chars[i++];
      continue;
    }
    const end = groupEnd(chars, i);
    const group = chars.slice(i, end + 1).join('');
    out += [...group].length <= room ? group.replace(/ /g, NBSP) : group[0] + keepGroups(group.slice(1, -1), room) + group.slice(-1);
    i = end + 1;
  }
  return out;
}

/** Index of the bracket that closes the one at `start` (the last character when it is never closed). */
function groupEnd(chars: string[], start: number): number {
  let depth = 0;
  for (let i = start; i < chars.length; i++) {
    if (chars[i] === '[' || chars[i] === '<') depth++;
    else if (chars[i] === ']' || chars[i] === '>') depth--;
    if (depth === 0) return i;
  }
  return chars.length - 1;
}

/** A line and the lines that continue it (written under its description column, or its own indent). */
interface Entry {
  head: string;
  body: string;
  /** Indent of the lines that continue it. */
  rest: string;
  /** Synopsis: bracketed groups stay whole. */
  groups: boolean;
  synopsis: boolean;
  lines: string[];
}

function entryOf(line: string, width: number): Entry {
  const synopsis = /^(\s*Usage: simhat [a-z-]+ )(.*)$/.exec(line);
  if (synopsis) return { head: synopsis[1]!, body: synopsis[2]!, rest: ' '.repeat(synopsis[1]!.length), groups: true, synopsis: true, lines: [line] };
  // "  --port <p>        description": the description keeps its column (when that leaves room).
  const option = /^(\s*\S.*?\s{2,})(\S.*)$/.exec(line);
  if (option && option[1]!.length <= width - 40) return { head: option[1]!, body: option[2]!, rest: ' '.repeat(option[1]!.length), groups: false, synopsis: false, lines: [line] };
  // Prose: a sentence goes on at its own indent; a command form ("set --port <p> ...") a little further in.
  const lead = /^\s*/.exec(line)![0];
  const body = line.slice(lead.length);
  return { head: lead, body, rest: /^[A-Z]/.test(body) ? lead : `${lead}  `, groups: true, synopsis: false, lines: [line] };
}

/** The entry as it was when it fits; else its text joined and wrapped again under its column. */
function layOut(e: Entry, width: number): string[] {
  if (e.lines.every((l) => visibleLength(l) <= width)) return e.lines;
  const room = width - Math.max(visibleLength(e.head), e.rest.length);
  return wrapWithIndent(e.groups ? keepGroups(e.body, room) : e.body, width, e.head, e.rest);
}

/**
 * A line at the entry's continuation column goes on with its text: a synopsis's next options, or the
 * rest of a sentence.
 */
function continues(entry: Entry, line: string, indent: number): boolean {
  // Where the source wrote its continuation: under the description, the synopsis, or the paragraph.
  if (indent !== entry.head.length) return false;
  if (entry.synopsis) return true;
  const text = line.trim();
  // A new option or bracketed form, a label ("Example: ..."), or a line after a bracketed form starts anew.
  return !/^[-[]/.test(text) && !/^[A-Z][a-z]+( [a-z]+)?:/.test(text) && !/\]$/.test(entry.lines.at(-1)!.trim());
}

export function fitUsage(usage: string, width = MAX_WIDTH): string {
  const out: string[] = [];
  let entry: Entry | undefined;
  const flush = () => {
    if (entry) out.push(...layOut(entry, width));
    entry = undefined;
  };
  for (const line of usage.split('\n')) {
    const indent = /^\s*/.exec(line)![0].length;
    if (entry && line.trim() !== '' && continues(entry, line, indent)) {
      entry.body += ` ${line.trim()}`;
      entry.lines.push(line);
      continue;
    }
    flush();
    if (line.trim() === '') out.push(line);
    else entry = entryOf(line, width);
  }
  flush();
  return out.join('\n');
}
