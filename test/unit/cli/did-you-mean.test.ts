// "Did you mean" (issue 14 item 9): the closest command or option, only when it is close enough.
import { describe, expect, it } from 'vitest';
import { closest, optionHint, optionsInUsage } from '../../../src-main/cli/did-you-mean.js';

const COMMANDS = ['apn', 'at', 'connect', 'devices', 'doctor', 'mode', 'net', 'report', 'serve', 'status', 'twin', 'version'];

describe('closest command', () => {
  it.each([
    ['doctr', 'doctor'],
    ['docter', 'doctor'],
    ['dcotor', 'doctor'],
    ['stauts', 'status'],
    ['devcies', 'devices'],
    ['conect', 'connect'],
    ['serv', 'serve'],
    ['Doctor', 'doctor'],
    ['vesion', 'version'],
    ['dev', 'devices'],
    ['rep', 'report'],
  ])('%s -> %s', (typo, meant) => expect(closest(typo, COMMANDS)).toBe(meant));

  it.each(['frobnicate', 'x', 'internet', 'do', ''])('%j -> nothing', (typo) => expect(closest(typo, COMMANDS)).toBeUndefined());

  it('a prefix of several candidates is no guess', () => expect(closest('st', ['status', 'start'])).toBeUndefined());
});

const USAGE = `Usage: simhat doctor [--port <p>] [--iface <if>] [--ping-target <ip> ...] [--dns-name <n>]
  --no-probes         no ping and no DNS test
  --fix               apply the fixes
  --json              the JSON report (docs/doctor-json.md)
  --verbose           every check`;

describe('options in a usage text', () => {
  it('lists each documented long option once, in order', () => {
    expect(optionsInUsage(USAGE)).toEqual(['--port', '--iface', '--ping-target', '--dns-name', '--no-probes', '--fix', '--json', '--verbose']);
  });

  it.each([
    ['--prot', ' Did you mean --port?'],
    ['--jsno', ' Did you mean --json?'],
    ['--verbos', ' Did you mean --verbose?'],
    ['--ping-targt=1.1.1.1', ' Did you mean --ping-target?'],
    ['--no-probe', ' Did you mean --no-probes?'],
    ['--bogus', ''],
    ['-x', ''],
  ])('%s', (option, hint) => expect(optionHint(option, USAGE)).toBe(hint));
});
