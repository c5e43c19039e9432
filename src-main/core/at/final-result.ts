// Final result codes (vendor manual §2, 27.007): the line that ends a command's response.
export type FinalKind = 'ok' | 'error' | 'cme-error' | 'cms-error' | 'no-carrier' | 'connect' | 'busy' | 'no-answer' | 'no-dialtone';

export interface FinalResult {
  kind: FinalKind;
  /** The line as received. */
  line: string;
  /** CME/CMS numeric code when given (or mapped from the verbose text). */
  code?: number;
  /** CME/CMS verbose text when given (or mapped from the numeric code). */
  text?: string;
}
