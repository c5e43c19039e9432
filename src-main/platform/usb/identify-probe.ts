// Confirms a modem's identity on its AT port: AT+CGMM (model) and AT+CGSN (IMEI), because a PID is
// not a model (sim7600.md §1). Uses the AT engine (H1) over the real serialport transport.
// A busy port (ModemManager) is not probed: opening it would fight the holder.
import { AtEngine } from '../../core/at/engine.js';
import { parseImeiAnswer, parseModelAnswer, refineIdentity } from '../../core/devices/identity.js';
import type { ModemDescription } from '../../core/devices/types.js';
import { openSerialTransport } from '../serial/serialport-transport.js';

export interface ProbeResult {
  model?: string;
  imei?: string;
  error?: string;
}

export async function probeIdentity(port: string, timeoutMs = 2000): Promise<ProbeResult> {
  const engine = new AtEngine(openSerialTransport(port));
  try {
    await engine.open();
    const result: ProbeResult = {};
    const cgmm = await engine.send('AT+CGMM', { timeoutMs, allowError: true });
    const model = parseModelAnswer(cgmm.lines.join('\r\n'));
    if (model) result.model = model;
    const cgsn = await engine.send('AT+CGSN', { timeoutMs, allowError: true });
    const imei = parseImeiAnswer(cgsn.lines.join('\r\n'));
    if (imei) result.imei = imei;
    return result;
  } catch (err) {
    return { error: (err as Error).message };
  } finally {
    await engine.close().catch(() => {});
  }
}

/** The description refined by what its AT port says; unchanged (plus a warning) when it does not answer. */
export async function identify(desc: ModemDescription, devRoot = '/dev', timeoutMs = 2000): Promise<ModemDescription> {
  if (!desc.atPort || desc.busy) return desc;
  const r = await probeIdentity(desc.atPort, timeoutMs);
  if (r.error) return { ...desc, warnings: [...desc.warnings, `AT port ${desc.atPort} did not answer: ${r.error}`] };
  return refineIdentity(desc, { ...(r.model ? { model: r.model } : {}), ...(r.imei ? { imei: r.imei } : {}) }, devRoot);
}
