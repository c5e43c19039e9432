// Connect through the service facade on the demo twin (issue 6 / 7): the connect workflow's own mode
// stage does the switch with the environment's interface check (the demo's simulated usb0), shows the
// switch's steps, and the switch is revertible afterwards like one made on the Mode screen.
import { afterEach, describe, expect, it } from 'vitest';
import type { ApiEvent, OperationEndEvent } from '../../../src-main/api/contract.js';
import { createDemoEnv } from '../../../src-main/compose/twin-root.js';
import { createService, type Service } from '../../../src-main/service/service.js';
import { TEST_TIMINGS } from '../../../src-main/twin/twin.js';

const MODEM = 'usb:1-1.3';
let service: Service | undefined;
afterEach(async () => {
  await service?.close();
  service = undefined;
});

describe('connect through the service', () => {
  it('fresh demo: switches to RNDIS inside connect, finds usb0 at once, reaches the internet, and offers the revert', async () => {
    const env = createDemoEnv({ scenario: 'fresh', version: 't', platform: 'linux', timings: TEST_TIMINGS, netStepMs: 2 });
    service = createService({ ...env, targetEnv: {} });
    await service.listModems({});
    const events: ApiEvent[] = [];
    const off = service.onEvent((e) => events.push(e));
    const started = performance.now();
    const { opId } = await service.connect({ modemId: MODEM });
    const end = await new Promise<OperationEndEvent>((resolve) => {
      const stop = service!.onEvent((e) => {
        if (e.type === 'operation-end' && e.opId === opId) {
          stop();
          resolve(e);
        }
      });
    });
    off();
    expect(end.ok, JSON.stringify(end)).toBe(true);
    // The demo's interface check answers at once: no wait on this machine's /sys/class/net (10 s).
    expect(performance.now() - started).toBeLessThan(8000);
    const steps = events.filter((e) => e.type === 'progress' && e.opId === opId) as Extract<ApiEvent, { type: 'progress' }>[];
    expect(steps.find((s) => s.step === 'left-bus')).toBeTruthy();
    expect(steps.find((s) => s.step === 'iface-present')?.detail).toMatch(/^usb0/);
    expect(steps.filter((s) => s.step === 'mode').at(-1)).toMatchObject({ state: 'done' });
    expect(env.twin.pid).toBe(9011);
    expect(await service.getMode({ modemId: MODEM })).toMatchObject({ current: 'rndis', previous: 'qmi' });
  });
});
