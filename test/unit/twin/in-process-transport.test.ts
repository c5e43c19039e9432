// The in-process binding honours the Transport contract (src-main/core/at/transport.ts).
import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { TransportError } from '../../../src-main/core/at/transport.js';
import { InProcessTransport } from '../../../src-main/twin/in-process-transport.js';
import { TEST_TIMINGS, Twin } from '../../../src-main/twin/twin.js';

const twins: Twin[] = [];
afterEach(() => {
  for (const t of twins.splice(0)) t.dispose();
});

function setup(maxChunkBytes?: number) {
  const twin = new Twin({ scenario: 'seed', start: 'ready', timings: TEST_TIMINGS });
  twins.push(twin);
  const transport = new InProcessTransport(twin, maxChunkBytes ? { maxChunkBytes } : {});
  const chunks: Uint8Array[] = [];
  transport.onData((c) => chunks.push(c));
  const text = () => Buffer.concat(chunks).toString('latin1');
  const waitText = async (pattern: RegExp) => {
    const deadline = Date.now() + 2000;
    while (!pattern.test(text())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${pattern}: ${JSON.stringify(text())}`);
      await new Promise((r) => setTimeout(r, 5));
    }
  };
  return { twin, transport, chunks, text, waitText };
}

describe('InProcessTransport', () => {
  it('carries bytes both ways, asynchronously (never inside write)', async () => {
    const { transport, text, waitText } = setup();
    await transport.open();
    expect(transport.isOpen).toBe(true);
    await transport.write('AT+CGMM\r');
    expect(text()).toBe('');
    await waitText(/OK\r\n$/);
    expect(text()).toBe('AT+CGMM\r\r\nSIMCOM_SIM7600G-H\r\n\r\nOK\r\n');
  });

  it('cuts output into chunks of at most maxChunkBytes', async () => {
    const { transport, chunks, waitText } = setup(3);
    await transport.open();
    await transport.write('ATI\r');
    await waitText(/OK\r\n$/);
    expect(chunks.length).toBeGreaterThan(10);
    expect(Math.max(...chunks.map((c) => c.length))).toBeLessThanOrEqual(3);
  });

  it('fires onClose once with an io error when the twin resets; write then rejects; open works again once the twin is back', async () => {
    const { twin, transport, waitText } = setup();
    const closes: Array<Error | undefined> = [];
    transport.onClose((e) => closes.push(e));
    await transport.open();
    await transport.write('AT+CUSBPIDSWITCH=9001,1,1\r');
    await waitText(/OK\r\n$/);
    await once(twin, 'reset-start');
    expect(transport.isOpen).toBe(false);
    expect(closes).toHaveLength(1);
    expect(closes[0]).toBeInstanceOf(TransportError);
    expect((closes[0] as TransportError).code).toBe('io');
    await expect(transport.write('AT\r')).rejects.toMatchObject({ code: 'closed' });
    await expect(transport.open()).rejects.toMatchObject({ code: 'not-found' });
    await once(twin, 'reappeared');
    await transport.open();
    await transport.write('AT+CUSBPIDSWITCH?\r');
    await waitText(/\+CUSBPIDSWITCH: 9001\r\n\r\nOK\r\n$/);
    expect(closes).toHaveLength(1);
  });

  it('close() is idempotent and fires onClose without an error', async () => {
    const { transport } = setup();
    const closes: Array<Error | undefined> = [];
    transport.onClose((e) => closes.push(e));
    await transport.open();
    await transport.close();
    await transport.close();
    expect(closes).toEqual([undefined]);
    expect(transport.isOpen).toBe(false);
  });

  it('reports the port vanishing when the twin is unplugged', async () => {
    const { twin, transport } = setup();
    const closed = new Promise<Error | undefined>((r) => transport.onClose(r));
    await transport.open();
    twin.unplug();
    expect(await closed).toMatchObject({ code: 'io' });
  });
});
