import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { LineFramer, frameAll, isEchoOf, type Frame } from '../../../src-main/core/at/framing.js';
import { T13_SIM7600GH, T32_SIM7600_UART_BYTES, T37_MANUAL_CPSI_WCDMA, T37_MANUAL_CUSBPIDSWITCH, T9_SIM7600GH_USB, crlf } from './fixtures/transcripts.js';

const enc = (s: string) => new TextEncoder().encode(s);
const lines = (frames: Frame[]) => frames.map((f) => (f.type === 'line' ? f.text : '<prompt>'));

/** Feeds `bytes` cut at the given offsets (sorted, deduplicated) and returns all frames. */
function frameSplit(bytes: Uint8Array, cuts: number[]): Frame[] {
  const framer = new LineFramer();
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const out: Frame[] = [];
  let prev = 0;
  for (const p of [...points, bytes.length]) {
    out.push(...framer.push(bytes.subarray(prev, p)));
    prev = p;
  }
  return out;
}

const nonBlank = (ls: readonly string[]) => ls.filter((l) => l.trim() !== '');

const FIXTURES: [string, Uint8Array, string[]][] = [
  ['T-9 SIM7600G-H (CRLF)', crlf(T9_SIM7600GH_USB), nonBlank(T9_SIM7600GH_USB)],
  ['T-9 SIM7600G-H (\\r\\r\\n firmware)', crlf(T9_SIM7600GH_USB, '\r\r\n'), nonBlank(T9_SIM7600GH_USB)],
  ['T-13 SIM7600G-H (CRLF)', crlf(T13_SIM7600GH), nonBlank(T13_SIM7600GH)],
  ['T-13 SIM7600G-H (bare LF)', crlf(T13_SIM7600GH, '\n'), nonBlank(T13_SIM7600GH)],
  ['T-32 SIM7600 UART raw bytes', T32_SIM7600_UART_BYTES, ['RDY', '+CPIN: READY']],
  ['T-37 manual CUSBPIDSWITCH', crlf(T37_MANUAL_CUSBPIDSWITCH), nonBlank(T37_MANUAL_CUSBPIDSWITCH)],
  ['T-37 manual CPSI (wrapped)', crlf(T37_MANUAL_CPSI_WCDMA), nonBlank(T37_MANUAL_CPSI_WCDMA)],
];

describe('LineFramer on real transcripts', () => {
  for (const [name, bytes, expected] of FIXTURES) {
    it(`frames ${name} into its non-blank lines`, () => {
      expect(lines(frameAll(bytes))).toEqual(expected);
    });

    it(`gives the same frames for any chunking of ${name} (property)`, () => {
      const whole = frameAll(bytes);
      fc.assert(
        fc.property(fc.array(fc.nat({ max: bytes.length }), { maxLength: 40 }), (cuts) => {
          expect(frameSplit(bytes, cuts)).toEqual(whole);
        }),
        { numRuns: 300 },
      );
    });
  }

  it('holds T-32 "SMS DON" back until its line ends', () => {
    const framer = new LineFramer();
    expect(lines(framer.push(T32_SIM7600_UART_BYTES))).toEqual(['RDY', '+CPIN: READY']);
    expect(framer.partial).toBe('SMS DON');
    expect(lines(framer.push(enc('E\r\n')))).toEqual(['SMS DONE']);
  });

  it('feeds one byte at a time like a slow UART', () => {
    const bytes = crlf(T13_SIM7600GH, '\r\r\n');
    const framer = new LineFramer();
    const out: Frame[] = [];
    for (const b of bytes) out.push(...framer.push(Uint8Array.of(b)));
    expect(lines(out)).toEqual(nonBlank(T13_SIM7600GH));
  });
});

describe('LineFramer edge cases', () => {
  it('reports the `> ` prompt, which has no line ending', () => {
    expect(lines(frameAll(enc('AT+CMGS="123"\r\r\n> ')))).toEqual(['AT+CMGS="123"', '<prompt>']);
  });

  it('reports the prompt split across chunks', () => {
    const framer = new LineFramer();
    expect(framer.push(enc('\r\n>'))).toEqual([]);
    expect(lines(framer.push(enc(' ')))).toEqual(['<prompt>']);
  });

  it('treats `>` inside a line as text', () => {
    expect(lines(frameAll(enc('\r\na > b\r\n>x\r\n')))).toEqual(['a > b', '>x']);
  });

  it('never throws on invalid UTF-8 and replaces the bad bytes', () => {
    const bytes = Uint8Array.of(0x0d, 0x0a, 0x4f, 0xff, 0xfe, 0x4b, 0x0d, 0x0a, 0xc3, 0x0d, 0x0a, 0x4f, 0x4b, 0x0d, 0x0a);
    expect(lines(frameAll(bytes))).toEqual(['O\ufffd\ufffdK', '\ufffd', 'OK']);
  });

  it('keeps a UTF-8 character split across chunks intact', () => {
    const bytes = enc('\r\nCafé ü\r\n');
    fc.assert(
      fc.property(fc.array(fc.nat({ max: bytes.length }), { maxLength: 8 }), (cuts) => {
        expect(lines(frameSplit(bytes, cuts))).toEqual(['Café ü']);
      }),
    );
  });

  it('survives arbitrary bytes with any chunking (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.array(fc.nat({ max: 200 }), { maxLength: 20 }), (bytes, cuts) => {
        expect(frameSplit(bytes, cuts)).toEqual(frameAll(bytes));
      }),
      { numRuns: 500 },
    );
  });

  it('drops blank and whitespace-only lines', () => {
    expect(lines(frameAll(enc('\r\n\r\n  \r\n\t\r\nOK\r\n\r\n')))).toEqual(['OK']);
  });

  it('bounds a line that never ends', () => {
    const framer = new LineFramer();
    framer.push(new Uint8Array(200_000).fill(0x41));
    expect(framer.partial.length).toBeLessThanOrEqual(64 * 1024);
    expect(lines(framer.push(enc('\r\nOK\r\n')))[1]).toBe('OK');
  });
});

describe('isEchoOf', () => {
  it.each([
    ['at+csq', 'AT+CSQ', true], // T-9: the user typed lower case
    ['AT+CSQ', 'AT+CSQ', true],
    [' AT ', 'AT', true],
    ['+CSQ: 31,99', 'AT+CSQ', false],
    ['AT+CSQ?', 'AT+CSQ', false],
  ])('%j echoes %j: %s', (line, command, expected) => {
    expect(isEchoOf(line, command)).toBe(expected);
  });
});
