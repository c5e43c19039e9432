// Pieces the `simhat apn` subcommands share (issue 5, split out for issue 13): the --port check, the
// modem through the service with port errors as exit 2, JSON printing, and a database carrier as one line.
import type { Api } from '../api/contract.js';
import { validateApplyInput, type ApnTarget } from '../core/apn/apply-plan.js';
import type { Carrier } from '../core/apn/lookup.js';
import { AtError } from '../core/at/errors.js';
import { modemFor, withApi } from './api-session.js';
import { errorBody, isPortError, reportCliError } from './cli-error.js';
import { EXIT_FAILED, EXIT_USAGE, UsageError, type CliIo } from './command.js';
import { AUTO_PORT, portOrAuto } from './find-port.js';

/** A checked --port, or "auto": the modem found on USB (or the daemon's) is used (issue 14). */
export function requirePort(port: string | undefined): string {
  return portOrAuto(port);
}

export const json = (v: unknown) => JSON.stringify(v, null, 2) + '\n';

/** Why simhat would refuse to send this database entry (MBPI has a few), or undefined. */
function unsendable(c: Carrier): string | undefined {
  const a = c.apn;
  const target: ApnTarget = { apn: a.value, ipType: a.ipType ?? 'IPV4V6', auth: a.auth ?? (a.username || a.password ? 'auto' : 'none'), ...(a.username ? { username: a.username } : {}), ...(a.password ? { password: a.password } : {}) };
  try {
    validateApplyInput([target], undefined);
    return undefined;
  } catch (err) {
    if (err instanceof AtError) return err.message;
    throw err;
  }
}

export function carrierLine(c: Carrier): string {
  const a = c.apn;
  const refused = unsendable(c);
  const bits = [
    a.usage ?? 'usage ?',
    a.plan?.join('/'),
    a.auth ? `auth ${a.auth}` : a.username || a.password ? 'credentials' : undefined,
    a.name ? `"${a.name}"` : undefined,
    refused ? `NOT USABLE (${refused})` : undefined,
  ].filter(Boolean);
  return `${c.id.padEnd(34)} ${a.value.padEnd(30)} ${bits.join(', ')}`;
}

export function maskImsi(imsi: string | undefined): string | undefined {
  return imsi ? imsi.slice(0, 6) + '*'.repeat(Math.max(0, imsi.length - 6)) : undefined;
}

/** Runs fn on the modem at --port through the service; a port that cannot be opened is exit 2. */
export async function withModem(port: string, io: CliIo, json: boolean, fn: (api: Api, modemId: string) => Promise<number>): Promise<number> {
  return withApi({}, async ({ api }) => {
    const modemId = (await modemFor(api, { port }))!;
    try {
      return await fn(api, modemId);
    } catch (err) {
      if (err instanceof UsageError) throw err;
      const body = errorBody(err);
      if (isPortError(err)) {
        reportCliError(io, 'apn', { code: body.code, message: `cannot open ${port === AUTO_PORT ? 'the modem found on USB' : port}: ${body.message}` }, json);
        return EXIT_USAGE;
      }
      reportCliError(io, 'apn', body, json);
      return body.code === 'port-closed' || body.code === 'timeout' ? EXIT_USAGE : EXIT_FAILED;
    }
  });
}
