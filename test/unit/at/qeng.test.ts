// Quectel's AT+QENG="servingcell" (core/at/commands/qeng.ts) on real answers of Quectel modules. Sources:
// 3GINFO<n>    = github.com/4IceG/luci-app-3ginfo-lite issue <n> (users' debug logs of their modems)
// MODEMDATA12  = github.com/4IceG/luci-app-modemdata issue 12 (the same Italian LTE network, another cell)
// SIONNA18     = github.com/NVlabs/sionna-rk issue 18 (RM520N-GL on a private 5G SA network)
// MANUAL       = Quectel EC2x/EG9x/EM05 AT Commands Manual, AT+QENG (shape of a state without a cell)
import { describe, expect, it } from 'vitest';
import { parseQengServingCell } from '../../../src-main/core/at/commands/qeng.js';
import { parseCpsiRead } from '../../../src-main/core/at/commands/signal.js';

type Row = [source: string, lines: string[], expected: Record<string, unknown>];

const ROWS: Row[] = [
  [
    '3GINFO111 (LTE FDD band 7, spusu on 222-88)',
    ['+QENG: "servingcell","NOCONN","LTE","FDD",222,88,243800E,20,3350,7,5,5,3AC9,-86,-13,-52,15,-', 'OK'],
    { system: 'LTE', operationMode: 'NOCONN', mcc: '222', mnc: '88', cellId: 0x243800e, physicalCellId: 20, earfcn: 3350, band: 'EUTRAN-BAND7', ulBandwidth: 5, dlBandwidth: 5, tac: 0x3ac9, rsrp: -86, rsrq: -13, rssi: -52, rssnr: 15 },
  ],
  [
    'MODEMDATA12 (LTE FDD band 7, another cell of 222-88)',
    ['+QENG: "servingcell","NOCONN","LTE","FDD",222,88,243750D,406,3350,7,5,5,3AC9,-99,-11,-70,14,-'],
    { system: 'LTE', mcc: '222', mnc: '88', cellId: 0x243750d, physicalCellId: 406, tac: 0x3ac9, rsrp: -99, rsrq: -11, rssi: -70, rssnr: 14 },
  ],
  [
    '3GINFO56 (EN-DC: LTE band 1 anchor with an NR5G-NSA band 41 leg, 515-03; no space after the NSA line\'s colon)',
    ['+QENG: "servingcell","NOCONN"', '+QENG: "LTE","FDD",515,03,3359966,1,150,1,5,5,4AA3,-89,-13,-58,16,15,20,-', '+QENG:"NR5G-NSA",515,03,832,-76,21,-11,528030,41,8,1', 'OK'],
    {
      system: 'LTE',
      operationMode: 'NOCONN',
      mcc: '515',
      mnc: '03',
      cellId: 0x3359966,
      physicalCellId: 1,
      earfcn: 150,
      band: 'EUTRAN-BAND1',
      tac: 0x4aa3,
      rsrp: -89,
      rsrq: -13,
      rssi: -58,
      rssnr: 16,
      nr: { physicalCellId: 832, rsrp: -76, sinr: 21, rsrq: -11, arfcn: 528030, band: 'NR5G-BAND41' },
    },
  ],
  [
    '3GINFO48 (5G SA, T-Mobile US n71)',
    ['+QENG: "servingcell","NOCONN","NR5G-SA","FDD",310,260,939204254,24,60AA00,126490,71,1,-104,-13,11,0,-'],
    { system: 'NR5G-SA', operationMode: 'NOCONN', mcc: '310', mnc: '260', cellId: 0x939204254, physicalCellId: 24, tac: 0x60aa00, arfcn: 126490, band: 'NR5G-BAND71', rsrp: -104, rsrq: -13, rssnr: 11 },
  ],
  [
    'SIONNA18 (5G SA TDD n77, limited service on a test network 262-99)',
    ['+QENG: "servingcell","LIMSRV","NR5G-SA","TDD",262,99,000BC614E,0,1,640320,77,1,-72,-10,29,1,57'],
    { system: 'NR5G-SA', operationMode: 'LIMSRV', mcc: '262', mnc: '99', cellId: 0xbc614e, physicalCellId: 0, tac: 1, arfcn: 640320, band: 'NR5G-BAND77', rsrp: -72, rsrq: -10, rssnr: 29 },
  ],
  ['MANUAL (searching: the state line alone)', ['+QENG: "servingcell","SEARCH"', 'OK'], { system: 'NO SERVICE', operationMode: 'SEARCH' }],
];

describe('AT+QENG="servingcell" on real answers', () => {
  it.each(ROWS)('%s', (_source, lines, expected) => {
    expect(parseQengServingCell(lines)).toMatchObject(expected);
  });

  it('an LTE cell reads into the same shape as AT+CPSI? gives, so samples and the serving network do not care who answered', () => {
    const qeng = parseQengServingCell(ROWS[0]![1]);
    // SIMCom's LTE line (sim7600.md transcript shape): tenths of dB and dBm, decimal cell id.
    const cpsi = parseCpsiRead(['+CPSI: LTE,Online,222-88,0x3AC9,37978126,20,EUTRAN-BAND7,3350,5,5,-130,-860,-520,15']);
    expect(Object.keys(qeng).sort()).toEqual(Object.keys(cpsi).sort());
    expect({ ...qeng, operationMode: 'x' }).toEqual({ ...cpsi, operationMode: 'x' });
  });

  it('a one-digit MNC gets its leading zero back; `-` for a value the module does not know is refused where the value is required', () => {
    const c = parseQengServingCell(['+QENG: "servingcell","NOCONN","LTE","FDD",214,1,7676A09,188,6300,20,3,3,603,-104,-9,-78,11,23']);
    expect(c).toMatchObject({ mcc: '214', mnc: '01' });
    expect(() => parseQengServingCell(['+QENG: "servingcell","NOCONN","LTE","FDD",214,01,7676A09,188,6300,20,3,3,603,-,-9,-78,11,23'])).toThrow(/RSRP is not a number/);
  });

  it('other technologies are named with their fields; an answer without the servingcell line is a parse error, not a guess', () => {
    expect(parseQengServingCell(['+QENG: "servingcell","NOCONN","GSM",262,01,1F4,B3A,12,50,3,-70'])).toEqual({ system: 'GSM', operationMode: 'NOCONN', fields: ['262', '01', '1F4', 'B3A', '12', '50', '3', '-70'] });
    expect(() => parseQengServingCell(['+QENG: "neighbourcell intra","LTE",6300,188,-12,-105,-75,-20,23,4,12,10,62'])).toThrow(/no \+QENG: "servingcell" line/);
  });

  it('WCDMA follows the manual\'s layout (LAC and cell id in hex)', () => {
    // Layout of the Quectel EC2x manual; the values are the ones the manual's field list allows.
    expect(parseQengServingCell(['+QENG: "servingcell","NOCONN","WCDMA",515,03,3AB2,B55EEFF,3037,352,1,-94,-15,-,-,-,-,-'])).toMatchObject({
      system: 'WCDMA',
      mcc: '515',
      mnc: '03',
      lac: 0x3ab2,
      cellId: 0xb55eeff,
      frequency: 3037,
      psc: 352,
      rscp: -94,
      ecio: -15,
    });
  });
});
