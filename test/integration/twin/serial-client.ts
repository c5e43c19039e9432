// A bare client on the REAL serialport package, for tests of the twin's PTY: raw reads, no AT
// engine in between, so what is asserted is exactly what a serial program receives.
import { SerialPort } from 'serialport';

const FINAL = /\r\n(OK|ERROR|\+CME ERROR: [^\r]*)\r\n/;

export class SerialClient {
  /** Everything received since open (latin1). */
  text = '';
  /** Resolves when the port closes; with an error when it vanished (not closed by us). */
  readonly closed: Promise<Error | null>;
  #port: SerialPort;

  private constructor(port: SerialPort) {
    this.#port = port;
    port.on('data', (chunk: Buffer) => {
      this.text += chunk.toString('latin1');
    });
    // A vanished PTY shows up either as 'close' with a disconnect error (EBADF) or, depending on
    // timing, only as a read 'error' (EIO): both mean the port is gone for the program.
    this.closed = new Promise((resolve) => {
      port.once('close', (err: Error | null) => resolve(err ?? null));
      port.once('error', (err: Error) => resolve(err));
    });
    port.on('error', () => {});
  }

  static async open(path: string): Promise<SerialClient> {
    const port = new SerialPort({ path, baudRate: 115200, autoOpen: false });
    await new Promise<void>((resolve, reject) => port.open((err) => (err ? reject(err) : resolve())));
    return new SerialClient(port);
  }

  get isOpen(): boolean {
    return this.#port.isOpen;
  }

  /** Writes `line\r` and resolves with what came back (echo included) up to the final result. */
  async send(line: string, timeoutMs = 3000): Promise<string> {
    const start = this.text.length;
    await new Promise<void>((resolve, reject) => this.#port.write(`${line}\r`, (err) => (err ? reject(err) : resolve())));
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const chunk = this.text.slice(start);
      const m = FINAL.exec(chunk);
      if (m) return chunk.slice(0, m.index + m[0].length);
      if (Date.now() > deadline) throw new Error(`no final result for ${line} within ${timeoutMs} ms: ${JSON.stringify(chunk)}`);
      await new Promise((r) => setTimeout(r, 5));
    }
  }

  /**
   * Resolves once the program can tell its port is gone. serialport does not always report a
   * hung-up PTY (a hung-up tty reads as EOF, which it retries silently), but a write to it fails
   * with EIO — so probe with an empty line (the module ignores those) until one fails.
   */
  async gone(timeoutMs = 3000): Promise<Error | null> {
    let result: Error | null | undefined;
    void this.closed.then((e) => {
      result = e;
    });
    const deadline = Date.now() + timeoutMs;
    while (result === undefined) {
      if (Date.now() > deadline) throw new Error('the port still looks alive');
      if (this.#port.isOpen) {
        const err = await new Promise<Error | null>((resolve) => {
          this.#port.write('\r', (e) => (e ? resolve(e) : this.#port.drain((d) => resolve(d ?? null))));
        });
        if (err) return err;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    return result;
  }

  /** Resolves once `pattern` matches the text received so far. */
  async waitFor(pattern: RegExp, timeoutMs = 3000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!pattern.test(this.text)) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${pattern}: ${JSON.stringify(this.text)}`);
      await new Promise((r) => setTimeout(r, 5));
    }
  }

  async close(): Promise<void> {
    if (!this.#port.isOpen) return;
    await new Promise<void>((resolve) => this.#port.close(() => resolve()));
  }
}
