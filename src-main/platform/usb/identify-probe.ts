// Confirms a modem's identity on its AT port: AT+CGMM (model) and AT+CGSN (IMEI), because a PID is
// not a model (sim7600.md §1). Uses the AT engine (H1) over the real serialport transport.
// A busy port (ModemManager) is not probed: opening it would fight the holder.
// A known vendor's device whose PID (or layout) names no AT port gets its serial ports probed with a
// bare AT, one at a time, instead of being given up on (issue 12); the description says so.
import { AtEngine } from '../../core/at/engine.js';
import { parseImeiAnswer, parseModelAnswer, refineIdentity } from '../../core/devices/identity.js';
import type { InterfaceDescription, ModemDescription } from '../../core/devices/types.js';
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

/** Serial drivers whose ports may carry AT (usb-serial `option`, the generic driver, CDC ACM). */
const SERIAL_DRIVERS = new Set(['option', 'usbserial_generic', 'generic', 'cdc_acm', 'qcserial']);
/** Roles known not to answer AT (diagnostics, GPS, audio): never written to. */
const NOT_AT = new Set(['diag', 'nmea', 'audio', 'adb', 'net-control', 'net-data', 'mass-storage']);

/** The interfaces worth probing for AT, lowest interface number first. */
export function atCandidates(desc: ModemDescription): InterfaceDescription[] {
  return desc.interfaces.filter((i) => i.driver !== null && SERIAL_DRIVERS.has(i.driver) && i.ttys.length > 0 && !NOT_AT.has(i.role));
}

/** True when `port` answers a bare AT with OK within the timeout. */
export async function answersAt(port: string, timeoutMs = 800): Promise<boolean> {
  const engine = new AtEngine(openSerialTransport(port));
  try {
    await engine.open();
    const r = await engine.send('AT', { timeoutMs, allowError: true });
    return r.final.kind === 'ok';
  } catch {
    return false;
  } finally {
    await engine.close().catch(() => {});
  }
}

/** The description with the AT port found by probing its serial ports (and a warning that says so). */
export async function findAtPort(desc: ModemDescription, devRoot = '/dev', timeoutMs = 800): Promise<ModemDescription> {
  const candidates = atCandidates(desc);
  if (candidates.length === 0) return desc;
  const tried: string[] = [];
  for (const i of candidates) {
    const port = `${devRoot}/${i.ttys[0] as string}`;
    tried.push(port);
    if (!(await answersAt(port, timeoutMs))) continue;
    const interfaces = desc.interfaces.map((x) => (x.number === i.number ? { ...x, role: 'at' as const } : x));
    return {
      ...desc,
      interfaces,
      atPort: port,
      atInterface: i.number,
      warnings: [...desc.warnings, `AT port found by probing the serial ports (${tried.join(', ')}): ${port} (if${i.number}) answered AT`],
    };
  }
  return { ...desc, warnings: [...desc.warnings, `probed ${tried.join(', ')} for AT: none answered`] };
}

/** The description refined by what its AT port says; unchanged (plus a warning) when it does not answer. */
export async function identify(desc: ModemDescription, devRoot = '/dev', timeoutMs = 2000): Promise<ModemDescription> {
  if (desc.busy) return desc;
  const found = desc.atPort ? desc : await findAtPort(desc, devRoot);
  if (!found.atPort) return found;
  const r = await probeIdentity(found.atPort, timeoutMs);
  if (r.error) return { ...found, warnings: [...found.warnings, `AT port ${found.atPort} did not answer: ${r.error}`] };
  return refineIdentity(found, { ...(r.model ? { model: r.model } : {}), ...(r.imei ? { imei: r.imei } : {}) }, devRoot);
}
