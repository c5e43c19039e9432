// Validation of every value that reaches a command line or a config file (issue 4, COMMON rules).
// Pure: the "must exist" half of interface validation is done by the platform (sysfs lookup).
import { NetError } from './types.js';

/**
 * Linux IFNAMSIZ is 16 including NUL; the allow-list. Never a leading '-' (issue 15): the name
 * lands as an argument of dhclient, dhcpcd, networkctl and nmcli, where `-x` is an option (`dhcpcd -k -x`
 * would stop every interface; dhclient and nmcli have no `--` to end their options).
 */
const IFACE_RE = /^[A-Za-z0-9_.:][A-Za-z0-9_.:-]{0,14}$/;

export function validateIfaceName(name: unknown): string {
  if (typeof name !== 'string' || !IFACE_RE.test(name) || name === '.' || name === '..') {
    // A huge value is cut in the message so it stays one readable line.
    const shown = typeof name === 'string' && name.length > 40 ? `${name.slice(0, 40)}…` : name;
    throw new NetError('invalid-argument', `invalid interface name ${JSON.stringify(shown)}`, 'Interface names are 1-15 of A-Z a-z 0-9 _ . : - and do not start with - (e.g. usb0).');
  }
  return name;
}

const OCTET = '(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])';
const IPV4_RE = new RegExp(`^${OCTET}\\.${OCTET}\\.${OCTET}\\.${OCTET}$`);

export function isIpv4(value: string): boolean {
  return IPV4_RE.test(value);
}

export function validateIpv4(value: unknown, what = 'address'): string {
  if (typeof value !== 'string' || !isIpv4(value)) throw new NetError('invalid-argument', `invalid IPv4 ${what} ${JSON.stringify(value)}`);
  return value;
}

/** Route metric: the kernel takes u32; we keep to a sane range. */
export function validateMetric(value: unknown): number {
  const n = typeof value === 'string' && /^[0-9]{1,6}$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > 999_999) {
    throw new NetError('invalid-argument', `invalid route metric ${JSON.stringify(value)}`, 'Metric is an integer 0-999999 (lower wins).');
  }
  return n;
}

/** A DNS name to resolve in the check: LDH labels, 1-253 chars (RFC 1035 §2.3.1). */
export function validateDnsName(value: unknown): string {
  const labelOk = (l: string) => /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/.test(l) || /^[A-Za-z0-9_]$/.test(l);
  if (typeof value !== 'string' || value.length === 0 || value.length > 253) throw new NetError('invalid-argument', `invalid DNS name ${JSON.stringify(value)}`);
  const name = value.endsWith('.') ? value.slice(0, -1) : value;
  if (!name.split('.').every(labelOk)) throw new NetError('invalid-argument', `invalid DNS name ${JSON.stringify(value)}`);
  return name;
}

/**
 * Root prefix for config/state paths: absolute, normalised, no "..", no odd characters.
 * '' means the real root.
 */
export function validateRootPrefix(value: unknown): string {
  if (value === undefined || value === '' || value === '/') return '';
  if (typeof value !== 'string' || !/^\/[A-Za-z0-9_.\-/]*$/.test(value) || value.split('/').some((p) => p === '..' || p === '.')) {
    throw new NetError('invalid-argument', `invalid root prefix ${JSON.stringify(value)}`, 'Use an absolute path of letters, digits, _ . - and /.');
  }
  return value.replace(/\/+$/, '');
}
