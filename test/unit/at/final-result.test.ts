import { describe, expect, it } from 'vitest';
import { describeFinal, hintFor, isFinal, isSuccess, parseFinalResult, type FinalResult } from '../../../src-main/core/at/final-result.js';
import { CME_ERRORS, CMS_ERRORS } from '../../../src-main/core/at/cme-cms.js';

type Row = [string, Omit<FinalResult, 'line'> | undefined];

// Lines from real devices first (transcripts T-9, T-13), then the near-misses.
const TABLE: Row[] = [
  ['OK', { kind: 'ok' }],
  ['ERROR', { kind: 'error' }],
  ['+CME ERROR: SIM busy', { kind: 'cme-error', code: 14, text: 'SIM busy' }], // T-13 SIM7600G-H
  ['+CME ERROR: 10', { kind: 'cme-error', code: 10, text: 'SIM not inserted' }],
  ['+CME ERROR: 11', { kind: 'cme-error', code: 11, text: 'SIM PIN required' }],
  ['+CME ERROR: 148', { kind: 'cme-error', code: 148, text: 'unspecified GPRS error' }],
  ['+CME ERROR: sim not inserted', { kind: 'cme-error', code: 10, text: 'sim not inserted' }],
  ['+CME ERROR: 999', { kind: 'cme-error', code: 999 }],
  ['+CME ERROR: some vendor text', { kind: 'cme-error', text: 'some vendor text' }],
  ['+CMS ERROR: 314', { kind: 'cms-error', code: 314, text: 'SIM busy' }],
  ['+CMS ERROR: 500', { kind: 'cms-error', code: 500, text: 'unknown error' }],
  ['NO CARRIER', { kind: 'no-carrier' }],
  ['CONNECT', { kind: 'connect' }],
  ['CONNECT 150000000', { kind: 'connect', text: '150000000' }],
  ['BUSY', { kind: 'busy' }],
  ['NO ANSWER', { kind: 'no-answer' }],
  ['NO DIALTONE', { kind: 'no-dialtone' }],
  ['OK  ', { kind: 'ok' }], // trailing blanks from padding firmware
  // near-misses
  ['+CME ERROR:', { kind: 'cme-error' }], // nothing after the colon: still ends the command, no code
  ['+CME ERROR:   ', { kind: 'cme-error' }],
  ['+CMS ERROR:', { kind: 'cms-error' }],
  ['OKAY', undefined],
  ['OK junk', undefined],
  ['OK,', undefined],
  [' OK', undefined],
  ['ok', undefined],
  ['ERROR: 5', undefined],
  ['ERRORS', undefined],
  ['+CME ERROR', undefined],
  ['+CME ERRORS: 10', undefined],
  ['CONNECTED', undefined],
  ['NO CARRIERS', undefined],
  ['+CSQ: 31,99', undefined],
  ['+NETOPEN: 0', undefined],
  ['', undefined],
];

describe('parseFinalResult', () => {
  it.each(TABLE)('%j', (line, expected) => {
    const r = parseFinalResult(line);
    expect(r).toEqual(expected === undefined ? undefined : { line, ...expected });
    expect(isFinal(line)).toBe(expected !== undefined);
  });
});

describe('hints and descriptions', () => {
  it.each([
    [14, /retry/i],
    [10, /insert a SIM/i],
    [11, /PIN/],
    [12, /PUK/],
    [30, /network/i],
    [107, /data/i],
    [148, /APN/],
    [149, /user\/password/],
  ])('CME %i gives an actionable hint', (code, pattern) => {
    const final = parseFinalResult(`+CME ERROR: ${code}`) as FinalResult;
    expect(hintFor(final)).toMatch(pattern);
  });

  it('maps the verbose SIM busy of T-13 to the same hint as code 14', () => {
    expect(hintFor(parseFinalResult('+CME ERROR: SIM busy') as FinalResult)).toBe(hintFor(parseFinalResult('+CME ERROR: 14') as FinalResult));
  });

  it('describes errors with code and name', () => {
    expect(describeFinal(parseFinalResult('+CME ERROR: 14') as FinalResult)).toBe('+CME ERROR 14 (SIM busy)');
    expect(describeFinal(parseFinalResult('+CME ERROR:') as FinalResult)).toBe('+CME ERROR (no code given)');
    expect(describeFinal(parseFinalResult('ERROR') as FinalResult)).toBe('ERROR');
  });

  it('counts only OK and CONNECT as success', () => {
    expect(TABLE.filter(([, e]) => e && isSuccess({ line: '', ...e })).map(([l]) => l)).toEqual(['OK', 'CONNECT', 'CONNECT 150000000', 'OK  ']);
  });

  it('has unique names in each table (so verbose text maps back to one code)', () => {
    for (const table of [CME_ERRORS, CMS_ERRORS]) {
      const names = [...table.values()].map((i) => i.name.toLowerCase());
      expect(new Set(names).size).toBe(names.length);
    }
  });
});
