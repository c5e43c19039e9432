// The twin (simulated SIM7600G-H) on a real PTY behind a stable link, and a ModemAt opened on it
// through the real serialport package (COMMON rules: real components, no mocks of our own code).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AtEngine } from '../../../src-main/core/at/engine.js';
import { ModemAt } from '../../../src-main/core/at/modem-at.js';
import { openSerialTransport } from '../../../src-main/platform/serial/serialport-transport.js';
import { TwinPtyBinding } from '../../../src-main/twin/pty-binding.js';
import { Twin, TEST_TIMINGS, type TwinOptions } from '../../../src-main/twin/twin.js';

export interface TwinRig {
  twin: Twin;
  binding: TwinPtyBinding;
  /** The stable link: what --port gets. */
  port: string;
  /** A temp folder for this test's config (presets, journal). */
  configDir: string;
  /** Opens a fresh engine + facade on the current PTY (closed by close()). */
  connect(): Promise<ModemAt>;
  close(): Promise<void>;
}

export async function twinRig(options: TwinOptions = {}): Promise<TwinRig> {
  const twin = new Twin({ start: 'ready', scenario: 'seed', ...options, timings: { ...TEST_TIMINGS, ...options.timings } });
  const binding = await TwinPtyBinding.attach(twin);
  const configDir = await mkdtemp(join(tmpdir(), 'simhat-apn-cfg-'));
  const engines: AtEngine[] = [];
  return {
    twin,
    binding,
    port: binding.link,
    configDir,
    async connect() {
      const engine = new AtEngine(openSerialTransport(binding.link));
      await engine.open();
      engines.push(engine);
      return new ModemAt(engine);
    },
    async close() {
      for (const e of engines) await e.close().catch(() => {});
      await binding.close();
      twin.dispose();
      await rm(configDir, { recursive: true, force: true });
    },
  };
}
