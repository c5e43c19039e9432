// Open errors of the real serialport binding, mapped to what a user can act on.
import { afterEach, describe, expect, it } from 'vitest';
import { openSerialTransport } from '../../../src-main/platform/serial/serialport-transport.js';
import { TransportError } from '../../../src-main/core/at/transport.js';
import { openPty, type PtyPair } from '../../../src-main/platform/serial/pty.js';

let pty: PtyPair | undefined;
afterEach(async () => {
  await pty?.close();
  pty = undefined;
});

async function openError(path: string): Promise<TransportError> {
  const t = openSerialTransport(path);
  return t.open().then(
    () => {
      throw new Error('expected open to fail');
    },
    (e: unknown) => e as TransportError,
  );
}

describe('openSerialTransport', () => {
  it('maps a missing port to not-found ("no such port")', async () => {
    const err = await openError(`/dev/simhat-missing-${process.pid}`);
    expect(err).toBeInstanceOf(TransportError);
    expect(err.code).toBe('not-found');
    expect(err.message).toMatch(/no such port/);
  });

  it('maps a port held by another program to busy ("ModemManager?")', async () => {
    pty = await openPty();
    const holder = openSerialTransport(pty.slavePath);
    await holder.open();
    try {
      const err = await openError(pty.slavePath);
      expect(err.code).toBe('busy');
      expect(err.message).toMatch(/held by another program \(ModemManager\?\)/);
    } finally {
      await holder.close();
    }
  });

  it('writes and reads bytes 8N1 and reports an asked-for close without an error', async () => {
    pty = await openPty();
    const t = openSerialTransport(pty.slavePath, { baudRate: 115200 });
    await t.open();
    await t.open(); // idempotent
    const got: Buffer[] = [];
    pty.onData((c) => got.push(c));
    const echoed = new Promise<string>((resolve) => t.onData((c) => resolve(Buffer.from(c).toString('latin1'))));
    await t.write('AT\r');
    pty.write('\r\nOK\r\n');
    expect(await echoed).toContain('OK');
    await new Promise((r) => setTimeout(r, 20));
    expect(Buffer.concat(got).toString('latin1')).toBe('AT\r');
    const closed = new Promise<Error | undefined>((resolve) => t.onClose(resolve));
    await t.close();
    expect(await closed).toBeUndefined();
    expect(t.isOpen).toBe(false);
    await t.close(); // idempotent
    await expect(t.write('AT\r')).rejects.toMatchObject({ code: 'closed' });
  });

  it('reports the port vanishing with an error', async () => {
    pty = await openPty();
    const t = openSerialTransport(pty.slavePath);
    await t.open();
    const closed = new Promise<Error | undefined>((resolve) => t.onClose(resolve));
    await pty.close();
    const err = await closed;
    expect(err).toBeInstanceOf(TransportError);
    expect(err?.message).toMatch(/disconnected/);
  });

  it('reports the port vanishing with an error while a write is still pending', async () => {
    // Nobody reads socat's stdout, so socat stops draining the PTY and the 512 KiB write stays
    // pending in the binding. The failed write destroys the stream, whose own 'close' carries no
    // error and used to arrive before serialport's disconnect close: reported as an asked-for close.
    pty = await openPty();
    const t = openSerialTransport(pty.slavePath);
    await t.open();
    const closed = new Promise<Error | undefined>((resolve) => t.onClose(resolve));
    let settled = false;
    const write = t.write(Buffer.alloc(512 * 1024, 0x41)).then(
      () => undefined,
      (e: unknown) => e,
    );
    void write.finally(() => (settled = true));
    await new Promise((r) => setTimeout(r, 50));
    expect(settled).toBe(false);
    await pty.close();
    const err = await closed;
    expect(err).toBeInstanceOf(TransportError);
    expect(err?.message).toMatch(/disconnected/);
    expect(await write).toMatchObject({ code: 'io' });
    expect(t.isOpen).toBe(false);
  });
});
