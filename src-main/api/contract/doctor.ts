// Api contract types (re-exported by ../contract.ts, types only). The Doctor's report, checks, fixes and report bundle (issue 6's JSON contract).
import type { DoctorModem } from '../../core/doctor/report.js';
import type { RoutePolicy } from './network.js';

// ---------- doctor (JSON contract of issue 6) ----------

export type CheckStatus = 'pass' | 'warn' | 'fail' | 'skip';

export interface FixRef {
  id: string;
  label: string;
}

export interface Evidence {
  command: string;
  output: string;
}

export interface DoctorCheck {
  id: string;
  status: CheckStatus;
  title: string;
  detail: string;
  evidence: Evidence[];
  fix: FixRef | null;
}

export interface DoctorVerdict {
  checkId: string;
  status: 'fail' | 'warn';
  summary: string;
  fix: FixRef | null;
}

export interface DoctorReport {
  ok: boolean;
  durationMs: number;
  modem: DoctorModem | null;
  checks: DoctorCheck[];
  /** The first failing link (or first warning); null when all is well. */
  verdict?: DoctorVerdict | null;
}

/** `doctor --fix` / "Fix all": the report before, each fix applied in order, and the report after. */
export interface FixRunResult {
  before: DoctorReport;
  applied: { fix: FixRef; ok: boolean; message: string }[];
  after: DoctorReport;
}

/** Parameters every doctor run takes (CLI flags, Settings). */
export interface DoctorParams {
  modemId?: string;
  /** Network interface by hand (else the modem's). */
  iface?: string;
  pingTargets?: string[];
  dnsName?: string;
  /** No ping and no DNS probe: host.internet and host.dns skip. */
  noProbes?: boolean;
  /** The route policy to judge against; default the saved setting (none saved: a takeover only warns). */
  policy?: RoutePolicy;
}

export interface ReportBundle {
  /** Suggested file name, e.g. simhat-report-2026-11-28T20-00-00Z.json. */
  fileName: string;
  /** The redacted bundle (IMEI/IMSI/ICCID masked, passwords removed). */
  content: string;
  mime: string;
}
