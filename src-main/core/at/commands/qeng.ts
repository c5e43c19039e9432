// Quectel's serving cell: AT+QENG="servingcell" (Quectel EC2x/EG9x/EM05 and RG50xQ/RM5xxQ AT manuals,
// "AT+QENG Switch on/off Engineering Mode"). Read into the same ServingCell shapes as SIMCom's AT+CPSI?,
// so history samples and the serving network do not care which vendor answered. Pure.
//
// Shapes seen on real modules (test/unit/at/qeng.test.ts names each source):
//   LTE:  +QENG: "servingcell",<state>,"LTE",<FDD|TDD>,<mcc>,<mnc>,<cellid hex>,<pci>,<earfcn>,<band>,
//         <ul bw>,<dl bw>,<tac hex>,<rsrp>,<rsrq>,<rssi>,<sinr>,<srxlev>  (newer firmware adds cqi, tx power)
//   NSA:  +QENG: "servingcell",<state>   then   +QENG: "LTE",<FDD|TDD>,<mcc>,... (the LTE anchor, same
//         fields)   then   +QENG:"NR5G-NSA",<mcc>,<mnc>,<pci>,<rsrp>,<sinr>,<rsrq>,<arfcn>,<band>,...
//   SA:   +QENG: "servingcell",<state>,"NR5G-SA",<FDD|TDD>,<mcc>,<mnc>,<cellid hex>,<pci>,<tac hex>,<arfcn>,
//         <band>,<dl bw>,<rsrp>,<rsrq>,<sinr>,<scs>,<srxlev>
//   WCDMA: +QENG: "servingcell",<state>,"WCDMA",<mcc>,<mnc>,<lac hex>,<cellid hex>,<uarfcn>,<psc>,<rac>,
//         <rscp>,<ecio>,...  (manual layout)
//   No cell: +QENG: "servingcell","SEARCH" (or "LIMSRV" without a cell line).
// A field the module does not know is `-`.
import { afterPrefix, parseError, splitFields } from './fields.js';
import type { CpsiLte, CpsiWcdma, NrCell, ServingCell } from './signal.js';

const C = 'AT+QENG="servingcell"';

/** The `+QENG:` lines of the answer as field lists (values unquoted). */
function qengLines(lines: readonly string[]): string[][] {
  const out: string[][] = [];
  for (const line of lines) {
    const rest = afterPrefix(line, '+QENG');
    if (rest !== undefined) out.push(splitFields(rest).map((f) => f.value.trim()));
  }
  return out;
}

/** A number, or undefined for the module's `-` (not known). */
function opt(v: string | undefined, radix = 10): number | undefined {
  if (v === undefined || v === '' || v === '-') return undefined;
  const n = radix === 16 ? Number.parseInt(v, 16) : Number(v);
  return /^-?[0-9A-Fa-f]+$/.test(v) && Number.isFinite(n) ? n : undefined;
}

function req(v: string | undefined, name: string, lines: readonly string[], radix = 10): number {
  const n = opt(v, radix);
  if (n === undefined) throw parseError(C, `${name} is not a number`, lines);
  return n;
}

/** MCC and MNC as the module prints them; a one-digit MNC lost its leading zero (3GPP MNCs have 2 or 3 digits). */
function plmn(mcc: string | undefined, mnc: string | undefined, lines: readonly string[]): { mcc: string; mnc: string } {
  if (!/^\d{3}$/.test(mcc ?? '') || !/^\d{1,3}$/.test(mnc ?? '')) throw parseError(C, 'MCC/MNC not recognised', lines);
  return { mcc: mcc as string, mnc: (mnc as string).padStart(2, '0') };
}

/** `f` starts at the duplex field ("FDD"/"TDD") of an LTE cell. */
function lteCell(state: string, f: readonly string[], lines: readonly string[]): CpsiLte {
  if (f.length < 14) throw parseError(C, 'LTE needs at least 14 fields after the duplex mode', lines);
  return {
    system: 'LTE',
    operationMode: state,
    ...plmn(f[1], f[2], lines),
    cellId: req(f[3], 'cell id', lines, 16),
    physicalCellId: req(f[4], 'PCI', lines),
    earfcn: req(f[5], 'EARFCN', lines),
    band: `EUTRAN-BAND${f[6] ?? ''}`,
    ulBandwidth: req(f[7], 'UL bandwidth', lines),
    dlBandwidth: req(f[8], 'DL bandwidth', lines),
    tac: req(f[9], 'TAC', lines, 16),
    // Quectel reports dBm and dB as they are (AT+CPSI? reports tenths).
    rsrp: req(f[10], 'RSRP', lines),
    rsrq: req(f[11], 'RSRQ', lines),
    rssi: req(f[12], 'RSSI', lines),
    rssnr: req(f[13], 'SINR', lines),
  };
}

/** `f` starts at the duplex field of an SA cell. */
function saCell(state: string, f: readonly string[], lines: readonly string[]): NrCell {
  if (f.length < 14) throw parseError(C, 'NR5G-SA needs at least 14 fields after the duplex mode', lines);
  return {
    system: 'NR5G-SA',
    operationMode: state,
    ...plmn(f[1], f[2], lines),
    cellId: req(f[3], 'cell id', lines, 16),
    physicalCellId: req(f[4], 'PCI', lines),
    tac: req(f[5], 'TAC', lines, 16),
    arfcn: req(f[6], 'ARFCN', lines),
    band: `NR5G-BAND${f[7] ?? ''}`,
    rsrp: req(f[9], 'RSRP', lines),
    rsrq: req(f[10], 'RSRQ', lines),
    rssnr: req(f[11], 'SINR', lines),
  };
}

/** `f` starts at the MCC of a WCDMA cell. */
function wcdmaCell(state: string, f: readonly string[], lines: readonly string[]): CpsiWcdma {
  if (f.length < 9) throw parseError(C, 'WCDMA needs at least 9 fields', lines);
  return {
    system: 'WCDMA',
    operationMode: state,
    ...plmn(f[0], f[1], lines),
    lac: req(f[2], 'LAC', lines, 16),
    cellId: req(f[3], 'cell id', lines, 16),
    // QENG names no band for WCDMA; the UARFCN tells it.
    band: '',
    frequency: req(f[4], 'UARFCN', lines),
    psc: req(f[5], 'PSC', lines),
    rscp: req(f[7], 'RSCP', lines),
    ecio: req(f[8], 'EC/IO', lines),
  };
}

/** The NR leg of an NSA answer, `f` from the MCC: <mcc>,<mnc>,<pci>,<rsrp>,<sinr>,<rsrq>,<arfcn>,<band>,... */
function nsaLeg(f: readonly string[]): CpsiLte['nr'] {
  const rsrp = opt(f[3]);
  if (rsrp === undefined) return undefined;
  return { physicalCellId: opt(f[2]) ?? null, rsrp, sinr: opt(f[4]) ?? null, rsrq: opt(f[5]) ?? null, arfcn: opt(f[6]) ?? null, band: f[7] && f[7] !== '-' ? `NR5G-BAND${f[7]}` : null };
}

/** AT+QENG="servingcell": the serving cell, in the shapes AT+CPSI? gives (NO SERVICE while searching). */
export function parseQengServingCell(lines: readonly string[]): ServingCell {
  const all = qengLines(lines);
  const head = all.find((f) => f[0]?.toLowerCase() === 'servingcell');
  if (!head) throw parseError(C, 'no +QENG: "servingcell" line', lines);
  const state = head[1] ?? '';
  if (state === '') throw parseError(C, 'missing state', lines);
  const rat = (head[2] ?? '').toUpperCase();
  if (rat === 'LTE') return lteCell(state, head.slice(3), lines);
  if (rat === 'NR5G-SA') return saCell(state, head.slice(3), lines);
  if (rat === 'WCDMA') return wcdmaCell(state, head.slice(3), lines);
  if (rat === '') {
    // NSA (EN-DC): the cell lines follow the state line; the LTE anchor is the serving cell.
    const anchor = all.find((f) => f[0]?.toUpperCase() === 'LTE');
    if (!anchor) return { system: 'NO SERVICE', operationMode: state };
    const cell = lteCell(state, anchor.slice(1), lines);
    const leg = all.find((f) => f[0]?.toUpperCase() === 'NR5G-NSA');
    const nr = leg ? nsaLeg(leg.slice(1)) : undefined;
    return nr ? { ...cell, nr } : cell;
  }
  // GSM, CDMA, HDR...: named, fields kept as they are.
  return { system: rat, operationMode: state, fields: head.slice(3) };
}
