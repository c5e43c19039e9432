// connect's "already working" look and the apply workflow ask the vendor profile through
// identifyModem (service/modem-identity.ts): on the simulated SIM7600 (in-process, the real engine),
// RNDIS 9011 needs contexts 1 and 6, QMI 9001 context 1 only — the same rule as catalog and doctor.
import { afterEach, describe, expect, it } from 'vitest';
import { AtEngine } from '../../../src-main/core/at/engine.js';
import { ModemAt } from '../../../src-main/core/at/modem-at.js';
import { identifyModem } from '../../../src-main/service/modem-identity.js';
import { InProcessTransport } from '../../../src-main/twin/in-process-transport.js';
import { TEST_TIMINGS, Twin } from '../../../src-main/twin/twin.js';

const open: { twin: Twin; engine: AtEngine }[] = [];
afterEach(async () => {
  for (const o of open.splice(0)) {
    await o.engine.close().catch(() => {});
    o.twin.dispose();
  }
});

async function modemOn(scenario: 'good' | 'fresh'): Promise<{ twin: Twin; modem: ModemAt }> {
  const twin = new Twin({ scenario, start: 'ready', timings: TEST_TIMINGS });
  const engine = new AtEngine(new InProcessTransport(twin));
  await engine.open();
  open.push({ twin, engine });
  return { twin, modem: new ModemAt(engine) };
}

describe('identifyModem on the twin', () => {
  it.each([
    ['good (RNDIS 9011)', 'good', 0x9011, [1, 6]],
    ['fresh (QMI 9001)', 'fresh', 0x9001, [1]],
  ] as const)('%s', async (_n, scenario, pid, contexts) => {
    const { twin, modem } = await modemOn(scenario);
    const id = await identifyModem(modem, undefined);
    expect(id).toMatchObject({ vendor: 'simcom', pid, contexts: [...contexts] });
    expect(id.profile.family?.family).toBe('sim7600');
    expect(id.source).toMatch(/SIMCom profile/);
    // Read-only: the look changes nothing on the modem.
    expect(twin.receivedCommands.filter((c) => c.includes('='))).toEqual([]);
  });
});
