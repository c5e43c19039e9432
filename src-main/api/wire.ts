// The Api's runtime half (issue 10): the method and event name lists as consts, so every transport
// refuses unknown names before validation, and the IPC channel names. The types are ./contract.ts.
import type { ApiEvent, MethodName } from './contract.js';

export const API_EVENTS = ['connection', 'device', 'modems', 'status', 'signal', 'urc', 'network', 'log', 'progress', 'operation-end'] as const satisfies readonly ApiEvent['type'][];

export const API_METHODS = [
  'appInfo',
  'listModems',
  'attachPort',
  'listDevices',
  'getStatus',
  'signalHistory',
  'getMode',
  'switchMode',
  'revertMode',
  'searchCarriers',
  'searchProviders',
  'suggestApn',
  'validateApn',
  'applyApn',
  'apnState',
  'listPresets',
  'savePreset',
  'deletePreset',
  'presetBook',
  'addPreset',
  'editPreset',
  'exportPresets',
  'importPresets',
  'networkStatus',
  'networkUp',
  'networkDown',
  'setPolicy',
  'persistNetwork',
  'unpersistNetwork',
  'checkConnectivity',
  'checkNetwork',
  'connect',
  'runDoctor',
  'applyFix',
  'runFixes',
  'exportReport',
  'atSend',
  'cancel',
  'getSettings',
  'validateSettings',
  'updateSettings',
  'getLogs',
  'getConnection',
  'getHistory',
  'keepOnlineState',
  'setKeepOnline',
  'openExternal',
  'simPin',
  'enterPin',
  'browseCarriers',
] as const satisfies readonly MethodName[];

/** Compile-time check that API_METHODS lists every method exactly (a missing one fails here). */
type _MissingMethods = Exclude<MethodName, (typeof API_METHODS)[number]>;
const _allListed: _MissingMethods extends never ? true : false = true;
void _allListed;

/** IPC channel name of a method (namespaced, Podman Desktop style). */
export const channelOf = (method: MethodName): string => `simhat:${method}`;
export const EVENT_CHANNEL = 'simhat:event';

export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && (API_METHODS as readonly string[]).includes(name);
}
