// A twin on a real PTY behind a stable link, opened by the real serialport (COMMON rules).
import { Twin, TEST_TIMINGS, type TwinOptions } from '../../../src-main/twin/twin.js';
import { TwinPtyBinding } from '../../../src-main/twin/pty-binding.js';

export interface TwinOnPty {
  twin: Twin;
  binding: TwinPtyBinding;
  /** The stable link (what --port gets). */
  port: string;
  close(): Promise<void>;
}

export async function twinOnPty(options: TwinOptions = {}): Promise<TwinOnPty> {
  const twin = new Twin({ start: 'ready', ...options, timings: { ...TEST_TIMINGS, ...options.timings } });
  const binding = await TwinPtyBinding.attach(twin);
  return {
    twin,
    binding,
    port: binding.link,
    async close() {
      await binding.close();
      twin.dispose();
    },
  };
}
