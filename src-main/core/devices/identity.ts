// Refining a PID-based guess with what the modem says about itself (AT+CGMM / ATI, AT+CGSN).
// sim7600.md §1: "A PID is not a model" — 9001 is SIM7000/7100/7600/8200, 9011 is SIM7600, SIM8200
// and the A76xx look-alike. Pure functions.
import { FAMILIES, compositionsFor, familyLayout, familySpec } from './catalog.js';
import { buildDescription } from './describe.js';
import type { ModemDescription, ModemFamily } from './types.js';

/**
 * The model name out of an AT+CGMM answer (bare line, e.g. "SIMCOM_SIM7600G-H") or an ATI answer
 * ("Model: SIMCOM_SIM7600G-H"). Echo, blank lines and the final OK are ignored. undefined if none.
 */
export function parseModelAnswer(text: string): string | undefined {
  const lines = text
    .split(/\r\n|\r|\n/)
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
  const ati = lines.find((l) => /^Model:/i.test(l));
  if (ati) return ati.replace(/^Model:\s*/i, '').trim() || undefined;
  const payload = lines.filter((l) => !/^AT/i.test(l) && !/^(OK|ERROR|\+CME ERROR:.*|\+CMS ERROR:.*)$/.test(l));
  // A +CGMM: prefix appears on some firmware.
  const first = payload[0]?.replace(/^\+CGMM:\s*/i, '');
  return first && /^[\x20-\x7e]+$/.test(first) ? first : undefined;
}

/** The IMEI out of an AT+CGSN answer (bare 15 digits, maybe "+CGSN: "), undefined if none. */
export function parseImeiAnswer(text: string): string | undefined {
  const m = /(?:^|[\r\n])(?:\+CGSN:\s*)?"?(\d{15})"?\s*(?:[\r\n]|$)/.exec(text);
  return m?.[1];
}

/** Family of a model string: "SIMCOM_SIM7600G-H" -> sim7600, "EC25EFA" -> ec25, "A7670E" -> a76xx. */
export function familyFromModel(model: string): ModemFamily {
  const m = model.trim().toUpperCase().replace(/^SIMCOM[_ ]/, '');
  return FAMILIES.find((f) => f.model.test(m))?.family ?? 'unknown';
}

/**
 * The description with the identity the modem reported. Switches the interface layout when the
 * family has its own (A76xx on 9011) and warns when the model is not known on this PID.
 */
export function refineIdentity(desc: ModemDescription, answer: { model?: string; imei?: string }, devRoot = '/dev'): ModemDescription {
  let next: ModemDescription = { ...desc, warnings: [...desc.warnings] };
  if (answer.model !== undefined) {
    const family = familyFromModel(answer.model);
    // Unless the USB strings already named it (then its own layout, RNDIS or ECM, was chosen).
    const own = family !== 'unknown' && desc.family !== family ? familyLayout(parseInt(desc.vid, 16), parseInt(desc.pid, 16), null, family) : undefined;
    if (own) {
      // Other layout (the A76xx on 9011): rebuild the roles from its spec, keep the port that answered as AT port.
      const raw = { portPath: desc.portPath, vid: own.vid, pid: own.pid, interfaces: desc.interfaces };
      const rebuilt = buildDescription(raw, own, devRoot);
      next = { ...rebuilt, atPort: desc.atPort, atInterface: desc.atInterface, busy: desc.busy, imei: desc.imei };
    }
    next.model = answer.model;
    if (family === 'unknown') {
      next.warnings.push(`model "${answer.model}" is not in the device catalog`);
    } else {
      const known = compositionsFor(parseInt(desc.vid, 16), parseInt(desc.pid, 16)).some((c) => c.families.includes(family));
      if (!known) next.warnings.push(`model "${answer.model}" (${family}) is not known on ${desc.vid}:${desc.pid}`);
      next.family = family;
      next.familyConfirmed = true;
      next.strategy = familySpec(family)?.strategy ?? 'none';
      if (!next.familyCandidates.includes(family)) next.familyCandidates = [family, ...next.familyCandidates];
    }
  }
  if (answer.imei !== undefined && /^\d{15}$/.test(answer.imei)) {
    next.imei = answer.imei;
    // The IMEI is the identity that survives mode switches and port changes (sim7600.md §1).
    next.id = `imei:${answer.imei}`;
  }
  return next;
}
