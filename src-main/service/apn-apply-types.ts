// The apply workflow's vocabulary (issue 5): its timeouts and options, its typed progress events, its
// result with the restore report, and the error record every face shows. The workflow is ./apn.ts.
import type { ApnTarget, ModemVendor, SavedContext } from '../core/apn/apply-plan.js';
import type { IpType } from '../core/apn/db-types.js';
import type { PdpAddress } from '../core/at/modem-at.js';
import type { ApplyJournal } from './apn-journal.js';

export interface ApplyTimeouts {
  /** After AT+CFUN=1, until AT+CPIN? says READY; default 20000 ms. */
  simReadyMs: number;
  /** Until AT+CEREG?/CGREG?/CREG? says registered (home or roaming); default 90000 ms. */
  registrationMs: number;
  /** Until AT+CGPADDR shows an address on the first context; default 30000 ms. */
  addressMs: number;
  /** Poll period of the waits above; default 500 ms. */
  pollMs: number;
}

export const DEFAULT_APPLY_TIMEOUTS: Readonly<ApplyTimeouts> = { simReadyMs: 20_000, registrationMs: 90_000, addressMs: 30_000, pollMs: 500 };

export interface ApplyApnOptions {
  /** APNs to try in order (one, or several for "try candidates"): the first that yields a PDP address wins. */
  targets: ApnTarget[];
  /** Contexts to write; default from the device catalog (AT+CGMM + AT+CUSBPIDSWITCH?). */
  contexts?: number[];
  timeouts?: Partial<ApplyTimeouts>;
  signal?: AbortSignal;
  /** Persists the saved state while the apply runs (recovery after a vanished port). */
  journal?: ApplyJournal;
  /** Port path, for the journal and messages. */
  port?: string;
}

export type ApplyErrorCode =
  | 'invalid-argument'
  | 'port-closed'
  | 'cancelled'
  | 'timeout'
  | 'command-failed'
  | 'parse'
  | 'verify-failed'
  | 'no-sim'
  | 'sim-locked'
  | 'sim-timeout'
  | 'registration-denied'
  | 'registration-timeout'
  | 'no-address';

export interface ApplyErrorInfo {
  code: ApplyErrorCode;
  message: string;
  hint?: string;
  /** The step that failed. */
  step: ApplyStep;
  /** For invalid-argument: the refused field. */
  field?: string;
}

export type ApplyStep = 'validate' | 'identify' | 'save' | 'write' | 'verify' | 'radio-off' | 'radio-on' | 'sim-ready' | 'registered' | 'address' | 'restore';

export type ReattachPhase = 'radio-off' | 'radio-on' | 'sim-ready' | 'registered' | 'address';

export interface RestoreReport {
  /** False when restoring was impossible (the port is gone) or not needed (nothing written). */
  attempted: boolean;
  /** Every restore command was accepted. */
  ok: boolean;
  /** The read-back equals the saved state for every touched context. */
  exact: boolean;
  cids: number[];
  mismatches: string[];
  errors: string[];
  /** Why it was not attempted. */
  reason?: string;
}

export interface ApplyResult {
  ok: boolean;
  /** The APN that brought data up. */
  apn?: string;
  label?: string;
  ipType?: IpType;
  contexts: number[];
  addresses: PdpAddress[];
  error?: ApplyErrorInfo;
  /** APNs tried before the one that worked (or all, on failure), with why each failed. */
  failedCandidates: { apn: string; label?: string; error: ApplyErrorInfo }[];
  restore?: RestoreReport;
}

export type ApplyEvent =
  | { type: 'validated'; targets: number }
  | { type: 'device'; vendor: ModemVendor; model?: string; imei?: string; pid?: number; contexts: number[]; contextsSource: string }
  | { type: 'journal-found'; startedAt: string; applying: string; message: string }
  | { type: 'saved'; saved: SavedContext[]; functionality: number }
  | { type: 'candidate'; index: number; total: number; apn: string; label?: string }
  | { type: 'context-written'; cid: number; apn: string; ipType: IpType }
  | { type: 'auth-written'; cid: number; authType: number }
  | { type: 'verified'; cids: number[] }
  | { type: 'reattach'; phase: ReattachPhase; message: string }
  | { type: 'candidate-failed'; index: number; apn: string; error: ApplyErrorInfo }
  | { type: 'restoring'; reason: string }
  | { type: 'restored'; report: RestoreReport }
  | { type: 'finished'; result: ApplyResult };
