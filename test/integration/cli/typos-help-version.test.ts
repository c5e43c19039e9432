// The built bin on the mistakes and questions of a new user (issue 14 item 9): "did you mean" for a
// command or an option, `simhat help <command>`, `simhat --version`.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runBin } from '../doctor/run-bin.js';

const VERSION = (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version;

describe('did you mean', () => {
  it('a mistyped command names the closest one (exit 2)', async () => {
    const r = await runBin(['doctr']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('simhat: unknown command "doctr". Did you mean "doctor"? Run `simhat --help` for the list.\n');
  });

  it('with --json the guess is in the JSON error too', async () => {
    const r = await runBin(['stauts', '--json']);
    expect(r.code).toBe(2);
    expect((JSON.parse(r.stdout) as { error: { message: string } }).error.message).toMatch(/Did you mean "status"\?/);
  });

  it('a word far from every command gets no guess', async () => {
    const r = await runBin(['frobnicate']);
    expect(r.stderr).toBe('simhat: unknown command "frobnicate". Run `simhat --help` for the list.\n');
  });

  it('a mistyped option names the closest option of that command (exit 2, usage below)', async () => {
    const r = await runBin(['doctor', '--prot', '/dev/ttyUSB2']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^simhat doctor: Unknown option '--prot'\. Did you mean --port\?\n\nUsage: simhat doctor/);
    const j = await runBin(['status', '--jsno']);
    expect(j.stderr).toMatch(/Unknown option '--jsno'\. Did you mean --json\?/);
    const at = await runBin(['at', '--tiemout', '5', '--json', 'ATI']);
    expect((JSON.parse(at.stdout) as { error: { message: string } }).error.message).toBe("Unknown option '--tiemout'. Did you mean --timeout?");
  });

  it('an option close to none gets no guess', async () => {
    const r = await runBin(['status', '--bogus']);
    expect(r.stderr).toMatch(/^simhat status: Unknown option '--bogus'\.\n/);
  });
});

describe('help and version', () => {
  it('simhat help <command> prints that command\'s usage, as <command> --help does', async () => {
    const [help, flag] = await Promise.all([runBin(['help', 'doctor']), runBin(['doctor', '--help'])]);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: simhat doctor/);
    expect(help.stdout).toBe(flag.stdout);
  });

  it('simhat help <typo> suggests the command (exit 2); simhat help alone lists the commands (exit 0)', async () => {
    const typo = await runBin(['help', 'devics']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(/Did you mean "devices"\?/);
    const all = await runBin(['help']);
    expect(all.code).toBe(0);
    expect(all.stdout).toContain('Usage: simhat <command>');
    expect(all.stdout).toContain('simhat help <command>');
  });

  it('--help and every command\'s --help fit 80 columns', async () => {
    const commands = ['apn', 'at', 'connect', 'devices', 'doctor', 'mode', 'net', 'report', 'serve', 'status', 'twin', 'version'];
    const runs = await Promise.all([runBin(['--help']), ...commands.map((c) => runBin([c, '--help']))]);
    for (const r of runs) {
      expect(r.code).toBe(0);
      for (const line of r.stdout.split('\n')) expect(line.length, line).toBeLessThanOrEqual(80);
    }
  });

  it('simhat --version and -V print the package version, exit 0', async () => {
    for (const flag of ['--version', '-V']) {
      const r = await runBin([flag]);
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(`simhat ${VERSION}\n`);
    }
  });
});

describe('usage mistakes in the user\'s words', () => {
  it('a value a validator refused is named by its option', async () => {
    const r = await runBin(['apn', 'set', '--port', '/dev/null', '--apn', '']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^simhat apn: --apn: is empty \(an empty APN is only allowed to clear a context\)\n/);
  });

  it('net without a subcommand lists them; a typo gets a guess', async () => {
    const none = await runBin(['net', '--iface', 'lo']);
    expect(none.stderr).toMatch(/^simhat net: unknown or missing subcommand: give one of status, up, down, policy, check, persist, unpersist\n/);
    const typo = await runBin(['net', 'stauts', '--iface', 'lo']);
    expect(typo.stderr).toMatch(/^simhat net: unknown or missing subcommand "stauts" \(did you mean "status"\?\)\n/);
  });
});
