// Faults injected at run time into `simhat twin` running in its own process (the PTY binding),
// through its control socket: what a serial program on the port sees, and the data-session events
// the netns harness follows.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { lstat } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { TwinControlClient, type TwinWatchEvent } from '../../../src-main/twin/control-client.js';
import { SerialClient } from './serial-client.js';

const children: ChildProcessWithoutNullStreams[] = [];
const clients: SerialClient[] = [];
const stops: (() => void)[] = [];
afterEach(async () => {
  for (const s of stops.splice(0)) s();
  for (const c of clients.splice(0)) await c.close();
  for (const child of children.splice(0)) {
    if (child.exitCode !== null || child.signalCode !== null) continue;
    const gone = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
    await gone;
    clearTimeout(timer);
  }
});

async function startTwin(extra: string[] = []): Promise<{ port: string; control: string; child: ChildProcessWithoutNullStreams }> {
  const link = join(tmpdir(), `simhat-twin-faults-${process.pid}-${randomBytes(4).toString('hex')}`);
  const child = spawn(process.execPath, ['bin/simhat.js', 'twin', '--scenario', 'good', '--link', link, '--reset-delay', '300', '--json', ...extra], { stdio: ['pipe', 'pipe', 'pipe'] });
  children.push(child);
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const first = await lines.next();
  if (first.done) throw new Error('simhat twin printed nothing');
  const ready = JSON.parse(first.value) as { port: string; control: string };
  return { port: ready.port, control: ready.control, child };
}

async function watch(control: TwinControlClient): Promise<TwinWatchEvent[]> {
  const events: TwinWatchEvent[] = [];
  stops.push(await control.watch((e) => events.push(e)));
  return events;
}

async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Opens the port once the PTY behind the link is back ('reappeared' comes a moment before the new PTY). */
async function reopen(port: string): Promise<SerialClient> {
  const deadline = Date.now() + 5000;
  for (;;) {
    try {
      return await SerialClient.open(port);
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}

const sessions = (events: TwinWatchEvent[]) => events.filter((e) => e.event === 'data-session').map((e) => e.up);

describe('simhat twin --control: faults at run time', () => {
  it('prints its control socket (0600, beside the link by default); status reports the data session', async () => {
    const { port, control } = await startTwin();
    expect(control).toBe(`${port}.control`);
    expect(((await lstat(control)).mode & 0o777).toString(8)).toBe('600');
    const client = new TwinControlClient(control);
    const status = await client.status();
    expect(status).toMatchObject({ present: true, pid: 9011, hung: false });
    // The bin's twin boots: the data session comes once it has registered.
    const events = await watch(client);
    await until(() => sessions(events).includes(true), 8000);
  });

  it('drop-data: the port sees +CGEV: NW PDN DEACT, the watcher sees the session go; a radio cycle brings it back', async () => {
    const { port, control } = await startTwin();
    const client = new TwinControlClient(control);
    const events = await watch(client);
    await until(() => sessions(events).at(-1) === true, 8000);
    const serial = await SerialClient.open(port);
    clients.push(serial);
    const status = await client.fault({ kind: 'drop-data' });
    expect(status.dataSession).toBe(false);
    await serial.waitFor(/\+CGEV: NW PDN DEACT 1\r\n/);
    await until(() => sessions(events).at(-1) === false);
    expect(await serial.send('AT+CGACT=1,1')).toContain('+CME ERROR: unspecified GPRS error');
    await serial.send('AT+CFUN=0');
    await serial.send('AT+CFUN=1');
    await until(() => sessions(events).at(-1) === true);
    expect((await client.status()).dataSession).toBe(true);
  });

  it('reboot: the port vanishes and comes back behind the same link with boot URCs', async () => {
    const { port, control } = await startTwin();
    const client = new TwinControlClient(control);
    const events = await watch(client);
    await until(() => sessions(events).at(-1) === true, 8000);
    let serial = await SerialClient.open(port);
    clients.push(serial);
    await client.fault({ kind: 'reboot' });
    await serial.gone();
    await until(() => events.some((e) => e.event === 'reappeared'));
    serial = await reopen(port);
    clients.push(serial);
    expect(await serial.send('AT', 5000)).toContain('OK');
    await until(() => sessions(events).at(-1) === true, 8000);
    expect(events.map((e) => e.event)).toContain('reset-start');
  });

  it('hang: the port stays but answers nothing until a reboot', async () => {
    const { port, control } = await startTwin();
    const client = new TwinControlClient(control);
    const events = await watch(client);
    await until(() => sessions(events).at(-1) === true, 8000);
    let serial = await SerialClient.open(port);
    clients.push(serial);
    await client.fault({ kind: 'hang' });
    await until(() => events.some((e) => e.event === 'hung'));
    await expect(serial.send('AT', 800)).rejects.toThrow(/no final result/);
    expect((await client.status()).hung).toBe(true);
    await client.fault({ kind: 'reboot' });
    await serial.gone();
    await until(() => events.some((e) => e.event === 'reappeared'));
    serial = await reopen(port);
    clients.push(serial);
    expect(await serial.send('AT', 5000)).toContain('OK');
  });

  it('lose-registration: the session goes and comes back by itself after the seconds given', async () => {
    const { control } = await startTwin();
    const client = new TwinControlClient(control);
    const events = await watch(client);
    await until(() => sessions(events).at(-1) === true, 8000);
    const status = await client.fault({ kind: 'lose-registration', seconds: 1 });
    expect(status).toMatchObject({ registration: 2, dataSession: false });
    await until(() => sessions(events).at(-1) === true, 5000);
    expect(events.filter((e) => e.event === 'registration').map((e) => e.stat)).toContain(1);
  });

  it('refuses malformed requests with a reason and stays up', async () => {
    const { control } = await startTwin();
    const ask = (line: string) =>
      new Promise<string>((resolve, reject) => {
        const s = connect(control);
        let buf = '';
        s.on('connect', () => s.write(line));
        s.on('data', (c) => {
          buf += c.toString();
          if (buf.includes('\n')) {
            s.end();
            resolve(buf.trim());
          }
        });
        s.on('error', reject);
      });
    expect(JSON.parse(await ask('hello\n'))).toEqual({ ok: false, error: 'not JSON' });
    expect(JSON.parse(await ask('{"op":"format-disk"}\n'))).toEqual({ ok: false, error: 'unknown op "format-disk" (status, fault, watch)' });
    expect(JSON.parse(await ask('{"op":"fault","fault":"lose-registration","seconds":-1}\n')).error).toMatch(/needs "seconds"/);
    await expect(new TwinControlClient(control).status()).resolves.toMatchObject({ present: true });
  });
});
