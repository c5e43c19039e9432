// The doctor's checks as one registry (issue 10, item 4), in dependency order: every check's
// prerequisites come before it (asserted below), so ../evaluate.ts walks the list as it is, and the
// report lists the checks in this order (docs/doctor-json.md). Adding a check = one entry in an area
// file, its test, and its line in the doc (test/unit/doctor/doctor-json-doc.test.ts enforces it).
import type { VendorProfile } from '../../vendors/profile.js';
import { APN_CHECKS } from './apn.js';
import type { CheckEntry } from './entry.js';
import { HOST_CHECKS } from './host.js';
import { NETWORK_CHECKS } from './network.js';
import { PORT_CHECKS } from './port.js';
import { USB_CHECKS } from './usb.js';

export const CHECKS = [...USB_CHECKS, ...PORT_CHECKS, ...NETWORK_CHECKS, ...APN_CHECKS, ...HOST_CHECKS] as const;

export type CheckId = (typeof CHECKS)[number]['id'];

/** Every check id, in dependency (and report) order. */
export const CHECK_IDS: readonly CheckId[] = CHECKS.map((c) => c.id);

export const CHECK_TITLES = Object.fromEntries(CHECKS.map((c) => [c.id, c.title])) as Record<CheckId, string>;

/** A requirement on a later (or unknown) check would make the walk judge it blind. */
export function orderProblems(entries: readonly CheckEntry[]): string[] {
  const problems: string[] = [];
  entries.forEach((c, i) => {
    for (const r of c.requires) {
      const at = entries.findIndex((x) => x.id === r);
      if (at < 0) problems.push(`${c.id} requires unknown check ${r}`);
      else if (at >= i) problems.push(`${c.id} requires ${r}, which comes after it`);
    }
    if (entries.findIndex((x) => x.id === c.id) !== i) problems.push(`${c.id} is registered twice`);
  });
  return problems;
}

const problems = orderProblems(CHECKS);
if (problems.length > 0) throw new Error(`doctor check registry: ${problems.join('; ')}`);

/**
 * The AT queries the doctor sends for this vendor, in registry order: what the checks gather, the
 * vendor's mode query where a check asks for it. Read-only: none of them changes the modem.
 */
export function doctorQueries(profile: VendorProfile): string[] {
  const out: string[] = [];
  const add = (q: string) => {
    if (!out.includes(q)) out.push(q);
  };
  for (const c of CHECKS as readonly CheckEntry[]) {
    for (const q of c.gathers.at ?? []) add(q);
    if (c.gathers.vendorModeQuery && profile.usbModeQuery) add(profile.usbModeQuery.command);
  }
  return out;
}
