// THE rule of which PDP contexts get the APN on a SIMCom modem (issue 10). Qualcomm-based SIMCom
// firmware routes its RNDIS/ECM function through PDP context 6: the APN must be in context 1 AND 6
// there (sim7600.md §2, the seed's fix; several open projects do the same; SIMCom gives no
// rationale). It is the SIM7600 family's 9011/9018 and the SIM82xx sharing 9011's functions; the
// ASR-based A76xx and the SIM7080 use context 1 only. A SIMCom modem whose family is not known yet
// in RNDIS/ECM is treated like the SIM7600 that PID is first guessed as: one APN too many in
// context 6 costs nothing, a missing one breaks the data path.
import type { UsbMode } from '../profile.js';

const CONTEXT_6_FAMILIES = new Set(['sim7600', 'sim7100', 'sim8200']);

export function simcomApnContexts(family: string | undefined, mode: UsbMode | null): number[] {
  const routed = mode === 'rndis' || mode === 'ecm';
  return routed && (family === undefined || CONTEXT_6_FAMILIES.has(family)) ? [1, 6] : [1];
}
