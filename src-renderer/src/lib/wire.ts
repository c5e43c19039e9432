// The renderer's own wire client pieces (issue 10 item 5): it imports only TYPES from the Api contract
// (src-main/api/contract.ts), so no main-process module is bundled into the page. Here: the method list
// (checked against the contract at compile time), the error class rebuilt from `{ code, message, hint }`,
// the envelope handling, and the Electron bridge's error encoding (see src-main/api/bridge-error.ts).
import type { ApiError, Envelope, MethodName } from '../../../src-main/api/contract.js';

export const METHODS = [
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

/** Compile-time check: a method added to the contract and missing here fails the typecheck. */
type _Missing = Exclude<MethodName, (typeof METHODS)[number]>;
const _complete: _Missing extends never ? true : false = true;
void _complete;

/** An Api error as the UI sees it: the message, the stable code and what to do (hint). */
export class ApiCallError extends Error {
  override name = 'ApiCallError';
  readonly code: string;
  readonly hint?: string;
  readonly field?: string;
  constructor(error: ApiError) {
    super(error.message);
    this.code = error.code;
    if (error.hint !== undefined) this.hint = error.hint;
    if (error.field !== undefined) this.field = error.field;
  }
}

/** The result of an `{ result }` / `{ error }` envelope, or the error rebuilt and thrown. */
export function unwrap<T>(envelope: Envelope<T>): T {
  if (envelope && typeof envelope === 'object' && envelope.error) throw new ApiCallError(envelope.error);
  return envelope.result as T;
}

/** The marker the preload puts before the encoded error (contextBridge keeps only an Error's message). */
export const BRIDGE_ERROR_MARKER = 'simhat-error:';

export function restoreBridgeError(err: unknown): unknown {
  const message = (err as Error | undefined)?.message ?? '';
  const at = message.indexOf(BRIDGE_ERROR_MARKER);
  if (at < 0) return err;
  try {
    return new ApiCallError(JSON.parse(message.slice(at + BRIDGE_ERROR_MARKER.length)) as ApiError);
  } catch {
    return err;
  }
}
