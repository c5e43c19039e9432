// Wraps serialport's detected binding so a hang-up is reported as a disconnect.
// Why: @serialport/bindings-cpp's unixRead() retries forever when read() returns 0 bytes, and a
// tty whose other side went away (PTY master closed; seen before the first poll was armed) reads
// 0 bytes = end of file. The stream then never emits 'close' and a thread-pool thread spins.
// A non-blocking tty with VMIN=1 never returns 0 for "no data" (that is EAGAIN), so 0 means gone.
import { read } from 'node:fs';
import { promisify } from 'node:util';
import { SerialPort } from 'serialport';

// The parts of @serialport/bindings-interface used here (its types do not resolve under NodeNext).
interface BindingPortInterface {
  readonly isOpen: boolean;
  read(buffer: Buffer, offset: number, length: number): Promise<{ bytesRead: number; buffer: Buffer }>;
}
interface AnyBinding {
  list(): Promise<unknown[]>;
  open(options: object): Promise<BindingPortInterface>;
}

const readAsync = promisify(read);

/** The unix bindings (Linux, macOS) expose these; Windows does not and is left unwrapped. */
interface UnixPort extends BindingPortInterface {
  fd: number | null;
  poller: { once(event: 'readable', cb: (err?: Error | null) => void): void };
}

function isUnixPort(port: BindingPortInterface): port is UnixPort {
  return typeof (port as Partial<UnixPort>).poller?.once === 'function' && 'fd' in port;
}

function canceled(): Error {
  return Object.assign(new Error('Port is not open'), { canceled: true });
}

async function hangupSafeRead(port: UnixPort, buffer: Buffer, offset: number, length: number): Promise<{ bytesRead: number; buffer: Buffer }> {
  for (;;) {
    const fd = port.fd;
    if (!port.isOpen || fd === null) throw canceled();
    try {
      const { bytesRead } = await readAsync(fd, buffer, offset, length, null);
      if (bytesRead === 0) throw Object.assign(new Error('the port hung up'), { disconnect: true, code: 'EHANGUP' });
      return { bytesRead, buffer };
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'EAGAIN' && code !== 'EWOULDBLOCK' && code !== 'EINTR') throw err;
      if (!port.isOpen) throw canceled();
      await new Promise<void>((resolve, reject) => port.poller.once('readable', (e) => (e ? reject(e) : resolve())));
    }
  }
}

export function hangupSafeBinding(): AnyBinding {
  const base = SerialPort.binding as unknown as AnyBinding;
  return {
    list: () => base.list(),
    async open(options: object) {
      const port = await base.open(options);
      if (!isUnixPort(port)) return port;
      port.read = (buffer: Buffer, offset: number, length: number) => hangupSafeRead(port, buffer, offset, length);
      return port;
    },
  };
}
