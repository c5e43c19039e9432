// Information lines the twin's firmware prints (formats from transcripts.md and sim7600.md): registration
// reads and URCs, +CPSI per RAT, +CGDCONT and +CGPADDR rows.
import { ZERO_V4, ZERO_V6, actOf, currentRat, ipv4Of, ipv6Of, registrationStat, type PdpType, type TwinState } from '../state.js';

function hex(n: number, width = 4): string {
  return n.toString(16).toUpperCase().padStart(width, '0');
}

export function regLine(name: '+CREG' | '+CGREG' | '+CEREG', n: 0 | 1 | 2, s: TwinState): string {
  const stat = registrationStat(s);
  const rat = currentRat(s);
  if (n === 2 && (stat === 1 || stat === 5) && rat) {
    return `${name}: ${n},${stat},"${hex(s.network.tac)}","${hex(s.network.cellId, 7)}",${actOf(rat)}`;
  }
  return `${name}: ${n},${stat}`;
}

/** The URC a +CxREG mode prints when the stat changes (27.007 §7.2 / §10.1.19 / §10.1.22). */
export function registrationUrc(name: '+CREG' | '+CGREG' | '+CEREG', n: 0 | 1 | 2, s: TwinState): string | undefined {
  if (n === 0) return undefined;
  const stat = registrationStat(s);
  const rat = currentRat(s);
  if (n === 2 && (stat === 1 || stat === 5) && rat) {
    return `${name}: ${stat},"${hex(s.network.tac)}","${hex(s.network.cellId, 7)}",${actOf(rat)}`;
  }
  return `${name}: ${stat}`;
}

/** +CPSI? per RAT (vendor manual AT+CPSI; LTE line shape from T-13, WCDMA from T-37). */
export function cpsiLine(s: TwinState): string {
  if (s.runtime.cfun !== 1) return '+CPSI: NO SERVICE,Low Power Mode';
  const rat = currentRat(s);
  const stat = registrationStat(s);
  if (!rat || !(stat === 1 || stat === 5 || stat === 3)) return '+CPSI: NO SERVICE,Online';
  const n = s.network;
  const plmn = `${n.mcc}-${n.mnc}`;
  const rssiDbm = -113 + 2 * n.rssi;
  if (rat === 'LTE') {
    // RSRQ, RSRP, RSSI in tenths (T-13: -83,-835,-552 at CSQ 31).
    const rsrp = (rssiDbm - 28) * 10 - 5;
    return `+CPSI: LTE,Online,${plmn},0x${hex(n.tac)},${n.cellId},${n.pci},EUTRAN-BAND${n.band},${n.earfcn},5,5,-83,${rsrp},${rssiDbm * 10},15`;
  }
  if (rat === 'WCDMA') {
    return `+CPSI: WCDMA,Online,${plmn},0x${hex(n.tac)},${n.cellId},WCDMA IMT 2000,279,10663,0,1.5,62,33,52,500`;
  }
  return `+CPSI: GSM,Online,${plmn},0x${hex(n.tac)},${n.cellId},27 EGSM 900,${rssiDbm},2110,42-42`;
}

export function cgdcontLine(cid: number, type: PdpType, apn: string, emergency: boolean): string {
  const addr = type === 'IP' ? ZERO_V4 : ZERO_V6;
  return `+CGDCONT: ${cid},"${type}","${apn}","${addr}",0,0,0,${emergency ? 1 : 0}`;
}

export function cgpaddrLine(s: TwinState, cid: number): string {
  const ctx = s.nv.contexts.get(cid);
  const active = s.runtime.active.has(cid);
  const v4 = active ? ipv4Of(s, cid) : ZERO_V4;
  const v6 = active ? ipv6Of(cid) : ZERO_V6;
  if (ctx?.type === 'IPV6') return `+CGPADDR: ${cid},${v6}`;
  if (ctx?.type === 'IPV4V6') return `+CGPADDR: ${cid},${v4},${v6}`;
  return `+CGPADDR: ${cid},${v4}`;
}
