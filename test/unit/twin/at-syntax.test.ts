import { describe, expect, it } from 'vitest';
import { parseCommandLine, splitParams } from '../../../src-main/twin/at-syntax.js';

describe('the twin reads command lines (V.250 §5)', () => {
  it.each([
    ['AT', []],
    ['ATE0', [{ name: 'E', kind: 'exec', value: 0 }]],
    ['ate1', [{ name: 'E', kind: 'exec', value: 1 }]],
    ['ATI', [{ name: 'I', kind: 'exec' }]],
    ['at+csq', [{ name: '+CSQ', kind: 'exec' }]],
    ['AT+CGDCONT?', [{ name: '+CGDCONT', kind: 'read' }]],
    ['AT+CGACT=?', [{ name: '+CGACT', kind: 'test' }]],
    ['ATE0+CMEE=2', [{ name: 'E', kind: 'exec', value: 0 }, { name: '+CMEE', kind: 'write' }]],
    ['AT+CSQ;+CREG?', [{ name: '+CSQ', kind: 'exec' }, { name: '+CREG', kind: 'read' }]],
  ] as const)('%s', (line, expected) => {
    const parsed = parseCommandLine(line);
    expect(parsed?.map(({ name, kind, value }) => ({ name, kind, ...(value !== undefined ? { value } : {}) }))).toEqual(expected);
  });

  it('keeps quoted parameters intact, commas and semicolons included', () => {
    const parsed = parseCommandLine('AT+CGDCONT=1,"IP","a,b;c";+CGACT=1,1');
    expect(parsed?.[0]?.params).toEqual([
      { value: '1', quoted: false },
      { value: 'IP', quoted: true },
      { value: 'a,b;c', quoted: true },
    ]);
    expect(parsed?.[1]?.name).toBe('+CGACT');
  });

  it('marks omitted parameters as empty', () => {
    expect(splitParams('1,,2')).toEqual([
      { value: '1', quoted: false },
      { value: '', quoted: false },
      { value: '2', quoted: false },
    ]);
  });

  it.each(['XT', 'AT+', 'AT+CGDCONT=1,"IP', 'AT+CSQ!', 'AT+CGDCONT=1,"IP"x'])('rejects %s', (line) => {
    expect(parseCommandLine(line)).toBeUndefined();
  });
});
