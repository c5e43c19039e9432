// The Api as messages, for every transport that carries it (issue 15 item 1): the WebSocket of
// `simhat serve`, the Electron IPC and the daemon's Unix socket all hand their input to this one module.
// A request is `{ "id": <number|string>, "method": <name>, "params": {...} }`; the answer is
// `{ id, result }` or `{ id, error: { code, message, hint?, field? } }`. Nothing a client sends may throw
// out of here: every failure becomes an error envelope (never a stack), so no client input can take the
// process down. Size and shape are checked before the contract's own validation (./validate.ts).
import type { Api, ApiError, Envelope, MethodName } from './contract.js';
import { isPlainObject, toApiError, validateCall } from './validate.js';

/** Largest request accepted (bytes of UTF-8). The biggest legitimate payload is a preset, well under 4 KB. */
export const MAX_REQUEST_BYTES = 64 * 1024;
/**
 * Largest frame or line a transport reads at all. Between MAX_REQUEST_BYTES and this, the request is
 * still parsed for its id and refused with a clear `request-too-large` error (a paste into a field of
 * the UI can be that big); above it, the transport closes the connection.
 */
export const MAX_FRAME_BYTES = 1024 * 1024;
/** Nesting depth of params accepted (the contract needs 3). */
export const MAX_DEPTH = 16;

export type RequestId = number | string;

export interface WireReply {
  id: RequestId | null;
  result?: unknown;
  error?: ApiError;
}

export type WireLogLevel = 'info' | 'warn';
export type WireLog = (level: WireLogLevel, message: string) => void;

export interface WireServerOptions {
  api: Api;
  /** Default MAX_REQUEST_BYTES. */
  maxRequestBytes?: number;
  /** Where refused input is reported (one line each); default: nowhere. */
  log?: WireLog;
  /** Named in log lines, e.g. 'web 127.0.0.1:53122'. */
  peer?: string;
}

export interface WireServer {
  /** One text message (a WebSocket frame, a line): decoded, checked, run. Never throws. */
  handleText(text: string): Promise<WireReply>;
  /** A call whose params arrived already decoded (Electron IPC structured clone). Never throws. */
  call(method: unknown, params: unknown): Promise<Envelope<unknown>>;
}

const ID_MAX = 64;

function wireError(code: string, message: string, hint?: string): ApiError {
  return hint ? { code, message, hint } : { code, message };
}

const TOO_LARGE_HINT = 'A field holds far more text than it can take (a paste?): shorten it and try again.';

function tooLarge(message: string): ApiError {
  return wireError('request-too-large', message, TOO_LARGE_HINT);
}

function kib(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  return `${(bytes / 1024).toFixed(bytes < 10 * 1024 ? 1 : 0)} KB`;
}

/** The id of a request, or null when it has none we could answer to. */
function requestId(msg: unknown): RequestId | null {
  if (!isPlainObject(msg) || !Object.hasOwn(msg, 'id')) return null;
  const id = msg['id'];
  if (typeof id === 'number' && Number.isSafeInteger(id)) return id;
  if (typeof id === 'string' && id.length > 0 && id.length <= ID_MAX && !/[\u0000-\u001f\u007f]/.test(id)) return id;
  return null;
}

/**
 * Checks that a value is JSON data: plain objects and lists (own data properties only), strings, finite
 * numbers, booleans and null, at most `maxDepth` deep and about `maxBytes` big (counted as JSON would
 * spend them). Structured clones (IPC) may carry Maps, Dates, typed arrays, BigInt and cycles: refused.
 * Returns the problem as the error to answer, or null.
 */
export function jsonDataProblem(value: unknown, limits: { maxDepth?: number; maxBytes?: number } = {}): ApiError | null {
  const bad = (message: string) => wireError('invalid-argument', message);
  const maxDepth = limits.maxDepth ?? MAX_DEPTH;
  const maxBytes = limits.maxBytes ?? MAX_REQUEST_BYTES;
  let bytes = 0;
  // Iterative walk: a deep structure cannot exhaust the stack here.
  const stack: { v: unknown; depth: number }[] = [{ v: value, depth: 0 }];
  while (stack.length > 0) {
    const { v, depth } = stack.pop() as { v: unknown; depth: number };
    if (depth > maxDepth) return bad(`params are nested deeper than ${maxDepth} levels`);
    if (v === null || typeof v === 'boolean') bytes += 5;
    else if (typeof v === 'number') {
      if (!Number.isFinite(v)) return bad('params hold a number that is not finite');
      bytes += 24;
    } else if (typeof v === 'string') bytes += v.length + 2;
    else if (v === undefined) bytes += 0;
    else if (Array.isArray(v) || isPlainObject(v)) {
      const keys = Reflect.ownKeys(v);
      for (const k of keys) {
        if (typeof k !== 'string') return bad('params hold a symbol key');
        const d = Object.getOwnPropertyDescriptor(v, k) as PropertyDescriptor;
        if (!('value' in d)) return bad('params hold an accessor property');
        if (Array.isArray(v) && k === 'length') continue;
        bytes += k.length + 4;
        stack.push({ v: d.value as unknown, depth: depth + 1 });
      }
      bytes += 2;
    } else return bad(`params hold a ${typeof v === 'object' ? Object.prototype.toString.call(v).slice(8, -1) || 'object' : typeof v}, not JSON data`);
    if (bytes > maxBytes) return tooLarge(`The request is over ${kib(maxBytes)}, the most simhat accepts`);
  }
  return null;
}

/** Refusals logged per server (one connection, or the IPC of one app run) before it goes quiet. */
export const LOG_BUDGET = 20;

export function createWireServer(opts: WireServerOptions): WireServer {
  const maxRequestBytes = opts.maxRequestBytes ?? MAX_REQUEST_BYTES;
  const sink: WireLog = opts.log ?? (() => {});
  const who = opts.peer ? `${opts.peer}: ` : '';
  // A client sending garbage in a loop must not flood the journal either.
  let logged = 0;
  const log: WireLog = (level, message) => {
    logged++;
    if (logged <= LOG_BUDGET) sink(level, message);
    if (logged === LOG_BUDGET) sink('warn', `${who}further refused requests are not logged`);
  };

  async function run(method: unknown, params: unknown): Promise<Envelope<unknown>> {
    try {
      const problem = jsonDataProblem(params, { maxBytes: maxRequestBytes });
      if (problem) {
        log('warn', `${who}refused params: ${problem.message}`);
        return { error: problem };
      }
      const { method: name, params: checked } = validateCall(method, params);
      const fn = opts.api[name as MethodName] as (p: unknown) => Promise<unknown>;
      const result = await fn.call(opts.api, checked);
      return { result: result ?? null };
    } catch (err) {
      return { error: toApiError(err) };
    }
  }

  return {
    async handleText(text) {
      try {
        const bytes = Buffer.byteLength(text, 'utf8');
        let msg: unknown;
        try {
          msg = JSON.parse(text);
        } catch {
          log('warn', `${who}refused a request that is not JSON (${kib(bytes)})`);
          return { id: null, error: wireError('invalid-argument', 'not JSON') };
        }
        const id = requestId(msg);
        if (bytes > maxRequestBytes) {
          log('warn', `${who}refused a request of ${kib(bytes)} (limit ${kib(maxRequestBytes)})`);
          return { id, error: tooLarge(`The request is ${kib(bytes)}; simhat accepts at most ${kib(maxRequestBytes)}`) };
        }
        if (!isPlainObject(msg)) return { id: null, error: wireError('invalid-argument', 'a request is a JSON object { id, method, params }') };
        for (const key of Object.keys(msg)) {
          if (key !== 'id' && key !== 'method' && key !== 'params') return { id, error: wireError('invalid-argument', `unknown request field ${JSON.stringify(key.slice(0, 40))}`) };
        }
        if (id === null) return { id: null, error: wireError('invalid-argument', `a request needs an id: an integer or a string of 1-${ID_MAX} characters`) };
        const env = await run(msg['method'], msg['params']);
        return env.error ? { id, error: env.error } : { id, result: env.result };
      } catch (err) {
        // Defence in depth: nothing above should throw, but a bug here must not end the process.
        log('warn', `${who}request handling failed: ${(err as Error)?.message ?? String(err)}`);
        return { id: null, error: wireError('internal', 'simhat could not handle this request') };
      }
    },
    call: run,
  };
}
