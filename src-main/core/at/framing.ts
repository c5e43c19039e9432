// Streaming line framer for AT traffic (vendor manual §2: responses are <CR><LF>text<CR><LF>).
// Works on bytes, not strings, so it never depends on how the port chunked the data:
// - CR, LF, CRLF and the `\r\r\n` some SIM7600 firmware sends all end a line; empty lines are dropped.
// - CR and LF never occur inside a UTF-8 multi-byte sequence, so each line is decoded on its own,
//   with U+FFFD for invalid bytes (TextDecoder without `fatal`): the framer never throws.
// - `> ` at the start of a line is the prompt of AT+CMGS and friends (27.005 §3.5.1): it has no
//   line ending, so it is reported the moment its second byte arrives.

export type Frame = { type: 'line'; text: string } | { type: 'prompt' };

const CR = 0x0d;
const LF = 0x0a;
const GT = 0x3e;
const SPACE = 0x20;
/** Longest line kept; a modem that never sends a line ending must not grow memory without bound. */
const MAX_LINE_BYTES = 64 * 1024;

export class LineFramer {
  private readonly decoder = new TextDecoder('utf-8');
  /** Bytes of the line under construction. */
  private pending: Uint8Array = new Uint8Array(256);
  private pendingLength = 0;

  /** Feeds a chunk; returns the frames it completed, in order. */
  push(chunk: Uint8Array): Frame[] {
    const frames: Frame[] = [];
    let start = 0;
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i];
      if (b === CR || b === LF) {
        this.append(chunk, start, i);
        this.flushLine(frames);
        start = i + 1;
      } else if (b === SPACE && this.isPromptAt(chunk, start, i)) {
        // `>` is either the last pending byte or the byte just before this space in the chunk.
        this.pendingLength = 0;
        frames.push({ type: 'prompt' });
        start = i + 1;
      }
    }
    this.append(chunk, start, chunk.length);
    return frames;
  }

  /** Text of an unterminated line still waiting for its end (for diagnostics). */
  get partial(): string {
    return this.decoder.decode(this.pending.subarray(0, this.pendingLength));
  }

  /** Drops any partial line (e.g. after the port reopened). */
  reset(): void {
    this.pendingLength = 0;
  }

  /** True when the line so far is exactly `>` and byte i (a space) completes `> `. */
  private isPromptAt(chunk: Uint8Array, start: number, i: number): boolean {
    const inChunk = i - start; // bytes of this line that are still in the chunk, before i
    if (inChunk === 1) return this.pendingLength === 0 && chunk[start] === GT;
    if (inChunk === 0) return this.pendingLength === 1 && this.pending[0] === GT;
    return false;
  }

  private append(chunk: Uint8Array, from: number, to: number): void {
    const n = to - from;
    if (n <= 0) return;
    if (this.pendingLength + n > MAX_LINE_BYTES) {
      // Runaway line: keep the newest bytes only.
      this.pendingLength = 0;
      from = Math.max(from, to - MAX_LINE_BYTES);
    }
    const need = this.pendingLength + (to - from);
    if (need > this.pending.length) {
      const grown = new Uint8Array(Math.max(need, this.pending.length * 2));
      grown.set(this.pending.subarray(0, this.pendingLength));
      this.pending = grown;
    }
    this.pending.set(chunk.subarray(from, to), this.pendingLength);
    this.pendingLength = need;
  }

  private flushLine(frames: Frame[]): void {
    if (this.pendingLength === 0) return;
    const bytes = this.pending.subarray(0, this.pendingLength);
    this.pendingLength = 0;
    const text = this.decoder.decode(bytes);
    // Blank lines (only spaces/tabs) carry nothing in AT responses.
    if (text.trim() === '') return;
    frames.push({ type: 'line', text });
  }
}

/** Frames a whole byte string at once (tests, fixtures). */
export function frameAll(bytes: Uint8Array): Frame[] {
  return new LineFramer().push(bytes);
}

/**
 * True when `line` is the modem echoing `command` back (echo is on by default, ATE0 turns it off).
 * Compared without case and surrounding blanks: users type `at+csq`, some firmware upper-cases it.
 */
export function isEchoOf(line: string, command: string): boolean {
  return line.trim().toUpperCase() === command.trim().toUpperCase();
}
