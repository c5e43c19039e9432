// Issue 12 "Proof", property test: no parser throws on any input (random lines and real lines
// mixed) except with AtError('parse'), and attempt() never throws; the engine, fed real answers with
// random URCs inserted between lines and delivered in random chunks (also cut mid-line), attributes
// every answer to its own command and every URC to the URC stream.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AtEngine } from '../../../src-main/core/at/engine.js';
import { AtError } from '../../../src-main/core/at/errors.js';
import type { Transport } from '../../../src-main/core/at/transport.js';
import { attempt } from '../../../src-main/core/at/commands/fields.js';
import { parseAtiExec, parseCgmiExec, parseCgmmExec, parseCgmrExec, parseCgsnExec, parseCiccidExec, parseCimiExec, parseIccidAnswer } from '../../../src-main/core/at/commands/identity.js';
import { parseCpinRead } from '../../../src-main/core/at/commands/sim.js';
import { parseCpsiRead, parseCsqExec } from '../../../src-main/core/at/commands/signal.js';
import { parseQengServingCell } from '../../../src-main/core/at/commands/qeng.js';
import { parseC5gregRead, parseCeregRead, parseCgregRead, parseCopsRead, parseCregRead, parseRegistrationUrc } from '../../../src-main/core/at/commands/registration.js';
import { parseCfunRead, parseCnmpRead, parseCusbpidswitchRead } from '../../../src-main/core/at/commands/power.js';
import { parseCgactRead, parseCgattRead, parseCgauthRead, parseCgdcontRead, parseCgpaddrExec } from '../../../src-main/core/at/commands/pdp.js';
import { parseFinalResult } from '../../../src-main/core/at/final-result.js';
import { classifyUrc } from '../../../src-main/core/at/urc.js';
import { REAL_PAYLOADS, REGISTRATION, URCS } from '../real-world/rows.js';

const PARSERS: [string, (lines: readonly string[]) => unknown][] = Object.entries({
  parseAtiExec, parseCgmiExec, parseCgmmExec, parseCgmrExec, parseCgsnExec, parseCiccidExec, parseCimiExec, parseIccidAnswer, parseCpinRead, parseCsqExec, parseCpsiRead, parseQengServingCell,
  parseCregRead, parseCgregRead, parseCeregRead, parseC5gregRead, parseCopsRead, parseCfunRead, parseCnmpRead, parseCusbpidswitchRead,
  parseCgactRead, parseCgattRead, parseCgauthRead, parseCgdcontRead, parseCgpaddrExec,
});

const REAL_LINES = [...REAL_PAYLOADS.flatMap(([, , l]) => l), ...REGISTRATION.map((r) => r[1]), ...URCS.map((r) => r[1])];
const line = fc.oneof(fc.string({ maxLength: 60 }), fc.constantFrom(...REAL_LINES), fc.constantFrom('+CSQ: ', '+CREG: ,,', '+CGDCONT: 1,"', '+CPSI: LTE,', '+ICCID: 98', '"', ',,,,'));

describe('no parser throws on any input', () => {
  it('only AtError(parse) from the throwing parsers, never from attempt()', () => {
    fc.assert(
      fc.property(fc.array(line, { maxLength: 6 }), (lines) => {
        for (const [, parse] of PARSERS) {
          try {
            parse(lines);
          } catch (err) {
            expect(err).toBeInstanceOf(AtError);
            expect((err as AtError).code).toBe('parse');
          }
          expect(() => attempt(parse, lines)).not.toThrow();
        }
        for (const l of lines) {
          expect(() => parseFinalResult(l)).not.toThrow();
          expect(() => classifyUrc(l, 'AT+CGMM')).not.toThrow();
          expect(() => parseRegistrationUrc(l)).not.toThrow();
        }
      }),
      { numRuns: 400 },
    );
  });
});

/** A stand-in for the serial port: answers each command line with scripted bytes, in random chunks. */
class ScriptedModem implements Transport {
  readonly path = 'scripted';
  isOpen = false;
  private data = new Set<(c: Uint8Array) => void>();
  private closes = new Set<(e?: Error) => void>();
  constructor(private readonly answer: (command: string) => string, private readonly cut: (bytes: Uint8Array) => Uint8Array[]) {}
  async open(): Promise<void> {
    this.isOpen = true;
  }
  async write(data: Uint8Array | string): Promise<void> {
    const command = String(data).replace(/\r$/, '');
    const bytes = new TextEncoder().encode(this.answer(command));
    for (const chunk of this.cut(bytes)) queueMicrotask(() => this.data.forEach((l) => l(chunk)));
  }
  async close(): Promise<void> {
    this.isOpen = false;
    this.closes.forEach((l) => l());
  }
  onData(l: (c: Uint8Array) => void): () => void {
    this.data.add(l);
    return () => this.data.delete(l);
  }
  onClose(l: (e?: Error) => void): () => void {
    this.closes.add(l);
    return () => this.closes.delete(l);
  }
}

const UNSOLICITED = URCS.filter(([, , inFlight]) => !inFlight.endsWith('REG?')).map(([, l]) => l);

describe('the engine with URCs anywhere', () => {
  it('attributes every real answer to its own command and every URC to the URC stream', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.integer({ min: 0, max: REAL_PAYLOADS.length - 1 }), fc.array(fc.constantFrom(...UNSOLICITED), { maxLength: 3 }), fc.nat()), { minLength: 1, maxLength: 6 }),
        fc.array(fc.integer({ min: 1, max: 17 }), { minLength: 1, maxLength: 8 }),
        async (script, sizes) => {
          const expectedUrcs: string[] = [];
          let step = 0;
          const answer = (command: string): string => {
            const [index, urcs, at] = script[step++ % script.length]!;
            const payload = REAL_PAYLOADS[index]![2];
            const lines = [command, ...payload, 'OK'];
            // URCs go between lines, at a random point (before the echo, mid-payload, before OK).
            const where = 1 + (at % lines.length);
            const out = [...lines.slice(0, where), ...urcs, ...lines.slice(where)];
            expectedUrcs.push(...urcs);
            return out.map((l) => `\r\n${l}\r\n`).join('');
          };
          const cut = (bytes: Uint8Array): Uint8Array[] => {
            const chunks: Uint8Array[] = [];
            for (let i = 0, k = 0; i < bytes.length; k++) {
              const n = sizes[k % sizes.length]!;
              chunks.push(bytes.subarray(i, i + n));
              i += n;
            }
            return chunks;
          };
          const engine = new AtEngine(new ScriptedModem(answer, cut));
          await engine.open();
          const urcs: string[] = [];
          engine.onUrc((u) => urcs.push(u.line));
          for (let s = 0; s < script.length; s++) {
            const [index] = script[s]!;
            const [, command, payload] = REAL_PAYLOADS[index]!;
            const r = await engine.send(command);
            expect(r.lines).toEqual(payload);
          }
          expect(urcs).toEqual(expectedUrcs);
          await engine.close();
        },
      ),
      { numRuns: 150 },
    );
  });
});
