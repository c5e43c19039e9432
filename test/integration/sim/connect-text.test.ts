// Issue 14 text defect: connect's failure when the SIM names no carrier read "…(simhat apn search
// <text>).)." and then "—" in the UI. The service's message is now sentences, and the renderer joins
// message and hint as sentences (src-renderer/src/lib/format.ts sentences()).
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

describe('connect without a readable SIM', () => {
  it('says why in sentences, without doubled punctuation', async () => {
    service = createService(createDemoEnv({ scenario: 'no-sim', version: 't', platform: 'linux', timings: TEST_TIMINGS, netStepMs: 2 }));
    await service.listModems({});
    const s = service;
    const end = await new Promise<OperationEndEvent>((resolve) => {
      const off = s.onEvent((e) => {
        if (e.type === 'operation-end' && e.kind === 'connect') {
          off();
          resolve(e);
        }
      });
      void s.connect({ modemId: 'usb:1-1.3' });
    });
    expect(end.ok).toBe(false);
    const message = end.error!.message;
    expect(message).toMatch(/^simhat could not tell the APN from the SIM\. Nothing matched: search by provider or country name \(simhat apn search <text>\)\.$/);
    const shown = sentences(message, end.error!.hint);
    expect(shown).not.toMatch(/\)\.\)|\.\s*—|\.\./);
  }, 30_000);
});
