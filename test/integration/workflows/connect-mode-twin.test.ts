// connect's mode stage against the twin on a real PTY (issue 6): after a real switch the workflow
// waits for the network interface through the ConnectDeps' ifaceExists (the environment's view of the
// host: the demo's simulated usb0, a test's namespace), not /sys/class/net of the machine running it.
import { afterEach, describe, expect, it } from 'vitest';
import { connectSteps, type ConnectEvent } from '../../../src-main/service/connect.js';
import { serialEngineOpener } from '../../../src-main/compose/real-root.js';
import type { ModeSwitchEvent } from '../../../src-main/service/mode-switch.js';
import { twinOnPty, type TwinOnPty } from '../doctor/twin-harness.js';
import { twinDeviceSource } from '../doctor/twin-device-source.js';

let open: TwinOnPty | undefined;
afterEach(async () => {
  await open?.close();
  open = undefined;
});

/** The events up to the end of the mode stage (the generator is closed there: no APN, no network). */
async function modeStage(it: AsyncGenerator<ConnectEvent>): Promise<ConnectEvent[]> {
  const out: ConnectEvent[] = [];
  try {
    for await (const e of it) {
      out.push(e);
      if (e.type === 'stage' && e.stage === 'mode' && e.state !== 'running') break;
    }
  } finally {
    await it.return(undefined as never);
  }
  return out;
}

describe('connect: the mode stage', () => {
  it('fresh (9001): switches to RNDIS and finds usb0 through the given ifaceExists at once (no wait on /sys/class/net)', async () => {
    open = await twinOnPty({ scenario: 'fresh' });
    const twin = open.twin;
    const asked: string[] = [];
    const ifaceExists = async (name: string) => {
      asked.push(name);
      return name === 'usb0' && twin.present && twin.pid === 9011;
    };
    const started = performance.now();
    const events = await modeStage(
      connectSteps({ openEngine: serialEngineOpener, devices: twinDeviceSource(twin, open.port), ifaceExists }, { platform: 'linux', modeTimeoutMs: 10_000 }),
    );
    const mode = events.filter((e): e is Extract<ConnectEvent, { type: 'mode' }> => e.type === 'mode').map((e) => e.event);
    expect(mode.map((e) => e.step)).toEqual(['checked', 'command-sent', 'left-bus', 'back', 'at-answering', 'sim-ready', 'iface-present', 'done']);
    expect(mode.find((e) => e.step === 'iface-present')).toMatchObject({ iface: 'usb0' });
    expect((mode.at(-1) as Extract<ModeSwitchEvent, { step: 'done' }>).result).toMatchObject({ target: 'rndis', previous: 'qmi', iface: 'usb0' });
    expect(events.at(-1)).toMatchObject({ type: 'stage', stage: 'mode', state: 'done' });
    expect(asked).toContain('usb0');
    expect(twin.pid).toBe(9011);
    // The twin's reset cycle is well under a second in TEST_TIMINGS; the interface wait adds nothing.
    expect(performance.now() - started).toBeLessThan(5000);
  });
});
