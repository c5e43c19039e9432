// SIM identity parsers (issue 13), one table per parser. Rows name where the output was seen:
// public driver code and test tables of other projects (ModemManager's test-modem-helpers.c
// crsm_tests, the Android emulator's telephony/sim_card.c), and the SIMCom manual's shapes.
import { describe, expect, it } from 'vitest';
import { AtError } from '../../../src-main/core/at/errors.js';
import {
  EF_AD,
  EF_GID1,
  EF_SPN,
  buildCrsmReadBinary,
  crsmSucceeded,
  gid1FromCrsm,
  maskIccid,
  maskImsi,
  mncLengthFromEfAd,
  parseCrsmWrite,
  parseCspnRead,
  spnFromEfSpn,
  type CrsmResult,
} from '../../../src-main/core/at/commands/sim-identity.js';

type Row<T> = [name: string, lines: readonly string[], expected: T | 'parse-error'];

function table<T>(parser: (lines: readonly string[]) => T, rows: Row<T>[]): void {
  it.each(rows)('%s', (_name, lines, expected) => {
    if (expected === 'parse-error') {
      let caught: unknown;
      try {
        parser(lines);
      } catch (err) {
        caught = err;
      }
      expect(caught).toBeInstanceOf(AtError);
      expect((caught as AtError).code).toBe('parse');
    } else expect(parser(lines)).toEqual(expected);
  });
}

describe('parseCspnRead (AT+CSPN?)', () => {
  table(parseCspnRead, [
    ['SIMCom A7672SA, TIM Brasil SIM (public ESP-IDF A7672SA driver, comment on get_provider_name)', ['+CSPN: "TIM",1'], { spn: 'TIM', displayMode: 1 }],
    ['SIMCom module, Optus SIM (public Lua SIM helper, comment)', ['+CSPN: "YES OPTUS",1'], { spn: 'YES OPTUS', displayMode: 1 }],
    ['SIMCom module, Telstra SIM (same source)', ['+CSPN: "Telstra",2'], { spn: 'Telstra', displayMode: 2 }],
    ['SIMCom module, Beeline SIM (public Qt modem filter, comment)', ['+CSPN: "Beeline",1'], { spn: 'Beeline', displayMode: 1 }],
    ['SIMCom module, CellOne SIM (public C snippet)', ['+CSPN: "CellOne",0'], { spn: 'CellOne', displayMode: 0 }],
    ['SIM7600 shape with a name holding a space and a hyphen', ['+CSPN: "Metro by T-Mobile",0'], { spn: 'Metro by T-Mobile', displayMode: 0 }],
    ['SIM without a name: empty string', ['+CSPN: "",0'], { spn: '', displayMode: 0 }],
    ['no display mode', ['+CSPN: "Vodafone"'], { spn: 'Vodafone', displayMode: undefined }],
    ['malformed: nothing', [], 'parse-error'],
    ['malformed: prefix with nothing after it', ['+CSPN:'], 'parse-error'],
    ['malformed: unquoted name', ['+CSPN: TIM,1'], 'parse-error'],
    ['malformed: another command', ['+COPS: 0,0,"TIM",7'], 'parse-error'],
  ]);
});

describe('parseCrsmWrite (AT+CRSM=...)', () => {
  const thuraya = '0054485552415941FFFFFFFFFFFFFFFFFF';
  table(parseCrsmWrite, [
    ['ModemManager crsm_tests: spaces, unquoted (EF_SPN "THURAYA")', [`+CRSM: 144, 0, ${thuraya}`], { sw1: 144, sw2: 0, data: thuraya }],
    ['ModemManager crsm_tests: space after the first comma only', [`+CRSM: 144, 0,${thuraya}`], { sw1: 144, sw2: 0, data: thuraya }],
    ['ModemManager crsm_tests: spaces, quoted', [`+CRSM: 144, 0, "${thuraya}"`], { sw1: 144, sw2: 0, data: thuraya }],
    ['ModemManager crsm_tests: quoted after ",0,"', [`+CRSM: 144, 0,"${thuraya}"`], { sw1: 144, sw2: 0, data: thuraya }],
    ['Android emulator sim_card.c: EF_AD of its 310-260 test SIM', ['+CRSM: 144,0,00000003'], { sw1: 144, sw2: 0, data: '00000003' }],
    ['Android emulator sim_card.c: EF_SPN missing (94 04, file id not found)', ['+CRSM: 148,4'], { sw1: 148, sw2: 4, data: '' }],
    ['Android emulator sim_card.c: lower-case hex', ['+CRSM: 144,0,ff30ffff3c003c03000c0000f03f00'], { sw1: 144, sw2: 0, data: 'FF30FFFF3C003C03000C0000F03F00' }],
    ['SIM7600 shape (quoted hex, AT+CRSM=176,28478,0,0,0 on a GID1 SIM)', ['+CRSM: 144,0,"6D38FFFF"'], { sw1: 144, sw2: 0, data: '6D38FFFF' }],
    ['USIM without the file (6A 82)', ['+CRSM: 106,130'], { sw1: 106, sw2: 130, data: '' }],
    ['malformed: nothing', [], 'parse-error'],
    ['malformed: no sw2', ['+CRSM: 144'], 'parse-error'],
    ['malformed: sw1 not a byte', ['+CRSM: 300,0'], 'parse-error'],
    ['malformed: not hex', ['+CRSM: 144,0,"XYZ1"'], 'parse-error'],
    ['malformed: odd number of hex digits', ['+CRSM: 144,0,"123"'], 'parse-error'],
  ]);
});

const ok = (data: string): CrsmResult => ({ sw1: 144, sw2: 0, data });

describe('what the SIM files say', () => {
  it.each<[string, CrsmResult, boolean]>([
    ['90 00', ok(''), true],
    ['91 xx (ok, proactive command pending)', { sw1: 0x91, sw2: 0x10, data: '' }, true],
    ['9F xx', { sw1: 0x9f, sw2: 0x0f, data: '' }, true],
    ['6A 82 file not found', { sw1: 106, sw2: 130, data: '' }, false],
    ['94 04 file id not found (2G SIM)', { sw1: 148, sw2: 4, data: '' }, false],
  ])('crsmSucceeded: %s', (_n, r, expected) => expect(crsmSucceeded(r)).toBe(expected));

  it.each<[string, CrsmResult, string | undefined]>([
    ['public Go modem test fixture (AT+CRSM=176,28478,0,0,2)', ok('0102'), '0102'],
    ['MetroPCS-style GID1 (Android match data 6D) padded with FF', ok('6D38FFFF'), '6D38FFFF'],
    ['all FF: the operator never wrote one', ok('FFFFFFFFFFFFFFFF'), undefined],
    ['empty', ok(''), undefined],
    ['file missing', { sw1: 106, sw2: 130, data: '' }, undefined],
  ])('gid1FromCrsm: %s', (_n, r, expected) => expect(gid1FromCrsm(r)).toBe(expected));

  it.each<[string, CrsmResult, 2 | 3 | undefined]>([
    ['Android emulator sim_card.c (310-260 SIM): 3', ok('00000003'), 3],
    ['public Go modem test fixture (234-15 SIM): 2', ok('00000002'), 2],
    ['longer EF_AD (5 bytes) still reads byte 4', ok('0000000201'), 2],
    ['RFU high nibble set: only the low nibble counts (TS 31.102 §4.2.18)', ok('000000F3'), 3],
    ['older SIM with 3 bytes never says', ok('000000'), undefined],
    ['a nibble that is neither 2 nor 3', ok('00000001'), undefined],
    ['read failed', { sw1: 148, sw2: 4, data: '' }, undefined],
  ])('mncLengthFromEfAd: %s', (_n, r, expected) => expect(mncLengthFromEfAd(r)).toBe(expected));

  it.each<[string, CrsmResult, string | undefined]>([
    ['ModemManager crsm_tests EF_SPN: THURAYA', ok('0054485552415941FFFFFFFFFFFFFFFFFF'), 'THURAYA'],
    ['public Go modem test fixture (AT+CRSM=176,28486,0,0,17): CMCC', ok('00434D4343FFFFFFFFFFFFFFFFFFFFFFFF'), 'CMCC'],
    ['public Go modem test fixture (EF_SPN of a UK SIM): VOXI', ok('00564F5849FFFFFFFFFFFFFFFFFFFFFFFF'), 'VOXI'],
    ['GSM alphabet codes that differ from ASCII (@, $, _)', ok('0100021161FF'), '@$_a'],
    ['UCS2-coded name is not decoded', ok('0080004100FF'), undefined],
    ['empty name', ok('00FFFFFF'), undefined],
    ['file missing (Android emulator sim_card.c: 148,4)', { sw1: 148, sw2: 4, data: '' }, undefined],
  ])('spnFromEfSpn: %s', (_n, r, expected) => expect(spnFromEfSpn(r)).toBe(expected));
});

describe('buildCrsmReadBinary', () => {
  it('reads EF_GID1, EF_AD and EF_SPN as the issue and ModemManager do', () => {
    expect(buildCrsmReadBinary(EF_GID1)).toBe('AT+CRSM=176,28478,0,0,0');
    expect(buildCrsmReadBinary(EF_AD)).toBe('AT+CRSM=176,28589,0,0,0');
    expect(buildCrsmReadBinary(EF_AD, 4)).toBe('AT+CRSM=176,28589,0,0,4');
    expect(buildCrsmReadBinary(EF_SPN, 17)).toBe('AT+CRSM=176,28486,0,0,17');
  });

  it.each<[string, number, number]>([
    ['negative file id', -1, 0],
    ['file id above 0xFFFF', 70_000, 0],
    ['fractional file id', 1.5, 0],
    ['length above 255', EF_AD, 256],
    ['negative length', EF_AD, -1],
  ])('refuses %s before anything is sent', (_n, file, length) => {
    expect(() => buildCrsmReadBinary(file, length)).toThrow(AtError);
  });
});

describe('masking', () => {
  it('keeps the last 4 digits of an IMSI and an ICCID', () => {
    expect(maskImsi('310260123456789')).toBe('***********6789');
    expect(maskIccid('8901260123456789012F')).toBe('****************012F');
    expect(maskImsi('1234')).toBe('1234');
  });
});
