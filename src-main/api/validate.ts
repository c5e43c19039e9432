// Runtime validation of Api payloads at every transport boundary (IPC handler, WebSocket server, the
// daemon's socket): a renderer, a browser tab or a socket client is untrusted input. Each method's params
// are a closed object: unknown keys, wrong types, over-long strings and control characters are refused
// before the service sees them. Only OWN keys count (issue 15: `key in shape` let `constructor`,
// `toString` and an own `__proto__` through), and what the service receives is a fresh copy built from
// null-prototype objects, so no key of the caller's can reach a prototype.
import type { ApiError, MethodName, Params } from './contract.js';
import { isPlainObject } from './rules.js';
import { SCHEMAS } from './schemas.js';
import { API_METHODS, isMethodName } from './wire.js';

export { isPlainObject };

/** Thrown (and sent back as { code: 'invalid-argument' }) when a payload does not match the contract. */
export class ApiValidationError extends Error {
  override name = 'ApiValidationError';
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

/**
 * Validates a method name and its params; returns the params typed, or throws ApiValidationError.
 * The params returned are a fresh copy of null-prototype objects holding only the shape's own keys.
 */
export function validateCall<M extends MethodName>(method: unknown, params: unknown): { method: M; params: Params<M> } {
  if (!isMethodName(method)) throw new ApiValidationError(`unknown method ${JSON.stringify(String(method).slice(0, 40))}`);
  const p = params === undefined || params === null ? {} : params;
  const schema = SCHEMAS[method];
  const err = schema.check(p, '');
  if (err) throw new ApiValidationError(err, err.split(/[ .[]/)[0] || undefined);
  return { method: method as M, params: (schema.copy ? schema.copy(p) : p) as Params<M> };
}

export const VALIDATED_METHODS: readonly MethodName[] = API_METHODS;

/** Maps anything thrown into the { code, message, hint } shape that crosses boundaries. */
export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiValidationError) {
    return { code: 'invalid-argument', message: err.message, ...(err.field ? { field: err.field } : {}) };
  }
  if (err && typeof err === 'object') {
    const e = err as { code?: unknown; message?: unknown; hint?: unknown; field?: unknown; name?: unknown };
    const code = typeof e.code === 'string' && /^[a-z][a-z0-9-]*$/.test(e.code) ? e.code : 'internal';
    const message = typeof e.message === 'string' ? e.message : String(err);
    const out: ApiError = { code, message };
    if (typeof e.hint === 'string') out.hint = e.hint;
    if (typeof e.field === 'string') out.field = e.field;
    return out;
  }
  return { code: 'internal', message: String(err) };
}

/** An Error carrying an ApiError (what the service throws and what clients rebuild from envelopes). */
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
