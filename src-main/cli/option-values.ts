// Checks of option values shared by several commands, run before any port, process or file is
// touched: a bad --port, --iface, --pin or --apn is a usage error (exit 2) naming the option, never
// a value passed on to `ip`, dhclient or an AT command line (COMMON rules: validate every value).
import { validateApn, validatePin } from '../core/at/validate.js';
import { validateIfaceName } from '../core/net/validate.js';
import { clip } from './cli-error.js';
import { UsageError } from './command.js';

/** Linux PATH_MAX is 4096; a device path is far shorter, so anything longer is a mistake. */
const PORT_MAX = 1024;

/** A serial port path: not empty, no control characters, of sane length. */
export function portOption(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (value === '') throw new UsageError('--port needs a path, e.g. /dev/ttyUSB2');
  if (value.length > PORT_MAX) throw new UsageError(`--port: a path of ${value.length} characters is not a serial port`);
  if (/[\x00-\x1f\x7f]/.test(value)) throw new UsageError(`--port ${JSON.stringify(clip(value))}: control characters are not allowed in a path`);
  return value;
}

/** A network interface name (Linux allow-list, 1-15 characters). */
export function ifaceOption(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  try {
    return validateIfaceName(value);
  } catch (err) {
    throw new UsageError(`--iface: ${(err as Error).message} (names are 1-15 of A-Z a-z 0-9 _ . : -, e.g. usb0)`);
  }
}

/** A SIM PIN: 4 to 8 digits. */
export function pinOption(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  try {
    return validatePin(value);
  } catch (err) {
    throw new UsageError(`--pin ${(err as Error).message.replace(/^pin: /, '')}`);
  }
}

/** An APN (3GPP TS 23.003 §9.1). */
export function apnOption(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  try {
    return validateApn(value);
  } catch (err) {
    throw new UsageError(`--${(err as Error).message}`);
  }
}
