// Issue 14 text defect: connect's failure when the SIM names no carrier read "…(simhat apn search
// <text>).)." and then "—" in the UI. The service's message is now sentences, and the renderer joins
// message and hint as sentences (src-renderer/src/lib/format.ts sentences()).
// Issue 13 changed what a SIM-less connect says: the missing SIM itself, before any APN talk (it used to
// fail at the APN stage with "…could not tell the APN from the SIM. Nothing matched…"); a SIM whose
// network no table knows gets the plain-words request for an APN.
import { afterEach, describe, expect, it } from 'vitest';
import type { OperationEndEvent } from '../../../src-main/api/contract.js';
import { createDemoEnv } from '../../../src-main/compose/twin-root.js';
import { createService, type Service } from '../../../src-main/service/service.js';
import { TEST_TIMINGS } from '../../../src-main/twin/twin.js';
import { sentences } from '../../../src-renderer/src/lib/format.js';

let service: Service | undefined;
afterEach(async () => {
  await service?.close();
  service = undefined;
});

async function connectEnd(env: ReturnType<typeof createDemoEnv>): Promise<OperationEndEvent> {
  service = createService(env);
  await service.listModems({});
  const s = service;
  return new Promise<OperationEndEvent>((resolve) => {
    const off = s.onEvent((e) => {
      if (e.type === 'operation-end' && e.kind === 'connect') {
        off();
        resolve(e);
      }
    });
    void s.connect({ modemId: 'usb:1-1.3' });
  });
}

describe('connect without a readable SIM', () => {
  it('says why in sentences, without doubled punctuation', async () => {
    const end = await connectEnd(createDemoEnv({ scenario: 'no-sim', version: 't', platform: 'linux', timings: TEST_TIMINGS, netStepMs: 2 }));
    expect(end.ok).toBe(false);
    const message = end.error!.message;
    expect(message).toBe('No SIM card is inserted (or the modem cannot read it).');
    const shown = sentences(message, end.error!.hint);
    expect(shown).not.toMatch(/\)\.\)|\.\s*—|\.\./);
    expect(shown).not.toMatch(/APN/);
  }, 30_000);

  it('a SIM of a network no table knows: the request for an APN, in sentences', async () => {
    const env = createDemoEnv({ scenario: 'seed', version: 't', platform: 'linux', timings: TEST_TIMINGS, netStepMs: 2 });
    // MCC 999 is reserved for internal networks (ITU-T E.212): in neither APN table, and no operator name to go by.
    env.twin.update((st) => {
      st.sim.imsi = '999990123456789';
      st.network.mcc = '999';
      st.network.mnc = '99';
      st.network.operatorName = '99999';
      st.network.operatorShortName = '99999';
    });
    const end = await connectEnd(env);
    expect(end.ok).toBe(false);
    expect(end.error!.message).toMatch(/^The SIM's network is in neither of simhat's APN databases\. Please type the APN your mobile provider gives for data/);
    const shown = sentences(end.error!.message, end.error!.hint);
    expect(shown).not.toMatch(/\)\.\)|\.\s*—|\.\./);
    expect(shown).not.toMatch(/will not guess/);
  }, 30_000);
});
