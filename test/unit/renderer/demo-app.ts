// The screens under test talk to the real service on the in-process twin (the same stack as demo mode),
// through the same Api object a transport would give them. Fast twin timings keep resets short.
import { AppState } from '../../../src-renderer/src/lib/app.svelte.js';
import { createService, type Service } from '../../../src-main/service/service.js';
import { createDemoEnv } from '../../../src-main/compose/twin-root.js';
import { TEST_TIMINGS, type TwinTimings } from '../../../src-main/twin/twin.js';

export interface DemoApp {
  app: AppState;
  service: Service;
  env: ReturnType<typeof createDemoEnv>;
  close(): Promise<void>;
}

/** `sim`: a SIM profile of the twin (twin/sim-profiles.ts, issue 13); default the scenario's own SIM. */
export async function demoApp(scenario = 'seed', timings: Partial<TwinTimings> = TEST_TIMINGS, sim?: string): Promise<DemoApp> {
  const env = createDemoEnv({ scenario, version: 'test', platform: 'linux', timings, netStepMs: 5, ...(sim ? { sim } : {}) });
  const service = createService(env);
  const app = new AppState(service);
  await app.start();
  return {
    app,
    service,
    env,
    close: async () => {
      app.dispose();
      await service.close();
    },
  };
}
