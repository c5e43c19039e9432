// Puts the twin's AT port on a real PTY (src-main/platform/serial/pty.ts) that the real
// `serialport` package opens, for integration tests and `simhat twin`. Like a USB modem:
// - while the twin is on the bus there is one PTY, reachable through a stable symlink (`link`,
//   the role /dev/serial/by-id/... plays for a real modem);
// - when the twin resets or is unplugged, the PTY is closed (clients see the port vanish) and
//   the link removed; when it is back, a NEW PTY is opened and the link points at it.
// Events tell consumers (tests, detection) when the port is usable and under which USB PID.
import { EventEmitter } from 'node:events';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { openPty, type PtyPair } from '../platform/serial/pty.js';
import type { UsbPid } from './state.js';
import type { Twin } from './twin.js';

export interface TwinPtyOptions {
  /** Stable symlink to the current PTY. Default: <tmpdir>/simhat-twin-XXXXXX/sim7600-at (directory removed on close). */
  link?: string;
  /** Path of socat; default 'socat' from PATH. */
  socatPath?: string;
}

export interface PortInfo {
  /** The stable link. */
  path: string;
  /** The PTY slave behind it now, e.g. /dev/pts/7. */
  slavePath: string;
  /** USB PID the twin is enumerated with (pick the USB layout from ./usb-descriptors.ts). */
  pid: UsbPid;
}

export interface TwinPtyEvents {
  /** A PTY is up and the link points at it: open `path` now. */
  'port-open': [info: PortInfo];
  /** The PTY is gone (reset, unplug, dispose); the link is removed. */
  'port-closed': [info: { slavePath: string; pid: UsbPid }];
  /** Opening a new PTY failed (socat missing or died). */
  error: [error: Error];
}

export class TwinPtyBinding extends EventEmitter<TwinPtyEvents> {
  /** The stable path clients open. */
  readonly link: string;
  readonly twin: Twin;
  #pty: PtyPair | undefined;
  #port: PortInfo | undefined;
  #ownedDir: string | undefined;
  #socatPath: string | undefined;
  #chain: Promise<void> = Promise.resolve();
  #closed = false;
  #unsubscribe: () => void = () => {};

  private constructor(twin: Twin, link: string, ownedDir: string | undefined, socatPath: string | undefined) {
    super();
    this.twin = twin;
    this.link = link;
    this.#ownedDir = ownedDir;
    this.#socatPath = socatPath;
  }

  /** Binds the twin to a PTY; resolves once the first PTY is open when the twin is on the bus. */
  static async attach(twin: Twin, options: TwinPtyOptions = {}): Promise<TwinPtyBinding> {
    let ownedDir: string | undefined;
    let link = options.link;
    if (link === undefined) {
      ownedDir = await mkdtemp(join(tmpdir(), 'simhat-twin-'));
      link = join(ownedDir, 'sim7600-at');
    } else if (!isAbsolute(link)) {
      link = resolve(link);
    }
    // socat takes the link inside its address string: these characters would change its meaning.
    if (/[,!:\s]/.test(link)) throw new Error(`the twin's port link may not contain , ! : or spaces: ${link}`);
    const binding = new TwinPtyBinding(twin, link, ownedDir, options.socatPath);
    binding.#subscribe();
    if (twin.present) {
      await binding.#enqueue(() => binding.#openPort());
      if (!binding.#port) throw new Error('could not open a PTY for the twin');
    }
    return binding;
  }

  /** The port now, or undefined while the twin is off the bus. */
  get port(): PortInfo | undefined {
    return this.#port;
  }

  /** Resolves with the port once one is open (at once if it is). */
  waitForPort(timeoutMs = 10_000): Promise<PortInfo> {
    if (this.#port) return Promise.resolve(this.#port);
    return new Promise((resolvePort, reject) => {
      const timer = setTimeout(() => {
        this.off('port-open', onOpen);
        reject(new Error(`the twin's port did not appear within ${timeoutMs} ms`));
      }, timeoutMs);
      const onOpen = (info: PortInfo) => {
        clearTimeout(timer);
        resolvePort(info);
      };
      this.once('port-open', onOpen);
    });
  }

  /** Closes the PTY and removes the link (and the temp directory it created). Does not dispose the twin. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#unsubscribe();
    await this.#enqueue(() => this.#closePort());
    if (this.#ownedDir) await rm(this.#ownedDir, { recursive: true, force: true });
  }

  #subscribe(): void {
    const onOutput = (text: string) => this.#pty?.write(Buffer.from(text, 'latin1'));
    const onGone = () => void this.#enqueue(() => this.#closePort());
    const onBack = () => void this.#enqueue(() => this.#openPort());
    this.twin.on('output', onOutput);
    this.twin.on('reset-start', onGone);
    this.twin.on('unplugged', onGone);
    this.twin.on('disposed', onGone);
    this.twin.on('reappeared', onBack);
    this.#unsubscribe = () => {
      this.twin.off('output', onOutput);
      this.twin.off('reset-start', onGone);
      this.twin.off('unplugged', onGone);
      this.twin.off('disposed', onGone);
      this.twin.off('reappeared', onBack);
    };
  }

  /** PTY open/close run one after the other, in event order. */
  #enqueue(step: () => Promise<void>): Promise<void> {
    this.#chain = this.#chain.then(step, step);
    return this.#chain;
  }

  async #openPort(): Promise<void> {
    if (this.#pty || !this.twin.present || this.#closed) return;
    try {
      await mkdir(dirname(this.link), { recursive: true });
      const pty = await openPty({ link: this.link, ...(this.#socatPath ? { socatPath: this.#socatPath } : {}) });
      pty.onData((chunk) => this.twin.input(chunk));
      this.#pty = pty;
      // socat dying on its own (killed) is the port vanishing too.
      void pty.exited.then(() => {
        if (this.#pty === pty) void this.#enqueue(() => this.#closePort());
      });
      this.#port = { path: this.link, slavePath: pty.slavePath, pid: this.twin.pid };
      this.emit('port-open', this.#port);
    } catch (err) {
      // An 'error' event without a listener would throw from inside the twin's event: report only when heard.
      if (this.listenerCount('error') > 0) this.emit('error', err as Error);
    }
  }

  async #closePort(): Promise<void> {
    const pty = this.#pty;
    if (!pty) return;
    const info = { slavePath: pty.slavePath, pid: this.#port?.pid ?? this.twin.pid };
    this.#pty = undefined;
    this.#port = undefined;
    await pty.close();
    this.emit('port-closed', info);
  }
}
