// What the APN workflows (apply, connect's "already working" look) read of a modem over AT to ask its
// vendor profile (issue 10): model, manufacturer, IMEI, the composition when the firmware tells it,
// and from those the contexts the APN must go to — the profile's one rule.
import { contextsForDevice, type ContextChoice } from '../core/apn/apply-plan.js';
import { AtError } from '../core/at/errors.js';
import type { CallOptions, ModemAt } from '../core/at/modem-at.js';
import type { ModemFamily } from '../core/devices/types.js';
import { resolveProfile, type ResolvedProfile } from '../core/vendors/index.js';
import type { ModeReading } from '../core/vendors/profile.js';

export interface ModemIdentity extends ContextChoice {
  model?: string;
  manufacturer?: string;
  imei?: string;
  /** USB PID the firmware reports (SIMCom AT+CUSBPIDSWITCH?). */
  pid?: number;
  profile: ResolvedProfile;
}

/** Optional reads may fail with ERROR (older firmware); a vanished port, a cancel or a timeout must not be swallowed. */
export function rethrowFatal<T>(err: unknown, fallback: T): T {
  if (err instanceof AtError && (err.code === 'port-closed' || err.code === 'cancelled' || err.code === 'timeout')) throw err;
  return fallback;
}

/** The composition by the vendor's own query, when it has one and the firmware answers it. */
export async function readUsbMode(modem: ModemAt, profile: ResolvedProfile, o: CallOptions = {}): Promise<ModeReading | undefined> {
  const q = profile.profile.usbModeQuery;
  if (!q) return undefined;
  try {
    return q.read((await modem.engine.send(q.command, o)).lines) ?? undefined;
  } catch (err) {
    return rethrowFatal(err, undefined);
  }
}

/** Identifies the modem and the contexts the APN must go to (`explicit` overrides the profile's rule). */
export async function identifyModem(modem: ModemAt, explicit: number[] | undefined, o: CallOptions = {}): Promise<ModemIdentity> {
  const model = await modem.model(o).catch((e: unknown) => rethrowFatal(e, undefined));
  const manufacturer = await modem.manufacturer(o).catch((e: unknown) => rethrowFatal(e, undefined));
  const imei = await modem.imei(o).catch((e: unknown) => rethrowFatal(e, undefined));
  const profile = resolveProfile({ model: model ?? null, manufacturer: manufacturer ?? null });
  const reading = await readUsbMode(modem, profile, o);
  const pid = reading?.pid !== undefined ? Number.parseInt(reading.pid, 16) : undefined;
  const choice = contextsForDevice({
    ...(manufacturer !== undefined ? { manufacturer } : {}),
    ...(profile.family ? { family: profile.family.family as ModemFamily } : {}),
    ...(pid !== undefined ? { pid } : reading ? { mode: reading.mode } : {}),
  });
  const out = explicit ? { ...choice, contexts: [...explicit], source: 'given by the caller' } : choice;
  return { ...out, profile, ...(model !== undefined ? { model } : {}), ...(manufacturer !== undefined ? { manufacturer } : {}), ...(imei !== undefined ? { imei } : {}), ...(pid !== undefined ? { pid } : {}) };
}
