// `simhat status` and `simhat at` text at 80 columns as golden files (issue 14 item 9): the renderers fed
// the Api's real answers (the twin on a PTY, through the in-process service), and the built bin on a pipe
// (the same text, no colour) and on a pseudo-terminal (colour, same words).
import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AtExchange, ModemStatus } from '../../../src-main/api/contract.js';
import { modemFor, openApi, type CliApi } from '../../../src-main/cli/api-session.js';
import { renderExchange } from '../../../src-main/cli/render-at.js';
import { renderStatus } from '../../../src-main/cli/render-status.js';
import { stripAnsi, styleFor } from '../../../src-main/cli/terminal-style.js';
import { SCENARIO_NAMES, type ScenarioName } from '../../../src-main/twin/scenarios.js';
import { TwinPtyBinding } from '../../../src-main/twin/pty-binding.js';
import { TEST_TIMINGS, Twin } from '../../../src-main/twin/twin.js';
import { runBin } from '../doctor/run-bin.js';
import { runOnPty } from './pty-bin.js';

const ESC = '\x1b[';
let dir: string;
const twins = new Map<ScenarioName, { twin: Twin; binding: TwinPtyBinding }>();

beforeAll(async () => {
  dir = await mkdtemp('/tmp/simhat-golden-');
  for (const scenario of SCENARIO_NAMES) {
    const twin = new Twin({ scenario, start: 'ready', timings: TEST_TIMINGS });
    twins.set(scenario, { twin, binding: await TwinPtyBinding.attach(twin, { link: join(dir, scenario.slice(0, 7).padEnd(7, '_')) }) });
  }
});

afterAll(async () => {
  for (const { twin, binding } of twins.values()) {
    await binding.close();
    twin.dispose();
  }
  await rm(dir, { recursive: true, force: true });
});

const portOf = (s: ScenarioName) => twins.get(s)!.binding.link;
const golden = (name: string) => join(import.meta.dirname, 'golden', name);
const widest = (text: string) => Math.max(...stripAnsi(text).split('\n').map((l) => [...l].length));
const words = (t: string) => stripAnsi(t).split(/\s+/).filter(Boolean);

/** The in-process service holds the ports it attached: closed before a bin opens them. */
async function withApi<T>(fn: (c: CliApi) => Promise<T>): Promise<T> {
  const c = await openApi();
  try {
    return await fn(c);
  } finally {
    await c.close();
  }
}

describe('status', () => {
  it.each(SCENARIO_NAMES)('%s: the renderer on the Api status, 80 columns, no colour', async (scenario) => {
    const [s, connection] = await withApi(async ({ api }) => [await api.getStatus({ modemId: (await modemFor(api, { port: portOf(scenario) }))! }), await api.getConnection({})] as const);
    const text = renderStatus({ ...s, port: '/dev/ttyUSB2' } satisfies ModemStatus, undefined, connection);
    expect(widest(text)).toBeLessThanOrEqual(80);
    expect(text).not.toContain(ESC);
    await expect(text).toMatchFileSnapshot(golden(`status-${scenario}.txt`));
  });

  it('the bin on a pipe prints the renderer\'s text; on a terminal the same words in colour', async () => {
    const pipe = await runBin(['status', '--port', portOf('seed')]);
    expect(pipe.code).toBe(0);
    await expect(pipe.stdout.replace(portOf('seed'), '/dev/ttyUSB2')).toMatchFileSnapshot(golden('status-seed.bin.txt'));
    const tty = await runOnPty(['status', '--port', portOf('seed')], { cols: 80 });
    expect(tty.code).toBe(0);
    expect(tty.output).toMatch(/\x1b\[32mready\x1b\[39m/);
    expect(tty.output).toMatch(/\x1b\[33m\(empty\)\x1b\[39m/);
    expect(widest(tty.output)).toBeLessThanOrEqual(80);
    expect(words(tty.output)).toEqual(words(pipe.stdout));
  });

  it('a port that cannot be opened: the problem on a line of its own, wrapped at 80 (exit 2)', async () => {
    const r = await runBin(['status', '--port', '/dev/simhat-no-such-port']);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/^Port: {10}\/dev\/simhat-no-such-port\nProblem: {7}.*no such port/);
    expect(r.stdout).not.toMatch(/\)\.\)/);
    expect(widest(r.stdout)).toBeLessThanOrEqual(80);
  });

  it('no-sim: the SIM and registration in words and red on a terminal', async () => {
    const tty = await runOnPty(['status', '--port', portOf('no-sim')], { cols: 80 });
    expect(tty.output).toMatch(/SIM: +\x1b\[31mnot inserted\x1b\[39m/);
    expect(tty.output).toMatch(/Registration: +\x1b\[31mnot searching\x1b\[39m/);
  });
});

describe('at', () => {
  const COMMANDS = ['ATI', 'AT+CGDCONT?', 'AT+CPIN?', 'AT+CSQ'];

  it.each(['good', 'pin-locked'] as const)('%s: the renderer on the Api exchanges, the modem lines as sent', async (scenario) => {
    const exchanges = await withApi(async ({ api }) => {
      const modemId = (await modemFor(api, { port: portOf(scenario) }))!;
      const out: AtExchange[] = [];
      for (const command of COMMANDS) out.push(await api.atSend({ modemId, command }));
      return out;
    });
    const text = exchanges.map((r) => renderExchange(r)).join('');
    expect(text).not.toContain(ESC);
    await expect(text).toMatchFileSnapshot(golden(`at-${scenario}.txt`));
    // The bin prints exactly that on a pipe.
    const bin = await runBin(['at', '--port', portOf(scenario), ...COMMANDS]);
    expect(bin.stdout).toBe(text);
  });

  it('on a terminal: OK in green, an error in red, the lines themselves untouched', async () => {
    const ok = await runOnPty(['at', '--port', portOf('good'), 'AT+CSQ'], { cols: 80 });
    expect(ok.code).toBe(0);
    expect(ok.output).toMatch(/^\+CSQ: \d+,\d+\n\x1b\[32mOK\x1b\[39m\n$/);
    const err = await runOnPty(['at', '--port', portOf('pin-locked'), 'AT+CIMI'], { cols: 80 });
    expect(err.code).toBe(1);
    expect(err.output).toMatch(/\x1b\[31m\+CME ERROR: SIM PIN required\x1b\[39m/);
    const plain = await runOnPty(['at', '--port', portOf('good'), 'AT+CSQ'], { cols: 80, env: { NO_COLOR: '1' } });
    expect(plain.output).toMatch(/^\+CSQ: \d+,\d+\nOK\n$/);
  });

  it('the renderer paints only the final line when told it is a terminal', () => {
    const r: AtExchange = { command: 'AT', lines: ['x'], final: 'OK', ok: true, elapsedMs: 1, at: 0 };
    expect(renderExchange(r, styleFor({ isTTY: true, columns: 80 }, {}))).toBe('x\n\x1b[32mOK\x1b[39m\n');
  });
});
