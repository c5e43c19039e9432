// Opens a real AtEngine over the real serialport binding on a PTY served by AtResponder.
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AtEngine, type AtEngineOptions } from '../../src-main/core/at/engine.js';
import { openSerialTransport } from '../../src-main/platform/serial/serialport-transport.js';
import { AtResponder, type AtResponderOptions, type ReplyTable } from './at-responder.js';

/** A unique symlink path (stable across PTY re-creation, like /dev/serial/by-id/...). */
export function uniqueLink(tag = 'at'): string {
  return join(tmpdir(), `simhat-${tag}-${process.pid}-${randomBytes(4).toString('hex')}`);
}

export async function engineOnResponder(
  table: ReplyTable,
  options: AtResponderOptions & { engine?: AtEngineOptions } = {},
): Promise<{ engine: AtEngine; responder: AtResponder; cleanup: () => Promise<void> }> {
  const responder = await AtResponder.start(table, options);
  const engine = new AtEngine(openSerialTransport(responder.path), options.engine);
  await engine.open();
  return {
    engine,
    responder,
    cleanup: async () => {
      await engine.close().catch(() => {});
      await responder.close();
    },
  };
}
