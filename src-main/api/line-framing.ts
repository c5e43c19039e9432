// Newline-delimited frames over a byte stream (the daemon's Unix socket, issue 11): one JSON message per
// line. Memory stays bounded whatever the peer sends: a line longer than `maxLineBytes` (with or without
// its newline yet) is reported as overflow instead of being buffered further, and the partial line
// held when the stream ends is simply dropped (never parsed half-sent).
import { TextDecoder } from 'node:util';

const NL = 0x0a;
const CR = 0x0d;

export interface SplitResult {
  /** Complete lines, without the newline (and a CR before it), empty lines skipped. */
  lines: Buffer[];
  /** A line went over the limit: the caller must close the stream (nothing more is buffered). */
  overflow: boolean;
}

export class LineSplitter {
  private parts: Buffer[] = [];
  private held = 0;
  private broken = false;

  constructor(private readonly maxLineBytes: number) {
    if (!Number.isInteger(maxLineBytes) || maxLineBytes < 1) throw new RangeError('maxLineBytes must be a positive integer');
  }

  /** Bytes of the partial line waiting for its newline. */
  get pending(): number {
    return this.held;
  }

  push(chunk: Uint8Array): SplitResult {
    const lines: Buffer[] = [];
    if (this.broken) return { lines, overflow: true };
    let data = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    for (;;) {
      const nl = data.indexOf(NL);
      if (nl < 0) break;
      if (this.held + nl > this.maxLineBytes) return this.overflow(lines);
      const line = this.held > 0 ? Buffer.concat([...this.parts, data.subarray(0, nl)]) : data.subarray(0, nl);
      this.parts = [];
      this.held = 0;
      const end = line.length > 0 && line[line.length - 1] === CR ? line.length - 1 : line.length;
      // Copied: the caller may keep the line while the socket reuses its buffer.
      if (end > 0) lines.push(Buffer.from(line.subarray(0, end)));
      data = data.subarray(nl + 1);
    }
    if (data.length > 0) {
      if (this.held + data.length > this.maxLineBytes) return this.overflow(lines);
      this.parts.push(Buffer.from(data));
      this.held += data.length;
    }
    return { lines, overflow: false };
  }

  /** The stream ended: a half-sent line is dropped, never handed on. Returns how many bytes were dropped. */
  end(): number {
    const dropped = this.held;
    this.parts = [];
    this.held = 0;
    return dropped;
  }

  private overflow(lines: Buffer[]): SplitResult {
    this.broken = true;
    this.parts = [];
    this.held = 0;
    return { lines, overflow: true };
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** The line as text, or null when it is not valid UTF-8 (the WebSocket rule, RFC 6455 §8.1). */
export function decodeUtf8Line(line: Uint8Array): string | null {
  try {
    return utf8.decode(line);
  } catch {
    return null;
  }
}
