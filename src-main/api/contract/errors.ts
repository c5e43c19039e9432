// Api contract types (re-exported by ../contract.ts, types only). How errors cross every boundary.

// ---------- errors ----------

/** How errors cross every boundary (architecture.md): never stringified stacks. */
export interface ApiError {
  /** Stable machine code, e.g. 'invalid-argument', 'no-modem', 'port-busy', 'timeout', 'cancelled', 'unavailable'. */
  code: string;
  message: string;
  /** What to do about it, in the user's words. */
  hint?: string;
  /** The parameter that was refused, when code is 'invalid-argument'. */
  field?: string;
}

/** Transport envelope (IPC reply, WebSocket reply): exactly one of the two is set. */
export type Envelope<T> = { result: T; error?: undefined } | { error: ApiError; result?: undefined };
