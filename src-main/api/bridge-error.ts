// Errors across Electron's contextBridge: it keeps only an Error's message, so the preload encodes the
// { code, message, hint } after a marker and the renderer restores an ApiCallError from it.
import type { ApiError } from './contract.js';
import { ApiCallError } from './validate.js';

export const BRIDGE_ERROR_MARKER = 'simhat-error:';

export function encodeBridgeError(error: ApiError): Error {
  return new Error(BRIDGE_ERROR_MARKER + JSON.stringify(error));
}

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
