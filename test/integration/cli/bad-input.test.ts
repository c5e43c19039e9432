// Bad input to every `simhat` command, run as users run it (the built bin): unknown flags, missing
// values, wrong types, paths that are no serial port, injection attempts and huge values. Each must
// end with a clear message and the documented exit code (2 usage/port), no stack trace, nothing sent
// to the modem — and with --json, stdout must still be one parseable JSON document.
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TwinPtyBinding } from '../../../src-main/twin/pty-binding.js';
import { Twin } from '../../../src-main/twin/twin.js';
import { openSerialTransport } from '../../../src-main/platform/serial/serialport-transport.js';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function simhat(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['bin/simhat.js', ...args], { encoding: 'utf8', timeout: 20_000, env: { ...process.env, ...env } }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

let twin: Twin;
let binding: TwinPtyBinding;
let port: string;
let dir: string;
let file: string;
let configDir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'simhat-bad-input-'));
  file = join(dir, 'plain-file');
  await writeFile(file, 'not a port\n');
  configDir = join(dir, 'config');
  twin = new Twin({ scenario: 'good' });
  binding = await TwinPtyBinding.attach(twin, { link: join(dir, 'sim7600-at') });
  port = binding.link;
});

afterAll(async () => {
  twin?.dispose();
  await binding?.close();
  await rm(dir, { recursive: true, force: true });
});

const LONG = 'a'.repeat(5000);
const NO_STACK = /\n\s+at .+:\d+:\d+\)?\n|node:internal/;

type Case = [name: string, args: () => string[], exit: number, message: RegExp];

// Every command with --json: exit code, the message in error.message, stdout pure JSON.
const jsonCases: Case[] = [
  ['unknown command', () => ['frobnicate', '--json'], 2, /unknown command "frobnicate"/],
  ['at: unknown flag', () => ['at', '--port', port, '--bogus', '--json', 'ATI'], 2, /Unknown option '--bogus'/],
  ['at: --port without a value', () => ['at', '--json', '--port'], 2, /--port <value>' argument missing/],
  ['at: --timeout abc', () => ['at', '--port', port, '--timeout', 'abc', '--json', 'ATI'], 2, /--timeout must be a positive whole number \(got "abc"\)/],
  ['at: a 5000-character --port', () => ['at', '--port', `/tmp/${LONG}`, '--json', 'ATI'], 2, /--port: a path of 5005 characters is not a serial port/],
  ['at: a non-ASCII command', () => ['at', '--port', port, '--json', 'ATé'], 2, /printable ASCII/],
  ['at: --port to a directory', () => ['at', '--port', dir, '--json', 'ATI'], 2, /is a directory, not a serial port/],
  ['at: --port to a regular file', () => ['at', '--port', file, '--json', 'ATI'], 2, /is not a serial port \(not a tty\)/],
  ['at: --port to /dev/null', () => ['at', '--port', '/dev/null', '--json', 'ATI'], 2, /\/dev\/null is not a serial port/],
  ['at: --port that does not exist', () => ['at', '--port', join(dir, 'nope'), '--json', 'ATI'], 2, /no such port/],
  ['apn: unknown subcommand', () => ['apn', 'frob', '--json'], 2, /unknown subcommand "frob"/],
  ['apn set: AT injection in --apn', () => ['apn', 'set', '--port', port, '--apn', 'x";AT+CFUN=0', '--json'], 2, /apn: "x";AT\+CFUN=0" is not allowed/],
  ['apn show: --port to a directory', () => ['apn', 'show', '--port', dir, '--json'], 2, /cannot open .*is a directory/],
  ['apn search: --limit abc', () => ['apn', 'search', 'x', '--limit', 'abc', '--json'], 2, /--limit must be a whole number/],
  ['devices: --poll-ms abc', () => ['devices', '--poll-ms', 'abc', '--json'], 2, /--poll-ms takes a number of milliseconds/],
  ['net: missing subcommand', () => ['net', '--json'], 2, /unknown or missing subcommand/],
  ['net: shell in --iface', () => ['net', 'status', '--iface', 'usb0;reboot', '--json'], 2, /invalid interface name "usb0;reboot"/],
  ['net: a 5000-character --iface', () => ['net', 'status', '--iface', LONG, '--json'], 2, /invalid interface name "a{40}…"/],
  ['net: --lease-timeout abc', () => ['net', 'up', '--iface', 'lo', '--lease-timeout', 'abc', '--json'], 2, /--lease-timeout is 1-999 seconds/],
  ['mode: unknown mode', () => ['mode', 'turbo', '--json'], 2, /unknown mode "turbo"/],
  ['mode: --timeout abc', () => ['mode', '--timeout', 'abc', '--json'], 2, /--timeout is seconds, 1\.\.600/],
  ['mode: shell in --iface', () => ['mode', 'ecm', '--port', port, '--iface', 'usb0;reboot', '--json'], 2, /--iface: invalid interface name/],
  ['status: unknown flag', () => ['status', '--bogus', '--json'], 2, /Unknown option '--bogus'/],
  ['status: shell in --iface', () => ['status', '--port', port, '--iface', 'usb0;reboot', '--json'], 2, /--iface: invalid interface name "usb0;reboot"/],
  ['doctor: AT injection in --pin', () => ['doctor', '--fix', '--yes', '--pin', '1234";AT+CFUN=0', '--port', port, '--no-probes', '--json'], 2, /--pin must be 4 to 8 digits/],
  ['doctor: AT injection in --apn', () => ['doctor', '--fix', '--yes', '--apn', 'x";AT+CFUN=0', '--port', port, '--no-probes', '--json'], 2, /--apn: .* is not allowed/],
  ['doctor: shell in --ping-target', () => ['doctor', '--ping-target', '1.1.1.1;reboot', '--port', port, '--json'], 2, /invalid IPv4 ping target/],
  ['doctor: --pin without --fix', () => ['doctor', '--pin', '1234', '--json'], 2, /go with --fix/],
  ['connect: AT injection in --apn', () => ['connect', '--port', port, '--apn', 'x";AT+CFUN=0', '--no-probes', '--json'], 2, /--apn: .* is not allowed/],
  ['connect: ; in --password', () => ['connect', '--port', port, '--apn', 'internet', '--user', 'u', '--password', 'p;+CFUN=0', '--no-probes', '--json'], 2, /--password: may not contain ";"/],
  ['connect: --mode-timeout abc', () => ['connect', '--mode-timeout', 'abc', '--no-probes', '--json'], 2, /--mode-timeout is seconds/],
  ['twin: unknown scenario', () => ['twin', '--scenario', 'nope', '--json'], 2, /unknown scenario "nope"/],
  ['version: unknown flag', () => ['version', '--bogus', '--json'], 2, /Unknown option '--bogus'/],
];

describe('bad input with --json: one JSON error on stdout, exit 2', () => {
  it.each(jsonCases)('%s', async (_name, args, exit, message) => {
    const r = await simhat(args(), { SIMHAT_CONFIG_DIR: configDir });
    expect(r.code, r.stderr).toBe(exit);
    const out = JSON.parse(r.stdout) as { ok: boolean; error: { code: string; message: string; hint?: string } };
    expect(out.ok).toBe(false);
    expect(out.error.message).toMatch(message);
    expect(typeof out.error.code).toBe('string');
    expect(r.stderr).not.toMatch(NO_STACK);
    // A huge value is never echoed whole.
    expect(r.stdout.length + r.stderr.length).toBeLessThan(2000);
  });
});

// Without --json: the message and the usage on stderr, nothing on stdout.
const textCases: Case[] = [
  ['at: --timeout abc', () => ['at', '--port', port, '--timeout', 'abc', 'ATI'], 2, /simhat at: --timeout must be a positive whole number[\s\S]*Usage: simhat at/],
  ['at: a 5000-character command', () => ['at', '--port', port, `AT${LONG}`], 2, /longer than|too long|at most|characters/],
  ['at: --port to a directory', () => ['at', '--port', dir, 'ATI'], 2, /simhat at: .* is a directory, not a serial port/],
  ['net: unknown flag', () => ['net', 'status', '--iface', 'lo', '--bogus'], 2, /simhat net: Unknown option '--bogus'[\s\S]*Usage: simhat net/],
  ['report: --out in a folder that does not exist', () => ['report', '--out', join(dir, 'missing', 'r.json'), '--port', port], 2, /the folder .*missing does not exist/],
  ['report: non-ASCII --iface', () => ['report', '--iface', 'é', '--out', '-'], 2, /--iface: invalid interface name "é"/],
  ['serve: --port abc', () => ['serve', '--port', 'abc'], 2, /--port: not a port number: abc/],
  ['twin: --link with a space', () => ['twin', '--link', '/tmp/a b'], 2, /--link must be a path without/],
];

describe('bad input as text: message and usage on stderr, exit 2', () => {
  it.each(textCases)('%s', async (_name, args, exit, message) => {
    const r = await simhat(args(), { SIMHAT_CONFIG_DIR: configDir });
    expect(r.code, r.stderr).toBe(exit);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(NO_STACK);
    expect(r.stderr.length).toBeLessThan(4000);
  });
});

describe('refused values never reach the modem', () => {
  it('injections in --apn, --pin, --password and --iface send no AT command', async () => {
    const before = twin.receivedCommands.length;
    const runs = await Promise.all(
      [
        ['apn', 'set', '--port', port, '--apn', 'x";AT+CFUN=0'],
        ['doctor', '--fix', '--yes', '--pin', '1234";AT+CFUN=0', '--port', port, '--no-probes'],
        ['connect', '--port', port, '--apn', 'internet\r\nAT+CRESET', '--no-probes'],
        ['connect', '--port', port, '--apn', 'internet', '--user', 'u', '--password', 'p";+CFUN=0', '--no-probes'],
        ['mode', 'ecm', '--port', port, '--iface', 'usb0;reboot'],
      ].map((a) => simhat(a, { SIMHAT_CONFIG_DIR: configDir })),
    );
    for (const r of runs) expect(r.code, r.stderr).toBe(2);
    expect(twin.receivedCommands.slice(before)).toEqual([]);
  });
});

describe('ports that cannot be used', () => {
  it('a port held by another program: exit 2, the reason in JSON for at, apn and doctor', async () => {
    const holder = openSerialTransport(port);
    await holder.open();
    try {
      const [at, apn, doctor] = await Promise.all([
        simhat(['at', '--port', port, '--json', 'ATI']),
        simhat(['apn', 'show', '--port', port, '--json'], { SIMHAT_CONFIG_DIR: configDir }),
        simhat(['doctor', '--port', port, '--no-probes', '--json'], { SIMHAT_CONFIG_DIR: configDir }),
      ]);
      expect(at.code).toBe(2);
      expect((JSON.parse(at.stdout) as { error: { code: string } }).error.code).toBe('busy');
      expect(apn.code).toBe(2);
      expect((JSON.parse(apn.stdout) as { error: { message: string } }).error.message).toMatch(/held by another program/);
      expect(doctor.code).toBe(2);
      const report = JSON.parse(doctor.stdout) as { checks: { id: string; status: string; detail: string }[] };
      expect(report.checks.find((c) => c.id === 'port.at')).toMatchObject({ status: 'fail', detail: expect.stringMatching(/held by another program/) });
    } finally {
      await holder.close();
    }
  });

  it('doctor names a directory as unopenable (exit 2), not as "opened but did not answer"', async () => {
    const r = await simhat(['doctor', '--port', dir, '--no-probes', '--json'], { SIMHAT_CONFIG_DIR: configDir });
    expect(r.code).toBe(2);
    const at = (JSON.parse(r.stdout) as { checks: { id: string; detail: string }[] }).checks.find((c) => c.id === 'port.at');
    expect(at?.detail).toMatch(/^Cannot open .*: .* is a directory, not a serial port/);
  });

  it('report --out <folder> writes the default file name inside it', async () => {
    const out = join(dir, 'reports');
    await rm(out, { recursive: true, force: true });
    await import('node:fs/promises').then((fs) => fs.mkdir(out));
    const r = await simhat(['report', '--out', out, '--port', join(dir, 'nope')], { SIMHAT_CONFIG_DIR: configDir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`Wrote ${out}/simhat-report-[0-9TZ-]+\\.json`));
  });
});

describe('Ctrl-C', () => {
  it('twin --json and devices --watch end cleanly on SIGINT: exit 0, no stack trace', async () => {
    for (const args of [['twin', '--json', '--link', join(dir, 'ctrl-c-twin')], ['devices', '--watch', '--no-probe']]) {
      const child = spawn(process.execPath, ['bin/simhat.js', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      // Interrupt once it is running: the first stdout line means it is ready.
      await new Promise<void>((resolve) => child.stdout.on('data', (d: Buffer) => ((stdout += d.toString()), resolve())));
      const exit = new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
      child.kill('SIGINT');
      expect(await exit, `${args[0]}: ${stderr}`).toBe(0);
      expect(stderr).not.toMatch(NO_STACK);
      for (const line of stdout.trim().split('\n')) expect(() => JSON.parse(line) as unknown).not.toThrow();
    }
  });
});
