import { describe, expect, it } from 'vitest';
import { DEFAULT_TIMEOUT_MS, timeoutFor } from '../../../src-main/core/at/timeouts.js';
import { commandLineProblem } from '../../../src-main/core/at/command-line.js';

describe('timeoutFor', () => {
  it.each([
    ['AT', 5_000],
    ['AT+CSQ', 5_000],
    ['AT+COPS?', 5_000],
    ['AT+COPS=?', 180_000],
    ['at+cops=?', 180_000],
    ['AT+CFUN=1', 30_000],
    ['AT+CFUN=1,1', 30_000],
    ['AT+CFUN?', 5_000],
    ['AT+CUSBPIDSWITCH=9011,1,1', 30_000],
    ['AT+CUSBPIDSWITCH?', 5_000],
    ['AT+CRESET', 15_000],
    ['AT+CGACT=1,1', 150_000],
    ['AT+CGACT?', 5_000],
  ])('%s -> %i ms', (command, ms) => {
    expect(timeoutFor(command)).toBe(ms);
  });

  it('defaults to 5 s', () => {
    expect(DEFAULT_TIMEOUT_MS).toBe(5_000);
  });
});

describe('commandLineProblem', () => {
  it.each([
    ['AT+CSQ', undefined],
    ['at+cgdcont=1,"IP","internet"', undefined],
    ['', /empty/],
    ['CSQ', /start with "AT"/],
    ['AT+CSQ\r', /printable ASCII/],
    ['AT+CSQ\nAT+CFUN=0', /printable ASCII/],
    ['AT+CGDCONT=1,"IP","é"', /printable ASCII/],
    ['AT' + 'X'.repeat(600), /556/],
  ])('%j', (command, expected) => {
    const problem = commandLineProblem(command);
    if (expected === undefined) expect(problem).toBeUndefined();
    else expect(problem).toMatch(expected);
  });
});
