// Transport over the real `serialport` package (115200 8N1; the baud rate is ignored on USB
// CDC/option ports but matters on a Raspberry Pi UART). Each open() creates a fresh SerialPort,
// so the same transport can be opened again after the modem reset and its port came back.
import { SerialPort } from 'serialport';
import { hangupSafeBinding } from './hangup-safe-binding.js';
import { TransportError, type Transport, type TransportErrorCode } from '../../core/at/transport.js';

export interface SerialTransportOptions {
  /** Line speed; default 115200 (the SIM7600 UART default, vendor manual §2). */
  baudRate?: number;
}

/** Creates the transport for `path`; nothing is opened until open() (AtEngine.open() calls it). */
export function openSerialTransport(path: string, options: SerialTransportOptions = {}): SerialportTransport {
  return new SerialportTransport(path, options);
}

export class SerialportTransport implements Transport {
  private port: SerialPort | undefined;
  private readonly dataListeners = new Set<(chunk: Uint8Array) => void>();
  private readonly closeListeners = new Set<(error?: Error) => void>();
  /** Ports whose close the caller asked for; any other close is the port vanishing. */
  private readonly closeRequested = new WeakSet<SerialPort>();
  private readonly baudRate: number;

  constructor(
    readonly path: string,
    options: SerialTransportOptions = {},
  ) {
    this.baudRate = options.baudRate ?? 115_200;
  }

  get isOpen(): boolean {
    return this.port?.isOpen ?? false;
  }

  async open(): Promise<void> {
    if (this.port?.isOpen) return;
    const options = {
      path: this.path,
      baudRate: this.baudRate,
      dataBits: 8,
      parity: 'none',
      stopBits: 1,
      // lock: an exclusive lock, so a second program (ModemManager, another simhat) cannot interleave commands.
      lock: true,
      autoOpen: false,
      binding: hangupSafeBinding(),
    };
    // `binding` is accepted at run time (SerialPort spreads options over its detected binding) but not in the type.
    const port = new SerialPort(options as unknown as ConstructorParameters<typeof SerialPort>[0]);
    await new Promise<void>((resolve, reject) => {
      port.open((err) => (err ? reject(mapOpenError(err, this.path)) : resolve()));
    });
    this.port = port;
    // A 'data' listener keeps the stream flowing; without reads serialport never notices the port vanishing.
    port.on('data', (chunk: Buffer) => {
      for (const listener of this.dataListeners) listener(chunk);
    });
    // Errors after open surface as a close; the last one names the cause when the close carries none.
    let lastError: Error | undefined;
    port.on('error', (err: Error) => {
      lastError = err;
    });
    // A port can close twice over: serialport's own close (with a DisconnectedError on a hang-up)
    // and the stream's 'close' from destroy(), which carries no argument. The latter wins the race
    // when a write was pending as the port vanished (the failed write destroys the stream at once,
    // the binding's close finishes later). So only a close we asked for is reported without an error.
    let reported = false;
    port.on('close', (err: Error | null | undefined) => {
      if (reported) return;
      reported = true;
      if (this.port === port) this.port = undefined;
      const requested = this.closeRequested.has(port);
      this.closeRequested.delete(port);
      const cause = err ?? lastError;
      const error = requested
        ? undefined
        : new TransportError('io', `${this.path} disconnected${cause ? `: ${cause.message}` : ''}`, this.path);
      // A destroyed stream may leave the binding's fd open; release it (the lock, too).
      if (port.isOpen) port.close(() => {});
      for (const listener of [...this.closeListeners]) listener(error);
    });
  }

  write(data: Uint8Array | string): Promise<void> {
    const port = this.port;
    if (!port?.isOpen) return Promise.reject(new TransportError('closed', `${this.path} is not open`, this.path));
    return new Promise((resolve, reject) => {
      port.write(typeof data === 'string' ? Buffer.from(data, 'latin1') : data, (err) =>
        err ? reject(new TransportError('io', `write to ${this.path} failed: ${err.message}`, this.path)) : resolve(),
      );
    });
  }

  async close(): Promise<void> {
    const port = this.port;
    if (!port?.isOpen) return;
    this.closeRequested.add(port);
    await new Promise<void>((resolve) => {
      port.close(() => resolve());
    });
  }

  onData(listener: (chunk: Uint8Array) => void): () => void {
    this.dataListeners.add(listener);
    return () => this.dataListeners.delete(listener);
  }

  onClose(listener: (error?: Error) => void): () => void {
    this.closeListeners.add(listener);
    return () => this.closeListeners.delete(listener);
  }
}

/**
 * Turns the binding's open errors into the three cases a user can act on. bindings-cpp reports
 * errno only in the message ("Error: No such file or directory, cannot open /dev/x",
 * "Error Resource temporarily unavailable Cannot lock port"), so both code and text are checked.
 */
export function mapOpenError(err: Error & { code?: string; errno?: number }, path: string): TransportError {
  const text = `${err.code ?? ''} ${err.message}`;
  const make = (code: TransportErrorCode, message: string) => new TransportError(code, message, path);
  if (/EBUSY|Cannot lock port|Resource temporarily unavailable|Device or resource busy/i.test(text)) {
    return make('busy', `${path} is held by another program (ModemManager?). Stop it or tell it to ignore the modem, then retry.`);
  }
  if (/EACCES|EPERM|Permission denied|Operation not permitted/i.test(text)) {
    return make('denied', `Permission denied on ${path}: add yourself to the dialout group (sudo usermod -aG dialout $USER), then log in again.`);
  }
  if (/ENOENT|ENODEV|ENXIO|No such file or directory|No such device/i.test(text)) {
    return make('not-found', `${path}: no such port. Check the path (simhat devices lists the modem's ports).`);
  }
  // A directory, a regular file or /dev/null: opened fine by the OS but it is no serial device.
  if (/EISDIR|Is a directory/i.test(text)) return make('io', `${path} is a directory, not a serial port. Give the modem's AT port (simhat devices lists it).`);
  if (/ENOTTY|Inappropriate ioctl/i.test(text)) return make('io', `${path} is not a serial port (not a tty). Give the modem's AT port (simhat devices lists it).`);
  return make('io', `Could not open ${path}: ${err.message.replace(/^Error:?\s*/, '')}`);
}
