// PIN/PUK tries left in three dialects (issue 14). Each row names where its output comes from;
// malformed answers sit in the same table.
import { describe, expect, it } from 'vitest';
import { AtError } from '../../../src-main/core/at/errors.js';
import { parseCpinrExec, parseQpincWrite, parseSpicExec, pinTriesParser, PIN_TRIES_COMMANDS, type PinTries } from '../../../src-main/core/at/commands/pin-tries.js';

type Case = [name: string, lines: readonly string[], expected: PinTries | 'parse-error'];

function table(parser: (lines: readonly string[]) => PinTries, cases: Case[]): void {
  it.each(cases)('%s', (_name, lines, expected) => {
    if (expected === 'parse-error') {
      let thrown: unknown;
      try {
        parser(lines);
      } catch (err) {
        thrown = err;
      }
      expect(thrown).toBeInstanceOf(AtError);
      expect((thrown as AtError).code).toBe('parse');
    } else expect(parser(lines)).toEqual(expected);
  });
}

describe('parseSpicExec (SIMCom AT+SPIC)', () => {
  table(parseSpicExec, [
    ['SIM7600, py_sim7600 driver test capture: fresh SIM, PIN2 used up', ['+SPIC: 3,10,0,10'], { pin: 3, puk: 10 }],
    ['SIM7600 session dump in a public C# SIM7600 client test (ATI says SIMCOM INCORPORATED)', ['+SPIC: 3,10,1,10'], { pin: 3, puk: 10 }],
    ['SIM7600 one wrong PIN entered (format of the SIM7500/SIM7600 AT manual)', ['+SPIC: 2,10,3,10'], { pin: 2, puk: 10 }],
    ['older SIMCom firmware printing PIN1 only (SIMCom-driver comment: "+SPIC: 3")', ['+SPIC: 3'], { pin: 3 }],
    ['SIM blocked: PIN1 used up', ['+SPIC: 0,10,3,10'], { pin: 0, puk: 10 }],
    ['malformed: no +SPIC line', ['OK'], 'parse-error'],
    ['malformed: two counters', ['+SPIC: 3,10'], 'parse-error'],
    ['malformed: text counter', ['+SPIC: x,10,3,10'], 'parse-error'],
    ['malformed: empty', [], 'parse-error'],
  ]);
});

describe('parseQpincWrite (Quectel AT+QPINC)', () => {
  table(parseQpincWrite, [
    ['Quectel BG95, driver note "AT+QPINC? resp: +QPINC: "SC",3,10 / +QPINC: "P2",3,10"', ['+QPINC: "SC",3,10', '+QPINC: "P2",3,10'], { pin: 3, puk: 10 }],
    ['Quectel EC25 AT manual, write form AT+QPINC="SC"', ['+QPINC: "SC",3,10'], { pin: 3, puk: 10 }],
    ['Quectel module in a field tool log: two PIN tries burnt', ['+QPINC: "SC",1,10'], { pin: 1, puk: 10 }],
    ['malformed: only the PIN2 line', ['+QPINC: "P2",3,10'], 'parse-error'],
    ['malformed: missing PUK counter', ['+QPINC: "SC",3'], 'parse-error'],
    ['malformed: nothing', [], 'parse-error'],
  ]);
});

describe('parseCpinrExec (3GPP AT+CPINR)', () => {
  table(parseCpinrExec, [
    [
      'Pycom FiPy (Sequans Monarch, firmware UE5.0.0.0d) capture',
      ['+CPINR: SIM PIN,3,3', '+CPINR: SIM PUK,10,10', '+CPINR: SIM PIN2,3,3', '+CPINR: SIM PUK2,10,10'],
      { pin: 3, puk: 10 },
    ],
    ['Telit LE910 style, codes quoted', ['+CPINR: "SIM PIN",2,3', '+CPINR: "SIM PUK",10,10'], { pin: 2, puk: 10 }],
    ['modem printing no default counter (27.007 §8.65 allows it)', ['+CPINR: SIM PIN,3', '+CPINR: SIM PUK,10'], { pin: 3, puk: 10 }],
    ['PIN line only', ['+CPINR: SIM PIN,1,3'], { pin: 1 }],
    ['malformed: PUK line only', ['+CPINR: SIM PUK,10,10'], 'parse-error'],
    ['malformed: counter not a number', ['+CPINR: SIM PIN,x,3'], 'parse-error'],
  ]);
});

describe('vendor order', () => {
  it('asks each vendor its own command first and every parser matches its command', () => {
    expect(PIN_TRIES_COMMANDS.simcom[0]).toBe('AT+SPIC');
    expect(PIN_TRIES_COMMANDS.quectel[0]).toBe('AT+QPINC="SC"');
    expect(PIN_TRIES_COMMANDS.other[0]).toBe('AT+CPINR="SIM*"');
    expect(pinTriesParser('AT+SPIC')).toBe(parseSpicExec);
    expect(pinTriesParser('AT+QPINC="SC"')).toBe(parseQpincWrite);
    expect(pinTriesParser('AT+CPINR="SIM*"')).toBe(parseCpinrExec);
  });
});
