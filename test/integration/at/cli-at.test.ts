// `simhat at` as users run it: the built bin (npm run build:main) against a PTY responder.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AtResponder, type ReplyTable } from '../../helpers/at-responder.js';
import { openSerialTransport } from '../../../src-main/platform/serial/serialport-transport.js';

const SIM7600GH: ReplyTable = {
  ATI: ['Manufacturer: SIMCOM INCORPORATED', 'Model: SIMCOM_SIM7600G-H', 'Revision: SIM7600G_V2.0.2', 'IMEI: 862636051234567', '+GCAP: +CGSM', 'OK'],
  'AT+CGDCONT?': ['+CGDCONT: 1,"IP","","0.0.0.0",0,0,0,0', '+CGDCONT: 2,"IPV4V6","ims","0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0",0,0,0,0', 'OK'],
  'AT+CPIN?': ['+CME ERROR: SIM busy'], // T-13, right after boot
  'AT+SILENT': 'silent',
};

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function simhat(args: string[], options: { uid?: number } = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['bin/simhat.js', ...args], { encoding: 'utf8', timeout: 15_000, ...options }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? ((err as { code: number }).code) : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

// The bin runs dist/ (built by `npm install` via prepare, or `npm run build:main`).
beforeAll(() => {
  if (!existsSync('dist/main/cli/commands/at.js')) throw new Error('dist/ is not built: run `npm run build:main` first');
});

let responder: AtResponder | undefined;
afterEach(async () => {
  await responder?.close();
  responder = undefined;
});

describe('simhat at (built bin)', () => {
  it('prints the answers of each command and exits 0 on OK', async () => {
    responder = await AtResponder.start(SIM7600GH);
    const r = await simhat(['at', '--port', responder.path, 'ATI', 'AT+CGDCONT?']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      [
        'Manufacturer: SIMCOM INCORPORATED',
        'Model: SIMCOM_SIM7600G-H',
        'Revision: SIM7600G_V2.0.2',
        'IMEI: 862636051234567',
        '+GCAP: +CGSM',
        'OK',
        '+CGDCONT: 1,"IP","","0.0.0.0",0,0,0,0',
        '+CGDCONT: 2,"IPV4V6","ims","0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0",0,0,0,0',
        'OK',
        '',
      ].join('\n'),
    );
    expect(responder.received).toEqual(['ATI', 'AT+CGDCONT?']);
  });

  it('exits 1 on +CME ERROR with the hint, and prints JSON with --json', async () => {
    responder = await AtResponder.start(SIM7600GH);
    const r = await simhat(['at', '--port', responder.path, 'AT+CPIN?']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('+CME ERROR: SIM busy\n');
    expect(r.stderr).toMatch(/SIM busy.*retry/);
    const j = await simhat(['at', '--json', '--port', responder.path, 'AT+CPIN?', 'AT+BOGUS']);
    expect(j.code).toBe(1);
    const out = JSON.parse(j.stdout) as { ok: boolean; results: { command: string; ok: boolean; final: { kind: string; code?: number } }[] };
    expect(out.ok).toBe(false);
    expect(out.results.map((x) => [x.command, x.final.kind, x.final.code])).toEqual([
      ['AT+CPIN?', 'cme-error', 14],
      ['AT+BOGUS', 'error', undefined],
    ]);
  });

  it('exits 1 when a command times out (--timeout)', async () => {
    responder = await AtResponder.start(SIM7600GH);
    const r = await simhat(['at', '--port', responder.path, '--timeout', '200', 'AT+SILENT']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no answer within 200 ms/);
  });

  it('exits 2 with "no such port" for a missing port', async () => {
    const r = await simhat(['at', '--port', `/dev/simhat-missing-${process.pid}`, 'ATI']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no such port/);
  });

  it('exits 2 with "held by another program (ModemManager?)" when the port is locked', async () => {
    responder = await AtResponder.start(SIM7600GH);
    const holder = openSerialTransport(responder.path);
    await holder.open();
    try {
      const r = await simhat(['at', '--port', responder.path, 'ATI']);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/held by another program \(ModemManager\?\)/);
    } finally {
      await holder.close();
    }
  });

  it('exits 2 with "add yourself to the dialout group" when permission is denied', async () => {
    responder = await AtResponder.start(SIM7600GH);
    // PTY slaves are root:tty 0620; an unprivileged user (nobody) gets EACCES like a user outside dialout.
    const r = await simhat(['at', '--port', responder.path, 'ATI'], { uid: 65534 });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/add yourself to the dialout group/);
  });

  it('exits 2 on usage mistakes, naming the mistake', async () => {
    const cases: [string[], RegExp][] = [
      [['at', 'ATI'], /--port is required/],
      [['at', '--port', '/dev/null'], /at least one AT command/],
      [['at', '--port', '/dev/null', 'CSQ'], /must start with "AT"/],
      [['at', '--port', '/dev/null', '--timeout', 'soon', 'ATI'], /--timeout must be a positive whole number/],
      [['at', '--port', '/dev/null', '--frobnicate', 'ATI'], /frobnicate/],
    ];
    const runs = await Promise.all(cases.map(([args]) => simhat(args)));
    runs.forEach((r, i) => {
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(cases[i]?.[1] as RegExp);
    });
  });
});
