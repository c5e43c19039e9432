// `report` (issue 6): a diagnostics bundle a user can attach to a forum post or an issue: the
// doctor JSON, the AT transcript, the route table, the interface list and the relevant kernel/USB
// listing, with IMEI, IMSI, ICCID and phone numbers masked except their last 4 digits, host MAC
// addresses cut to their vendor half and every password removed (core/doctor/redact.ts; AT credential
// fields are parsed, quoted fields whole, so a comma in a user name or password hides nothing).
import type { Evidence, DoctorReport } from '../core/doctor/report.js';
import { redactValue } from '../core/doctor/redact.js';
import { diagnose, type DoctorDeps, type DoctorOptions } from './doctor.js';
import type { ModemStatus } from '../api/contract.js';
import { statusOf } from './status-reader.js';

export interface ReportBundle {
  kind: 'simhat-diagnostics';
  version: 1;
  createdAt: string;
  platform: string;
  doctor: DoctorReport;
  status: ModemStatus;
  /** Every AT exchange of the run, in order. */
  atTranscript: Evidence[];
  /** Host listings: command and output, verbatim (then redacted). */
  host: Evidence[];
  /** Masking applied; for the reader of the bundle. */
  redaction: string;
}

/** Host listings: argv arrays only (no shell); a missing program is noted, not fatal. */
const LISTINGS: { program: string; args: string[]; filter?: (out: string) => string }[] = [
  { program: 'ip', args: ['-4', 'route', 'show', 'table', 'all'] },
  { program: 'ip', args: ['-6', 'route', 'show'] },
  { program: 'ip', args: ['address', 'show'] },
  { program: 'lsusb', args: [] },
  { program: 'lsusb', args: ['-t'] },
  // Only what concerns modems: USB enumeration, serial converters, the network drivers.
  { program: 'dmesg', args: [], filter: (out) => out.split('\n').filter((l) => /usb|option|rndis|cdc_|qmi|wwan|ttyUSB|GSM modem|simcom|quectel/i.test(l)).slice(-200).join('\n') },
];

export interface ReportDeps extends DoctorDeps {
  /** Runs a host listing (the composition root's: the real program, or the simulated host's); none = no listings. */
  listing?: ((program: string, args: string[]) => Promise<string>) | null;
}

export async function buildReportBundle(deps: ReportDeps, options: DoctorOptions = {}): Promise<ReportBundle> {
  const { report, facts } = await diagnose(deps, options);
  const host: Evidence[] = [];
  const listing = deps.listing ?? null;
  if (listing) {
    for (const l of LISTINGS) {
      const command = [l.program, ...l.args].join(' ');
      let output: string;
      try {
        output = await listing(l.program, l.args);
        if (l.filter) output = l.filter(output);
      } catch (err) {
        output = `(not available: ${(err as Error).message})`;
      }
      host.push({ command, output });
    }
  }
  const bundle: ReportBundle = {
    kind: 'simhat-diagnostics',
    version: 1,
    createdAt: new Date().toISOString(),
    platform: `${options.platform ?? process.platform} ${process.arch}`,
    doctor: report,
    status: statusOf(facts, null),
    atTranscript: facts.at?.evidence ?? [],
    host,
    redaction: 'IMEI, IMSI, ICCID and phone numbers are masked except their last 4 digits; MAC addresses keep only their vendor half; passwords are removed.',
  };
  const identifiers = [facts.at?.imei, facts.at?.imsi, facts.at?.iccid];
  return redactValue(bundle, { identifiers });
}

export function reportFileName(now = new Date()): string {
  return `simhat-report-${now.toISOString().replace(/[:.]/g, '-').replace(/-\d{3}Z$/, 'Z')}.json`;
}

