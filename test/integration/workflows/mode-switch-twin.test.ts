// The RNDIS switch end to end against the twin on a real PTY: the port vanishes on reset and comes
// back as a NEW PTY behind the same stable link, which the workflow reopens (issue 6).
import { getEventListeners } from 'node:events';
import { realpath } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { serialEngineOpener } from '../../../src-main/compose/real-root.js';
import { modeSwitchSteps, ModeSwitchError, switchMode, revertOptions, type ModeSwitchEvent } from '../../../src-main/service/mode-switch.js';
import { twinOnPty, type TwinOnPty } from '../doctor/twin-harness.js';
import { twinDeviceSource } from '../doctor/twin-device-source.js';

let open: TwinOnPty | undefined;
afterEach(async () => {
  await open?.close();
  open = undefined;
});

async function collect(it: AsyncGenerator<ModeSwitchEvent>): Promise<ModeSwitchEvent[]> {
  const out: ModeSwitchEvent[] = [];
  for await (const e of it) out.push(e);
  return out;
}

describe('mode switch against the twin', () => {
  it('fresh (9001) -> RNDIS: every step in order, a new PTY behind the same link, the twin in 9011', async () => {
    open = await twinOnPty({ scenario: 'fresh' });
    const ptyEvents: string[] = [];
    open.binding.on('port-closed', () => ptyEvents.push('closed'));
    open.binding.on('port-open', (info) => ptyEvents.push(`open ${info.pid}`));
    const events = await collect(modeSwitchSteps({ openEngine: serialEngineOpener }, { port: open.port, platform: 'linux', timeoutMs: 10_000 }));
    expect(events.map((e) => e.step)).toEqual(['checked', 'command-sent', 'left-bus', 'back', 'at-answering', 'sim-ready', 'iface-present', 'done']);
    expect(events[0]).toMatchObject({ step: 'checked', current: 'qmi', currentId: '9001', target: 'rndis', strategy: 'simcom-cusbpidswitch' });
    expect(events[1]).toMatchObject({ commands: ['AT+CUSBPIDSWITCH=9011,1,1'] });
    expect(events[4]).toMatchObject({ step: 'at-answering', confirmedId: '9011' });
    expect(events[5]).toMatchObject({ step: 'sim-ready', sim: 'READY' });
    expect(open.twin.pid).toBe(9011);
    // The old PTY went away and a new one came up behind the same link (pts numbers may be reused).
    expect(ptyEvents).toEqual(['closed', 'open 9011']);
    expect(await realpath(open.port)).toBe(open.binding.port!.slavePath);
    const done = events.at(-1) as Extract<ModeSwitchEvent, { step: 'done' }>;
    expect(done.result).toMatchObject({ target: 'rndis', previous: 'qmi', previousId: '9001', port: open.port });
    expect(done.alreadyInTarget).toBe(false);
  });

  it('without --port: found and re-found through the device source by USB port path, new USB id and usb0 reported', async () => {
    open = await twinOnPty({ scenario: 'fresh' });
    const twin = open.twin;
    const devices = twinDeviceSource(twin, open.port);
    const events = await collect(
      modeSwitchSteps({ openEngine: serialEngineOpener, devices, ifaceExists: async (n) => n === 'usb0' && twin.present && twin.pid === 9011 }, { platform: 'linux', timeoutMs: 10_000 }),
    );
    expect(events.find((e) => e.step === 'back')).toMatchObject({ usbId: '1e0e:9011', port: open.port });
    expect(events.find((e) => e.step === 'iface-present')).toMatchObject({ iface: 'usb0' });
    expect((events.at(-1) as Extract<ModeSwitchEvent, { step: 'done' }>).result).toMatchObject({ previous: 'qmi', iface: 'usb0' });
  });

  it('already in the target: done at once, nothing sent', async () => {
    open = await twinOnPty({ scenario: 'good' });
    const events = await collect(modeSwitchSteps({ openEngine: serialEngineOpener }, { port: open.port, platform: 'linux' }));
    expect(events.map((e) => e.step)).toEqual(['checked', 'done']);
    expect(events[1]).toMatchObject({ alreadyInTarget: true });
    expect(open.twin.receivedCommands.filter((c) => /CUSBPIDSWITCH=|CFUN=/.test(c))).toEqual([]);
  });

  it('macOS target is ECM (9018), and revert goes back to the previous composition', async () => {
    open = await twinOnPty({ scenario: 'good' });
    const deps = { openEngine: serialEngineOpener };
    const first = await switchMode(deps, { port: open.port, platform: 'darwin', timeoutMs: 10_000 });
    expect(first).toMatchObject({ target: 'ecm', previous: 'rndis' });
    expect(open.twin.pid).toBe(9018);
    const back = await switchMode(deps, revertOptions(first, { timeoutMs: 10_000 }));
    expect(back).toMatchObject({ target: 'rndis', previous: 'ecm' });
    expect(open.twin.pid).toBe(9011);
  });

  it('a modem that never comes back: timeout with guidance (power, cable, driver)', async () => {
    open = await twinOnPty({ scenario: 'fresh', timings: { resetDelayMs: 60_000 } });
    const err = await switchMode({ openEngine: serialEngineOpener }, { port: open.port, platform: 'linux', timeoutMs: 1500 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ModeSwitchError);
    expect((err as ModeSwitchError).code).toBe('timeout');
    expect((err as ModeSwitchError).hint).toMatch(/power supply.*cable/);
  });

  it('polling on one AbortSignal (waiting for the modem to come back) leaves no abort listener behind: no MaxListenersExceededWarning', async () => {
    const warnings: Error[] = [];
    const onWarning = (w: Error) => warnings.push(w);
    process.on('warning', onWarning);
    try {
      open = await twinOnPty({ scenario: 'fresh', timings: { resetDelayMs: 60_000 } });
      const controller = new AbortController();
      // ~15 polls of 100 ms on the same signal before the timeout.
      const err = await switchMode({ openEngine: serialEngineOpener }, { port: open.port, platform: 'linux', timeoutMs: 1500, signal: controller.signal }).catch((e: unknown) => e);
      expect((err as ModeSwitchError).code).toBe('timeout');
      await new Promise((r) => setImmediate(r));
      expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
      expect(warnings.filter((w) => w.name === 'MaxListenersExceededWarning').map((w) => w.message)).toEqual([]);
    } finally {
      process.off('warning', onWarning);
    }
  });

  it('an abort while waiting for the modem ends the switch at once with "cancelled"', async () => {
    open = await twinOnPty({ scenario: 'fresh', timings: { resetDelayMs: 60_000 } });
    const controller = new AbortController();
    const started = performance.now();
    setTimeout(() => controller.abort(), 500);
    const err = await switchMode({ openEngine: serialEngineOpener }, { port: open.port, platform: 'linux', timeoutMs: 10_000, signal: controller.signal }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ModeSwitchError);
    expect((err as ModeSwitchError).code).toBe('cancelled');
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
