// `simhat twin` as a user runs it: the built bin, its first stdout line opened with the real
// serialport package, then SIGTERM/SIGINT ends it cleanly.
import { execFileSync, spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { lstat, readlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SIM7600G_H_IDENTITY } from '../../../src-main/twin/state.js';
import { SerialClient } from './serial-client.js';

const BUILT = 'dist/main/cli/commands/twin.js';


const children: ChildProcessWithoutNullStreams[] = [];
const clients: SerialClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) await c.close();
  // SIGTERM first, so a twin left running by a failed test still removes its link and temp dir.
  for (const child of children.splice(0)) {
    if (child.exitCode !== null || child.signalCode !== null) continue;
    const gone = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
    await gone;
    clearTimeout(timer);
  }
});

function startTwin(args: string[]): { child: ChildProcessWithoutNullStreams; lines: AsyncIterator<string>; exit: Promise<number | null> } {
  const child = spawn(process.execPath, ['bin/simhat.js', 'twin', ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  children.push(child);
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  return { child, lines, exit };
}

async function firstLine(lines: AsyncIterator<string>): Promise<string> {
  const r = await lines.next();
  if (r.done) throw new Error('simhat twin printed nothing');
  return r.value;
}

/**
 * The answer without the boot URCs that came before its echo. The bin's twin boots with the
 * default timings (RDY 300 ms after the port appears, the SIM's URCs at 1.5 s); on a loaded
 * machine they arrive while the test talks, as they would to any serial program. Only leading
 * ones are dropped: a URC inside an answer would still fail the comparison.
 */
function afterBootUrcs(answer: string): string {
  return answer.replace(/^(\r\n(RDY|\+CPIN: READY|SMS DONE|PB DONE)\r\n)+/, '');
}

function uniqueLink(): string {
  return join(tmpdir(), `simhat-twin-cli-${process.pid}-${randomBytes(4).toString('hex')}`);
}

describe('simhat twin', () => {
  // dist/ is built once before any test file runs (test/helpers/build-main-once.ts): rebuilding it
  // here would race the other files that run the bin in parallel.
  beforeAll(() => {
    expect(existsSync(BUILT)).toBe(true);
  });

  it('prints the --link path first; the twin answers ATI and AT+CGDCONT? there; SIGTERM ends it and removes the link', async () => {
    const link = uniqueLink();
    const { child, lines, exit } = startTwin(['--scenario', 'seed', '--link', link]);
    expect(await firstLine(lines)).toBe(link);
    expect(await readlink(link)).toMatch(/^\/dev\/pts\/\d+$/);
    const c = await SerialClient.open(link);
    clients.push(c);
    // Within the boot's SIM busy window the module already answers identification.
    expect(afterBootUrcs(await c.send('ATI'))).toBe(
      'ATI\r\r\nManufacturer: SIMCOM INCORPORATED\r\nModel: SIMCOM_SIM7600G-H\r\nRevision: SIM7600G_V2.0.2\r\n' +
        `IMEI: ${SIM7600G_H_IDENTITY.imei}\r\n+GCAP: +CGSM\r\n\r\nOK\r\n`,
    );
    expect(afterBootUrcs(await c.send('AT+CGDCONT?'))).toBe(
      'AT+CGDCONT?\r\r\n+CGDCONT: 1,"IP","","0.0.0.0",0,0,0,0\r\n' +
        '+CGDCONT: 2,"IPV4V6","ims","0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0",0,0,0,0\r\n' +
        '+CGDCONT: 3,"IPV4V6","","0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0",0,0,0,1\r\n\r\nOK\r\n',
    );
    await c.close();
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
    await expect(lstat(link)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('without --link prints a temp path, comes back after a PID switch with --reset-delay, and SIGINT removes its directory', async () => {
    const { child, lines, exit } = startTwin(['--scenario', 'fresh', '--reset-delay', '200']);
    const path = await firstLine(lines);
    expect(path.startsWith(tmpdir())).toBe(true);
    let c = await SerialClient.open(path);
    clients.push(c);
    expect(await c.send('AT+CUSBPIDSWITCH=9011,1,1')).toContain('\r\nOK\r\n');
    await c.gone();
    // The log says when the device is back; the same path then reaches the new PTY.
    for (;;) {
      const r = await lines.next();
      if (r.done) throw new Error('twin exited');
      if (r.value.startsWith('# back: USB 1e0e:9011')) break;
    }
    c = await SerialClient.open(path);
    clients.push(c);
    expect(await c.send('AT+CUSBPIDSWITCH?')).toContain('+CUSBPIDSWITCH: 9011');
    await c.close();
    child.kill('SIGINT');
    expect(await exit).toBe(0);
    expect(existsSync(dirname(path))).toBe(false);
  });

  it('--json prints a JSON line with the port first', async () => {
    const link = uniqueLink();
    const { child, lines, exit } = startTwin(['--scenario', 'good', '--link', link, '--json']);
    expect(JSON.parse(await firstLine(lines))).toMatchObject({ event: 'ready', port: link, pid: 9011, scenario: 'good' });
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
  });

  it.each([
    [['--scenario', 'bogus'], 'unknown scenario "bogus"'],
    [['--reset-delay', 'soon'], '--reset-delay must be a whole number'],
    [['--link', '/tmp/a,b'], '--link must be a path'],
  ])('refuses %j with exit 2', (args, message) => {
    const r = spawnSync(process.execPath, ['bin/simhat.js', 'twin', ...args], { encoding: 'utf8', timeout: 10_000 });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stdout).toBe('');
  });

  it('--help shows the scenarios', () => {
    const out = execFileSync(process.execPath, ['bin/simhat.js', 'twin', '--help'], { encoding: 'utf8' });
    for (const name of ['seed', 'fresh', 'good', 'no-sim', 'pin-locked', 'no-signal', 'denied']) expect(out).toContain(name);
  });
});
