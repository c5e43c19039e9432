// The service (architecture.md): the one object every face calls — Electron IPC, `simhat serve`, the CLI
// and (issue 11) the daemon's socket. It implements the Api contract (src-main/api/contract.ts) with
// method groups over shared parts (./parts.ts): modems, mode, APN and presets, network, connect, doctor,
// the app. Long operations return an id at once; progress and the end arrive as events.
import type { Api, ApiEvent } from '../api/contract.js';
import type { AtEngineApi } from '../core/at/engine-api.js';
import type { ModemDescription } from '../core/devices/types.js';
import { apnMethods } from './api-apn.js';
import { appMethods } from './api-app.js';
import { connectMethods } from './api-connect.js';
import { doctorMethods } from './api-doctor.js';
import { modeMethods } from './api-mode.js';
import { modemMethods } from './api-modems.js';
import { networkMethods } from './api-network.js';
import { presetMethods } from './api-presets.js';
import { simMethods } from './api-sim.js';
import { linkMethods } from './api-link.js';
import { keepOnlineMethods } from './api-keep-online.js';
import { LinkKeeper, type KeepOptions } from './link-keeper.js';
import type { ServiceEnv } from './env.js';
import { createParts, type Impl } from './parts.js';

export type { ServiceEnv } from './env.js';
export { DEFAULT_SETTINGS } from './settings-state.js';
export { modemIdOf, networkStatusOf, presetOf, summaryOf, usbModeOf, userPresetId, userPresetOf } from './contract-map.js';

export type Service = Api & {
  close(): Promise<void>;
  /** The live USB description of a modem (for workflows that need the full detection view). */
  description(modemId: string): ModemDescription | undefined;
  /** The open AT session to a modem (opened on first use). */
  engine(modemId: string): Promise<AtEngineApi>;
  /** Starts keeping the link online (the daemon's watchdog, issue 11); one keeper per service. */
  keepOnline(options: KeepOptions): Promise<LinkKeeper>;
};

export function createService(env: ServiceEnv): Service {
  const p = createParts(env);
  let keeper: LinkKeeper | undefined;
  const impl: Impl = {
    ...appMethods(p),
    ...modemMethods(p),
    ...modeMethods(p),
    ...apnMethods(p),
    ...presetMethods(p),
    ...networkMethods(p),
    ...connectMethods(p),
    ...doctorMethods(p),
    ...simMethods(p),
    ...linkMethods(p, () => keeper),
    ...keepOnlineMethods(p),
  };
  // Faces that show modems from the start (the GUI, the daemon) watch the bus at once; the one-shot CLI
  // starts it on first need.
  if (env.identifyOnArrival !== false) void p.modems.ready();
  let closed = false;
  return {
    ...impl,
    onEvent: (listener: (e: ApiEvent) => void) => p.events.on(listener),
    description: (modemId: string) => p.modems.find(modemId)?.usb ?? undefined,
    engine: (modemId: string) => p.sessions.engine(modemId),
    async keepOnline(options: KeepOptions) {
      if (keeper) throw new Error('the link is already kept online by this service');
      keeper = new LinkKeeper(p, options);
      await keeper.start();
      return keeper;
    },
    async close() {
      if (closed) return;
      closed = true;
      await keeper?.stop();
      p.modems.stop();
      p.ops.abortAll();
      await p.sessions.closeAll();
      await env.dispose?.();
    },
  };
}
