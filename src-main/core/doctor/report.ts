// The doctor's output: the JSON contract of issue 6, documented in docs/doctor-json.md.
// Scripts and monitoring rely on it: add fields, never rename or remove them.

/**
 * Every check, in dependency order, and every fix, in the order `--fix` applies them: the registries
 * hold them (./checks/registry.ts, ./fix-registry.ts). All checks are in every report (`skip` when
 * not applicable).
 */
export { CHECK_IDS, type CheckId } from './checks/registry.js';
export { FIX_IDS, type FixId } from './fix-registry.js';
import type { CheckId } from './checks/registry.js';
import type { FixId } from './fix-registry.js';

export type CheckStatus = 'pass' | 'warn' | 'fail' | 'skip';

/** One command and what it printed, verbatim, so a user can paste it into a forum. */
export interface Evidence {
  command: string;
  output: string;
}

export interface Fix {
  id: FixId;
  /** What the action does, in the user's words, e.g. 'Set the APN "internet" (Telia preset) in contexts 1 and 6'. */
  label: string;
}

export interface CheckResult {
  id: CheckId;
  status: CheckStatus;
  /** What the check verifies, e.g. "SIM card ready". */
  title: string;
  /** What was found (or, for skip, why it was not run), in sentences a newcomer understands. */
  detail: string;
  evidence: Evidence[];
  fix: Fix | null;
}

export interface DoctorModem {
  manufacturer: string | null;
  model: string | null;
  revision: string | null;
  imei: string | null;
  /** USB composition: 'rndis' | 'ecm' | 'qmi' | 'mbim' | 'other', null when unknown. */
  mode: string | null;
  /** 'vvvv:pppp' when a USB view exists. */
  usbId: string | null;
  atPort: string | null;
  iface: string | null;
}

/** The first failing link of the chain (or the first warning when nothing fails). */
export interface Verdict {
  checkId: CheckId;
  status: 'fail' | 'warn';
  /** One sentence: what is wrong and why. */
  summary: string;
  fix: Fix | null;
}

export interface DoctorReport {
  /** True when no check has status 'fail'. */
  ok: boolean;
  durationMs: number;
  modem: DoctorModem | null;
  checks: CheckResult[];
  /** null when nothing fails or warns. */
  verdict: Verdict | null;
}
