// How CLI text looks where it lands (issue 14 item 9): colour and symbols on a terminal only, never on
// a pipe, with NO_COLOR (no-color.org), on TERM=dumb or in --json; lines that fit 80 columns (or the
// terminal, when it is narrower), long prose wrapped under its own indent.
// picocolors: tiny, dependency-free and widely used, and createColors() lets us decide per stream.
import pc from 'picocolors';
// wrap-ansi: word wrapping that counts display columns and keeps colour codes intact.
import wrapAnsi from 'wrap-ansi';

/** What a command knows about its stdout (CliIo.terminal). */
export interface TerminalInfo {
  isTTY: boolean;
  /** Width of the terminal; undefined on a pipe. */
  columns?: number | undefined;
}

export type Paint = (text: string) => string;

export interface Style {
  /** Colour codes are written (a terminal, no NO_COLOR, not --json). */
  color: boolean;
  /** Symbols (✓ ✗ !) instead of the bracketed words of pipe output. */
  symbols: boolean;
  /** Columns to fit: 80, or a narrower terminal's width. */
  width: number;
  red: Paint;
  green: Paint;
  yellow: Paint;
  cyan: Paint;
  dim: Paint;
  bold: Paint;
}

/** The widest output, whatever the terminal: long lines read badly, and an SSH window is often 80 wide. */
export const MAX_WIDTH = 80;
const MIN_WIDTH = 40;

/** Colour only on a terminal, and never with NO_COLOR set to anything but "" (no-color.org) or TERM=dumb. */
export function wantsColor(terminal: TerminalInfo, env: NodeJS.ProcessEnv, json: boolean): boolean {
  if (json || !terminal.isTTY) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  return env.TERM !== 'dumb';
}

export function styleFor(terminal: TerminalInfo, env: NodeJS.ProcessEnv = process.env, json = false): Style {
  const color = wantsColor(terminal, env, json);
  const c = pc.createColors(color);
  const columns = terminal.isTTY && terminal.columns ? terminal.columns : MAX_WIDTH;
  return {
    color,
    symbols: color,
    width: Math.max(MIN_WIDTH, Math.min(MAX_WIDTH, columns)),
    red: (t) => c.red(t),
    green: (t) => c.green(t),
    yellow: (t) => c.yellow(t),
    cyan: (t) => c.cyan(t),
    dim: (t) => c.dim(t),
    bold: (t) => c.bold(t),
  };
}

/** Plain text for pipes and tests: no colour, no symbols, 80 columns. */
export const PLAIN: Style = styleFor({ isTTY: false });

/**
 * `text` wrapped to `width`: the first line after `first`, the next ones after `rest` (by default an
 * indent as wide as `first`). Its own line breaks are kept. Words longer than a line (paths, commands)
 * are never split.
 */
export function wrapWithIndent(text: string, width: number, first: string, rest: string = ' '.repeat(visibleLength(first))): string[] {
  const room = Math.max(20, width - Math.max(visibleLength(first), visibleLength(rest)));
  // A `command in backticks` stays on one line, to be copied whole: its spaces do not break.
  const kept = text.replace(/`[^`\n]+`/g, (span) => span.replace(/ /g, KEEP));
  const lines = wrapAnsi(kept, room, { hard: false, trim: true }).split('\n');
  return lines.map((l, i) => (i === 0 ? first : rest) + l.replace(KEEP_ALL, ' '));
}

// A no-break space stands in for the spaces of a kept span while wrapping (wrap-ansi breaks at ' ' only).
const KEEP = '\u00a0';
const KEEP_ALL = /\u00a0/g;

// Colour codes take no columns (CSI ... m, as picocolors writes them).
const ANSI = /\x1b\[[0-9;]*m/g;

export function stripAnsi(text: string): string {
  return text.replace(ANSI, '');
}

export function visibleLength(text: string): number {
  return [...stripAnsi(text)].length;
}

/** The style of a command's stdout (io.terminal; a pipe when unknown). */
export function ioStyle(io: { terminal?: TerminalInfo | undefined }, json = false, env: NodeJS.ProcessEnv = process.env): Style {
  return styleFor(io.terminal ?? { isTTY: false }, env, json);
}

/** A style, or something that has a terminal to take it from (a command's io); nothing: plain. */
export type StyleSource = Style | { terminal?: TerminalInfo | undefined };

export function asStyle(source: StyleSource | undefined): Style {
  if (!source) return PLAIN;
  return 'width' in source ? source : ioStyle(source);
}

/**
 * Text of several lines, each longer line wrapped under a hanging indent (its own indent + 2): for
 * outputs assembled line by line (net, mode). Lines starting with "$ " are commands and stay whole.
 */
export function fitLines(text: string, width: number = MAX_WIDTH): string {
  return text
    .split('\n')
    .flatMap((line) => {
      if (visibleLength(line) <= width || /^\s*\$ /.test(line)) return [line];
      const lead = /^\s*/.exec(line)![0];
      return wrapWithIndent(line.slice(lead.length), width, lead, `${lead}  `);
    })
    .join('\n');
}
