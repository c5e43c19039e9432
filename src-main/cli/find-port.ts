// The modem found by itself for every command (issue 14 item 9): `--port` may be left out (or given as
// "auto") wherever a command needs the AT port; the modem found on USB (the one with an AT port first)
// is then used. Commands that print a command line to run next print `--port auto`, which works anywhere.
import type { Api } from '../api/contract.js';
import { UsageError } from './command.js';
import { portOption } from './option-values.js';

/** The --port value that means "find the modem". */
export const AUTO_PORT = 'auto';

export const NO_MODEM_FOUND = '--port is required: no modem was found on USB (give --port <path>, e.g. /dev/ttyUSB2)';

/** A checked --port, or AUTO_PORT when none was given. */
export function portOrAuto(value: string | undefined): string {
  return portOption(value) ?? AUTO_PORT;
}

/** The modem found on USB (one with an AT port first), or undefined when there is none. */
export async function foundModem(api: Api): Promise<string | undefined> {
  const modems = await api.listModems({});
  return (modems.find((m) => m.atPort) ?? modems[0])?.id;
}

/** Like foundModem, for a command that cannot go on without one: a usage error (exit 2) naming --port. */
export async function requireFoundModem(api: Api): Promise<string> {
  const id = await foundModem(api);
  if (!id) throw new UsageError(NO_MODEM_FOUND);
  return id;
}
