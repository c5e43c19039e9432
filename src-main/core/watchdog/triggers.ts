// Fast-path triggers (issue 11): unsolicited lines that mean "check the link now" instead of at
// the next interval. Pure; the service feeds it every URC the AT engine hands out.
import type { CheckTrigger } from './types.js';

/**
 * The trigger an unsolicited line stands for, or undefined for lines that need no check.
 * - `+CGEV: NW PDN DEACT <cid>` (27.007 §10.1.19, SIMCom wording) and the older `+CGEV: NW DEACT ...`:
 *   the network ended the data session. `ME ...` forms are the host's own doing (our radio cycle,
 *   a user's CGACT) and are ignored. `+CGEV: NW DETACH` ends registration with the packet domain.
 * - `+CREG/+CGREG/+CEREG: <stat>[,...]` URCs (27.007 §7.2, §10.1.20, §10.1.22): registration changed.
 * - `+CPIN: NOT READY` (sim7600.md §2 URCs), `+CPIN: SIM REMOVED`: the SIM went away.
 */
export function triggerForUrc(line: string): CheckTrigger | undefined {
  const l = line.trim();
  if (/^\+CGEV:\s*NW\s+(PDN\s+)?DEACT\b/i.test(l)) return 'pdn-deactivated';
  if (/^\+CGEV:\s*NW\s+DETACH\b/i.test(l)) return 'registration-changed';
  if (/^\+C(E|G)?REG:\s*\d/i.test(l)) return 'registration-changed';
  if (/^\+CPIN:\s*(NOT READY|SIM REMOVED)\s*$/i.test(l)) return 'sim-not-ready';
  return undefined;
}
