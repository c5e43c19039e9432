// A minimal table-driven modem on the master side of a real PTY (ModemManager-style fake:
// command -> response lines, ERROR for anything unknown). The full simulated SIM7600 is the
// twin (src-main/twin); this is for AT-engine tests that need exact control of bytes and timing.
// Like a real modem it handles one command line at a time: while a delayed answer is pending,
// later command lines wait (echo included) and are handled after it, in order.
import { openPty, type PtyPair } from '../../src-main/platform/serial/pty.js';

/** What the responder does for one command line. */
export type Reply =
  | string[] // lines sent as <CR><LF>line<CR><LF>, the last one normally a final result
  // delayMs: the modem is busy that long, then answers (a late answer when it outlasts the
  // engine's timeout: a slow AT+COPS=? or AT+CFUN). raw: exact bytes instead of lines.
  | { lines: string[]; delayMs?: number; raw?: string }
  | 'silent'; // never answer (timeout tests); the modem stays free for the next line

export type ReplyTable = Record<string, Reply | ((command: string) => Reply)>;

export interface AtResponderOptions {
  /** Echo command lines back (the SIM7600 default, ATE0 turns it off); default true. */
  echo?: boolean;
  /** Symlink to keep pointing at the slave (stable path across re-creations). */
  link?: string;
}

export class AtResponder {
  /** Command lines received, in order. */
  readonly received: string[] = [];
  /** Every byte the serial client wrote, as latin1 text. */
  rawReceived = '';
  private buffer = '';
  private echo: boolean;
  /** Command lines received while a delayed answer was pending. */
  private readonly backlog: string[] = [];
  private busy: ReturnType<typeof setTimeout> | undefined;

  private constructor(
    readonly pty: PtyPair,
    private readonly table: ReplyTable,
    options: AtResponderOptions,
  ) {
    this.echo = options.echo ?? true;
    pty.onData((chunk) => this.onData(chunk));
  }

  static async start(table: ReplyTable, options: AtResponderOptions = {}): Promise<AtResponder> {
    const pty = await openPty(options.link === undefined ? {} : { link: options.link });
    return new AtResponder(pty, table, options);
  }

  get path(): string {
    return this.pty.link ?? this.pty.slavePath;
  }

  /** Sends bytes unprompted (URCs, garbage). */
  inject(text: string | Uint8Array): void {
    this.pty.write(text);
  }

  close(): Promise<void> {
    clearTimeout(this.busy);
    this.busy = undefined;
    this.backlog.length = 0;
    return this.pty.close();
  }

  private onData(chunk: Buffer): void {
    const text = chunk.toString('latin1');
    this.rawReceived += text;
    this.buffer += text;
    for (;;) {
      const cr = this.buffer.indexOf('\r');
      if (cr < 0) break;
      const line = this.buffer.slice(0, cr).replace(/^\n+/, '');
      this.buffer = this.buffer.slice(cr + 1);
      if (line.trim() === '') continue;
      this.received.push(line);
      if (this.busy) this.backlog.push(line);
      else this.answer(line);
    }
  }

  private answer(line: string): void {
    if (this.echo) this.pty.write(line + '\r');
    const upper = line.trim().toUpperCase();
    if (upper === 'ATE0') this.echo = false;
    if (upper === 'ATE1') this.echo = true;
    const entry = this.table[upper] ?? this.table[line] ?? this.table['*'];
    const reply: Reply = entry === undefined ? ['ERROR'] : typeof entry === 'function' ? entry(line) : entry;
    if (reply === 'silent') return;
    const spec = Array.isArray(reply) ? { lines: reply } : reply;
    const bytes = spec.raw ?? spec.lines.map((l) => `\r\n${l}\r\n`).join('');
    if (!spec.delayMs) {
      this.pty.write(bytes);
      return;
    }
    this.busy = setTimeout(() => {
      this.busy = undefined;
      this.pty.write(bytes);
      while (!this.busy && this.backlog.length > 0) this.answer(this.backlog.shift() as string);
    }, spec.delayMs);
  }
}
