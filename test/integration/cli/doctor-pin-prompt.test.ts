// Interactive `simhat doctor --fix` on a real pseudo-terminal (issue 14 items 4 and 9): the diagnosis
// comes before any question; a SIM that needs its PIN gets it asked for, hidden, with the tries left,
// sent through the Api (AT+CPIN by the service, never typed into an AT console), and checked again.
import { afterEach, describe, expect, it } from 'vitest';
import { HOME_NETWORK } from '../../../src-main/twin/scenarios.js';
import { stripAnsi } from '../../../src-main/cli/terminal-style.js';
import { twinOnPty, type TwinOnPty } from '../doctor/twin-harness.js';
import { startOnPty } from './pty-bin.js';

let open: TwinOnPty | undefined;
afterEach(async () => {
  await open?.close();
  open = undefined;
});

const PROMPT = /SIM PIN \(typing is not shown; Enter skips\):/;

describe('doctor --fix asks for the SIM PIN on a terminal', () => {
  it('pin-locked: diagnosis first, tries left, a wrong PIN costs one try, the right one unlocks; nothing typed is echoed', async () => {
    open = await twinOnPty({ scenario: 'pin-locked' });
    const s = startOnPty(['doctor', '--fix', '--port', open.port, '--no-probes'], { cols: 80 });
    await s.waitFor(PROMPT);
    const before = stripAnsi(s.output());
    // The diagnosis, then the fix, then the tries: in that order, before the question.
    const order = ['Verdict: the first broken link is sim.ready.', 'Fix enter-pin: Enter the SIM PIN\n', 'The SIM asks for its PIN: 3 tries left before it needs its PUK.'].map((t) => before.indexOf(t));
    expect(order.every((i) => i >= 0), before).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);

    let mark = s.output().length;
    s.write('9999\r');
    await s.waitFor(/Wrong PIN: 2 tries left/, 20_000, mark);
    await s.waitFor(/2 tries left before it needs its PUK/, 20_000, mark);
    await s.waitFor(PROMPT, 20_000, mark);

    mark = s.output().length;
    s.write(`${HOME_NETWORK.pin}\r`);
    await s.waitFor(/PIN accepted: the SIM is unlocked\./, 20_000, mark);
    const code = await s.exit;
    const out = stripAnsi(s.output());
    expect(out).toMatch(/Checking again:/);
    expect(out).toMatch(/✓ \d+ passed: .*sim\.ready/);
    expect(code).toBe(0);
    // No echo: neither PIN ever reached the terminal.
    expect(out).not.toContain('9999');
    expect(out).not.toContain(HOME_NETWORK.pin);
    expect(open.twin.receivedCommands.filter((c) => c.startsWith('AT+CPIN='))).toEqual(['AT+CPIN="9999"', `AT+CPIN="${HOME_NETWORK.pin}"`]);
  });

  it('an empty answer skips: no PIN is sent, the SIM stays locked, exit 1', async () => {
    open = await twinOnPty({ scenario: 'pin-locked' });
    const s = startOnPty(['doctor', '--fix', '--port', open.port, '--no-probes'], { cols: 80 });
    await s.waitFor(PROMPT);
    s.write('\r');
    expect(await s.exit).toBe(1);
    expect(stripAnsi(s.output())).toMatch(/No fix applied\./);
    expect(open.twin.receivedCommands.filter((c) => c.startsWith('AT+CPIN='))).toEqual([]);
  });

  it('a PIN that is not 4-8 digits is refused before the SIM sees it', async () => {
    open = await twinOnPty({ scenario: 'pin-locked' });
    const s = startOnPty(['doctor', '--fix', '--port', open.port, '--no-probes'], { cols: 80 });
    await s.waitFor(PROMPT);
    let mark = s.output().length;
    s.write('12ab\r');
    await s.waitFor(/A SIM PIN is 4 to 8 digits; nothing was sent\./, 20_000, mark);
    // Still 3 tries: nothing was spent.
    await s.waitFor(/3 tries left/, 20_000, mark);
    await s.waitFor(PROMPT, 20_000, mark);
    mark = s.output().length;
    s.write('\r');
    expect(await s.exit).toBe(1);
    expect(open.twin.receivedCommands.filter((c) => c.startsWith('AT+CPIN='))).toEqual([]);
  });

  it('Ctrl-C at the PIN question: interrupted (exit 130), nothing sent', async () => {
    open = await twinOnPty({ scenario: 'pin-locked' });
    const s = startOnPty(['doctor', '--fix', '--port', open.port, '--no-probes'], { cols: 80 });
    await s.waitFor(PROMPT);
    s.write('\x03');
    expect(await s.exit).toBe(130);
    expect(stripAnsi(s.output())).toMatch(/interrupted/);
    expect(open.twin.receivedCommands.filter((c) => c.startsWith('AT+CPIN='))).toEqual([]);
  });

  it('seed: asks "Apply it? [y/N]" after the diagnosis; yes applies the APN and checks again', async () => {
    open = await twinOnPty({ scenario: 'seed' });
    const s = startOnPty(['doctor', '--fix', '--port', open.port, '--no-probes'], { cols: 80 });
    await s.waitFor(/Apply it\? \[y\/N\]/);
    const before = stripAnsi(s.output());
    expect(before.indexOf('Verdict: the first broken link is apn.set.')).toBeGreaterThan(-1);
    expect(before.indexOf('Verdict:')).toBeLessThan(before.indexOf('Fix apply-apn:'));
    s.write('y\r');
    expect(await s.exit).toBe(0);
    const out = stripAnsi(s.output());
    expect(out).toMatch(/Fixing \(apply-apn\)/);
    expect(out).toMatch(/Checking again:/);
    // The diagnosis is printed once before the question, not again after "No fix" or before fixing.
    expect(out.split('Verdict: the first broken link is apn.set.').length).toBe(2);
  });
});
