// Ctrl-C during `simhat doctor` (the built bin) on a port whose far side never answers: the run says
// it was interrupted and exits 130 (docs/doctor-json.md "Exit codes"), with no stack trace, no
// report and, under --json, only a JSON error object on stdout.
import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { openPty, type PtyPair } from '../../../src-main/platform/serial/pty.js';

let pty: PtyPair | undefined;
afterEach(async () => {
  await pty?.close();
  pty = undefined;
});

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** From SIGINT to exit. */
  afterSigintMs: number;
}

/** Starts the doctor on the silent PTY, sends SIGINT 300 ms later (once the doctor has written AT). */
async function interruptDoctor(extra: string[]): Promise<Run> {
  pty = await openPty();
  let heard = '';
  pty.onData((c) => (heard += c.toString('latin1')));
  const child = spawn(process.execPath, ['bin/simhat.js', 'doctor', '--port', pty.slavePath, '--no-probes', ...extra], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const closed = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
  const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  try {
    const started = Date.now();
    while (!heard.includes('AT\r') || Date.now() - started < 300) {
      if (Date.now() - started > 5000) throw new Error(`the doctor never wrote AT (stderr: ${stderr})`);
      await new Promise((r) => setTimeout(r, 10));
    }
    const sent = Date.now();
    child.kill('SIGINT');
    const end = await closed;
    return { ...end, stdout, stderr, afterSigintMs: Date.now() - sent };
  } finally {
    clearTimeout(killer);
  }
}

describe('simhat doctor interrupted by Ctrl-C', () => {
  it('text: says it was interrupted, exits 130, prints no report and no stack trace', async () => {
    const r = await interruptDoctor([]);
    expect(r.signal).toBeNull();
    expect(r.code).toBe(130);
    expect(r.stderr).toMatch(/^simhat doctor: interrupted \(Ctrl-C\)/);
    expect(r.stderr).not.toMatch(/\n\s+at |Error/);
    expect(r.stdout).toBe('');
    expect(r.afterSigintMs).toBeLessThan(1500); // the pending AT (2 s timeout) was cancelled, not waited out
  });

  it('--json: stdout is only a JSON error object with code "interrupted"', async () => {
    const r = await interruptDoctor(['--json']);
    expect(r.code).toBe(130);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    expect(JSON.parse(r.stdout)).toEqual({ ok: false, error: { code: 'interrupted', message: expect.stringMatching(/^interrupted/) } });
    expect(r.stderr).not.toMatch(/\n\s+at |Error/);
  });
});
