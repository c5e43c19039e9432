// The service's parts, built once per service and shared by the method groups (./api-*.ts): events,
// settings, modems, AT sessions and locks, operations, the status reader, presets and the mode memory.
import type { MethodName, Params, Result } from '../api/contract.js';
import { ModemAt } from '../core/at/modem-at.js';
import type { CommonOptions } from '../core/net/types.js';
import { ApnPresetStore } from './apn-presets.js';
import type { FixDeps } from './doctor.js';
import type { ServiceEnv } from './env.js';
import { EventHub } from './events.js';
import { ModeMemory } from './mode-memory.js';
import { ModemBook } from './modems.js';
import { OperationRunner } from './operations.js';
import { SessionPool } from './sessions.js';
import { SettingsState } from './settings-state.js';
import { StatusReader } from './status-reader.js';

/** One implementation function per Api method. */
export type Impl = { [M in MethodName]: (params: Params<M>) => Promise<Result<M>> };

export interface Parts {
  env: ServiceEnv;
  events: EventHub;
  settings: SettingsState;
  modems: ModemBook;
  sessions: SessionPool;
  ops: OperationRunner;
  status: StatusReader;
  presets: ApnPresetStore;
  modeMemory: ModeMemory;
  /** The layers the doctor, connect and the report gather through (the service's own AT sessions' opener). */
  doctorDeps(): FixDeps;
  /** Options every network-layer call carries (the test root, when set). */
  net<T extends object>(options: T): T & Pick<CommonOptions, 'root'>;
}

export function createParts(env: ServiceEnv): Parts {
  const events = new EventHub();
  const sessions = new SessionPool(env, events);
  const identifyOnArrival = env.identifyOnArrival ?? true;
  const modems = new ModemBook(env, events, {
    ...(identifyOnArrival
      ? {
          // Confirms model and IMEI on the AT port (and keeps the firmware revision for the Modem screen).
          identify: async (desc) => {
            const { modemIdOf } = await import('./contract-map.js');
            const m = new ModemAt(await sessions.engine(modemIdOf(desc)));
            const model = await m.model().catch(() => undefined);
            const imei = await m.imei().catch(() => undefined);
            const revision = await m.revision().catch(() => undefined);
            return { ...(model ? { model } : {}), ...(imei ? { imei } : {}), ...(revision ? { revision } : {}) };
          },
        }
      : {}),
    onGone: (id) => void sessions.drop(id),
    stateOf: (id) => sessions.stateOf(id),
  });
  sessions.modems = modems;
  const presets = new ApnPresetStore(env.configDir ? { dir: env.configDir } : {});
  const doctorDeps = (): FixDeps => ({
    devices: env.devices,
    openEngine: (path) => sessions.openEngineOn(path),
    network: env.network,
    apn: env.apn,
    // What worked before for a SIM ranks first in the doctor's APN view too (issue 13).
    presets,
    ...(env.portHolders ? { portHolders: env.portHolders } : {}),
    ...(env.privileged ? { privileged: env.privileged } : {}),
  });
  return {
    env,
    events,
    settings: new SettingsState(env.configDir, env.targetEnv ?? process.env, (line) => {
      // Said where the user looks (the terminal) and where the app shows it (the log).
      process.stderr.write(`simhat: ${line}\n`);
      events.log('warn', 'settings', line);
    }),
    modems,
    sessions,
    ops: new OperationRunner(events, sessions),
    status: new StatusReader(doctorDeps, sessions, events, env.netRoot),
    presets,
    modeMemory: new ModeMemory(env.configDir),
    doctorDeps,
    net: (options) => ({ ...options, ...(env.netRoot !== undefined ? { root: env.netRoot } : {}) }),
  };
}
