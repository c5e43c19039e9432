// Typed errors of the AT layer. Every face maps them to { code, message, hint }.

export type AtErrorCode =
  | 'timeout' // no final result within the command's timeout
  | 'port-closed' // the port closed or vanished while the command was pending or queued
  | 'cancelled' // the caller aborted the command
  | 'command-failed' // ERROR / +CME ERROR / +CMS ERROR / NO CARRIER ... (see `final`)
  | 'invalid-argument' // validation refused a value before anything was sent
  | 'parse'; // the modem answered OK but the payload did not match the command's format

export class AtError extends Error {
  override name = 'AtError';
  constructor(
    readonly code: AtErrorCode,
    message: string,
    /** Set when code is 'command-failed'. */
    readonly final?: import('./final-result.js').FinalResult,
    /** What to do about it, in the user's words (e.g. "Insert a SIM card"). */
    readonly hint?: string,
    /** Set when code is 'invalid-argument': the field that was refused (apn, user, password, pin...). */
    readonly field?: string,
  ) {
    super(message);
  }
}
