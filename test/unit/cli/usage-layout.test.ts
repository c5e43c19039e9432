// Usage texts fitted to 80 columns when printed (issue 14 item 9): descriptions wrap under their column,
// a synopsis under the command, bracketed groups and `commands` are never split, lines that fit stay.
import { describe, expect, it } from 'vitest';
import { fitUsage } from '../../../src-main/cli/usage-layout.js';

const widest = (t: string) => Math.max(...t.split('\n').map((l) => l.length));

describe('fitUsage', () => {
  it('leaves a text that fits as it is', () => {
    const text = 'Usage: simhat x [--json]\n\n  --json   one JSON object\n\nExit: 0 ok.';
    expect(fitUsage(text)).toBe(text);
  });

  it('wraps a synopsis under the command, keeping [groups] and <values> whole, nested ones too', () => {
    const text =
      'Usage: simhat doctor [--port <p>] [--iface <if>] [--ping-target <ip> ...] [--dns-name <n>]\n' +
      '                     [--policy failover|primary] [--fix [--yes] [--pin <pin>] [--apn <apn>]] [--json] [--verbose]';
    expect(fitUsage(text)).toBe(
      [
        'Usage: simhat doctor [--port <p>] [--iface <if>] [--ping-target <ip> ...]',
        '                     [--dns-name <n>] [--policy failover|primary]',
        '                     [--fix [--yes] [--pin <pin>] [--apn <apn>]] [--json]',
        '                     [--verbose]',
      ].join('\n'),
    );
  });

  it('a group longer than a line breaks between the groups nested in it, never inside them', () => {
    const text = 'Usage: simhat connect [--carrier <id> | --apn <v> [--ip-type IP|IPV6|IPV4V6] [--user <u> --password <p> --auth pap|chap|auto]]';
    const out = fitUsage(text);
    expect(widest(out)).toBeLessThanOrEqual(80);
    expect(out).toContain('[--user <u> --password <p> --auth pap|chap|auto]]');
  });

  it('an option description goes on under its own column, its source lines joined', () => {
    const text =
      '  --ping-target <ip>  address to ping through the interface; repeatable (default: the targets\n' +
      "                      saved in the app's Settings, else SIMHAT_PING_TARGETS, else 1.1.1.1 and 8.8.8.8)\n" +
      '  --dns-name <n>      name to resolve';
    expect(fitUsage(text)).toBe(
      [
        '  --ping-target <ip>  address to ping through the interface; repeatable',
        "                      (default: the targets saved in the app's Settings, else",
        '                      SIMHAT_PING_TARGETS, else 1.1.1.1 and 8.8.8.8)',
        '  --dns-name <n>      name to resolve',
      ].join('\n'),
    );
  });

  it('a paragraph is joined and wrapped; a label line ("Example:") and a bracketed form start anew', () => {
    const text =
      'Exit status: 0 every command answered OK, 1 an ERROR/+CME ERROR/timeout, 2 usage or port error.\n' +
      'Example: simhat at --port /dev/ttyUSB2 ATI AT+CGDCONT?\n' +
      '  set --port <p> (--carrier <id> | --apn <value> | --preset <name>) [--ip-type IP|IPV6|IPV4V6]\n' +
      '  [--json]';
    expect(fitUsage(text)).toBe(
      [
        'Exit status: 0 every command answered OK, 1 an ERROR/+CME ERROR/timeout, 2 usage',
        'or port error.',
        'Example: simhat at --port /dev/ttyUSB2 ATI AT+CGDCONT?',
        '  set --port <p> (--carrier <id> | --apn <value> | --preset <name>)',
        '    [--ip-type IP|IPV6|IPV4V6]',
        '  [--json]',
      ].join('\n'),
    );
  });

  it('a `command` in backticks is not split', () => {
    const text = 'Runs a simulated SIM7600G-H on a pseudo-terminal. Prints the port path first, then what happens (or `simhat at --port <path> ATI`).';
    const out = fitUsage(text);
    expect(widest(out)).toBeLessThanOrEqual(80);
    expect(out).toContain('`simhat at --port <path> ATI`');
  });
});
