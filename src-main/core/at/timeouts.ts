// Per-command default timeouts. Most commands answer in milliseconds; the long ones are from the
// SIMCom AT manual's "max response time" notes and user reports (sim7600.md §2).
import { parseCommandLine } from './command-line.js';

/** Default for any command not listed below; 5 s. */
export const DEFAULT_TIMEOUT_MS = 5_000;

/** By command name, any form. */
const BY_NAME: ReadonlyMap<string, number> = new Map([
  ['+CFUN', 30_000], // radio on/off: 9 s max in the manual, slower with a weak network
  ['+CUSBPIDSWITCH', 30_000], // writes NV before answering OK, then resets
  ['+CRESET', 15_000],
  ['+CGATT', 75_000], // 27.007: attach may take as long as the network needs
  ['+CGACT', 150_000], // PDP activation waits for the network (manual: 150 s max)
  ['+NETOPEN', 120_000],
  ['+CPING', 60_000],
  ['+CMGS', 60_000],
  ['+CPIN', 10_000], // SIM may need several seconds right after boot
  ['+CLCK', 15_000],
  ['+CNMP', 10_000],
  ['+CGDCONT', 10_000], // NV write
  ['+CGAUTH', 10_000],
  ['+CPSI', 10_000],
]);

/** By name and form, where one form is much slower than the others. */
const BY_NAME_AND_FORM: ReadonlyMap<string, number> = new Map([
  ['+COPS test', 180_000], // AT+COPS=? scans every band (manual: up to 180 s)
  ['+COPS write', 120_000], // manual selection waits for registration
  ['+CGATT read', DEFAULT_TIMEOUT_MS],
  ['+CGACT read', DEFAULT_TIMEOUT_MS],
  ['+NETOPEN read', DEFAULT_TIMEOUT_MS],
  ['+CFUN read', DEFAULT_TIMEOUT_MS],
  ['+CUSBPIDSWITCH read', DEFAULT_TIMEOUT_MS],
]);

export function timeoutFor(command: string): number {
  const { name, form } = parseCommandLine(command);
  return BY_NAME_AND_FORM.get(`${name} ${form}`) ?? BY_NAME.get(name) ?? DEFAULT_TIMEOUT_MS;
}
