import { describe, expect, it } from 'vitest';
import { classifyUrc, kindOf } from '../../../src-main/core/at/urc.js';
import { parseCommandLine } from '../../../src-main/core/at/command-line.js';

// [line, command in flight (undefined = idle), expected URC kind or undefined = payload of the command]
const TABLE: [string, string | undefined, string | undefined][] = [
  // T-9 / T-13 / T-32 SIM7600G-H boot URCs, idle and during a command
  ['RDY', undefined, 'RDY'],
  ['RDY', 'AT+CSQ', 'RDY'],
  ['SMS DONE', 'AT+CGDCONT?', 'SMS DONE'],
  ['PB DONE', 'ATI', 'PB DONE'],
  ['+CPIN: READY', undefined, '+CPIN'],
  ['+CPIN: READY', 'AT+CSQ', '+CPIN'],
  ['+CPIN: READY', 'AT+CPIN?', undefined], // T-13: the answer to the query
  ['+CPIN: READY', 'AT+CPIN="1234"', '+CPIN'], // arrives after entering the PIN
  ['+CPIN: NOT READY', 'AT+CFUN=0', '+CPIN'],
  ['+CMTI: "SM",4', undefined, '+CMTI'], // T-9
  ['+CMTI: "SM",4', 'AT+CPIN?', '+CMTI'],
  ['+CGEV: NW DETACH', 'AT+CGDCONT?', '+CGEV'],
  ['+CSQ: 31,99', 'AT+CSQ', undefined], // T-9 answer
  ['+CSQ: 20,99', 'AT+CGREG?', '+CSQ'], // AT+AUTOCSQ report
  ['UNDER-VOLTAGE WARNNING', 'AT+CSQ', 'UNDER-VOLTAGE WARNNING'],
  ['+CREG: 0,1', 'AT+CREG?', undefined], // T-9 answer
  ['+CREG: 1', 'AT+CREG?', '+CREG'], // 1-field URC during the read
  ['+CREG: 1', 'AT+CSQ', '+CREG'],
  ['+CREG: 5,"00C3","0000DAD1",7', 'AT+CGDCONT?', '+CREG'],
  ['+CGREG: 0,2', 'AT+CGREG?', undefined], // T-13 answer
  ['+CGREG: 2', 'AT+CEREG?', '+CGREG'],
  ['+CEREG: 0,1', 'AT+CEREG?', undefined], // T-9 answer
  ['+CEREG: 1', 'AT+CEREG=1', '+CEREG'],
  ['+NETOPEN: 0', 'AT+CSQ', '+NETOPEN'], // T-13: after the OK of AT+NETOPEN
  ['+NETOPEN: 0', 'AT+NETOPEN', undefined],
  ['+CPING: 3,0,0,0,0,0,0', 'AT+CDNSGIP="google.com"', '+CPING'], // T-9
  // payload lines stay payload
  ['+CGDCONT: 1,"IP","","0.0.0.0",0,0,0,0', 'AT+CGDCONT?', undefined],
  ['Manufacturer: SIMCOM INCORPORATED', 'ATI', undefined],
  ['SIMCOM_SIM7600G-H', 'AT+CGMM', undefined],
  // idle: every line is unsolicited
  ['+CDNSGIP: 0,10', undefined, '+CDNSGIP'],
  ['something odd', undefined, 'SOMETHING ODD'],
];

describe('classifyUrc', () => {
  it.each(TABLE)('%j while %j is in flight -> %j', (line, inFlight, expected) => {
    expect(classifyUrc(line, inFlight)).toBe(expected);
  });

  it('gives a kind for any idle line', () => {
    expect(kindOf('+CMTI: "SM",4')).toBe('+CMTI');
    expect(kindOf('RDY')).toBe('RDY');
  });
});

describe('parseCommandLine', () => {
  it.each([
    ['AT+CSQ', '+CSQ', 'exec'],
    ['at+cpin?', '+CPIN', 'read'],
    ['AT+COPS=?', '+COPS', 'test'],
    ['AT+CGDCONT=1,"IP","x"', '+CGDCONT', 'write'],
    ['AT$QCRMCALL=1,1', '$QCRMCALL', 'write'],
    ['ATI', 'I', 'exec'],
    ['ATE0', 'E0', 'exec'],
    ['AT', '', 'exec'],
  ])('%j -> %s %s', (command, name, form) => {
    expect(parseCommandLine(command)).toEqual({ name, form });
  });
});
