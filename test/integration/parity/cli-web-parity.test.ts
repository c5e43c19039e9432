// One application behind every face (issue 10): on the same twin scenarios, `simhat status --json`,
// `simhat doctor --json` and `simhat apn suggest --json` (the built CLI, in its own process) report the same
// facts as the web face's Api calls (a WebSocket client of `startWebServer` over the real-hardware
// composition, the twin on a real PTY opened by serialport): registration, AcT, SIM state, contexts, the
// verdict, the fix ids and the suggestions.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { ApnSuggestion, DoctorReport, ModemStatus, OperationEndEvent } from '../../../src-main/api/contract.js';
import { createRealEnv } from '../../../src-main/compose/real-root.js';
import { createService, type Service } from '../../../src-main/service/service.js';
import { SCENARIO_NAMES, type ScenarioName } from '../../../src-main/twin/scenarios.js';
import { startWebServer, type WebServer } from '../../../src-main/web/server.js';
import { runBin } from '../doctor/run-bin.js';
import { twinOnPty, type TwinOnPty } from '../doctor/twin-harness.js';

let staticDir: string;
let configDir: string;
let open: TwinOnPty | undefined;
let server: WebServer | undefined;
let service: Service | undefined;

beforeAll(() => {
  staticDir = mkdtempSync(join(tmpdir(), 'simhat-parity-'));
  configDir = mkdtempSync(join(tmpdir(), 'simhat-parity-cfg-'));
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>simhat</title>');
});
afterAll(() => {
  rmSync(staticDir, { recursive: true, force: true });
  rmSync(configDir, { recursive: true, force: true });
});
afterEach(async () => {
  await server?.close();
  await service?.close();
  await open?.close();
  server = undefined;
  service = undefined;
  open = undefined;
});

interface Facts {
  registration: string;
  rat: string | null;
  sim: string;
  contexts: { cid: number; type: string; apn: string }[];
  verdict: string | null;
  fixes: string[];
  suggestions: string[] | { error: string };
}

const contextsOf = (s: ModemStatus) => s.contexts.map((c) => ({ cid: c.cid, type: c.type, apn: c.apn }));
const fixesOf = (r: DoctorReport) => [...new Set(r.checks.filter((c) => c.status === 'fail' && c.fix).map((c) => c.fix!.id))];

async function cliFacts(port: string): Promise<Facts> {
  const env = { SIMHAT_CONFIG_DIR: configDir };
  const status = JSON.parse((await runBin(['status', '--port', port, '--json'], { env })).stdout) as ModemStatus;
  const doctor = JSON.parse((await runBin(['doctor', '--port', port, '--no-probes', '--json'], { env })).stdout) as DoctorReport;
  const s = await runBin(['apn', 'suggest', '--port', port, '--json'], { env });
  const sug = JSON.parse(s.stdout) as { candidates?: { id: string }[]; error?: { code: string } };
  return {
    registration: status.registration,
    rat: status.rat,
    sim: status.sim,
    contexts: contextsOf(status),
    verdict: doctor.verdict?.checkId ?? null,
    fixes: fixesOf(doctor),
    suggestions: sug.candidates ? sug.candidates.slice(0, 8).map((c) => c.id) : { error: sug.error?.code ?? 'unknown' },
  };
}

async function webFacts(port: string): Promise<Facts> {
  service = createService(createRealEnv({ version: 'test', configDir, identifyOnArrival: false }));
  server = await startWebServer({ staticDir, api: service });
  const ws = new WebSocket(`ws://127.0.0.1:${server.port}/api`, ['simhat.v1', `simhat.token.${server.token}`]);
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  let nextId = 1;
  const events: OperationEndEvent[] = [];
  ws.on('message', (data: WebSocket.RawData) => {
    const msg = JSON.parse(data.toString()) as { event?: OperationEndEvent };
    if (msg.event?.type === 'operation-end') events.push(msg.event);
  });
  const call = <T>(method: string, params: unknown) =>
    new Promise<{ result?: T; error?: { code: string } }>((resolve) => {
      const id = nextId++;
      const onMessage = (data: WebSocket.RawData) => {
        const msg = JSON.parse(data.toString()) as { id?: number; result?: T; error?: { code: string } };
        if (msg.id !== id) return;
        ws.off('message', onMessage);
        resolve(msg);
      };
      ws.on('message', onMessage);
      ws.send(JSON.stringify({ id, method, params }));
    });
  try {
    const modem = (await call<{ id: string }>('attachPort', { port })).result!;
    const status = (await call<ModemStatus>('getStatus', { modemId: modem.id })).result!;
    const op = (await call<{ opId: string }>('runDoctor', { modemId: modem.id, noProbes: true })).result!;
    const deadline = Date.now() + 20_000;
    while (!events.some((e) => e.opId === op.opId) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const doctor = events.find((e) => e.opId === op.opId)!.result as DoctorReport;
    const sug = await call<ApnSuggestion>('suggestApn', { modemId: modem.id });
    return {
      registration: status.registration,
      rat: status.rat,
      sim: status.sim,
      contexts: contextsOf(status),
      verdict: doctor.verdict?.checkId ?? null,
      fixes: fixesOf(doctor),
      suggestions: sug.result?.detail ? sug.result.detail.suggestion.candidates.slice(0, 8).map((c) => c.id) : { error: sug.error?.code ?? 'unknown' },
    };
  } finally {
    ws.close();
  }
}

describe('the CLI and the web face report the same facts (issue 10 parity)', () => {
  it('covers every scenario of the twin', () => {
    expect([...SCENARIO_NAMES].sort()).toEqual(['denied', 'fresh', 'good', 'no-signal', 'no-sim', 'pin-locked', 'seed']);
  });

  it.each(SCENARIO_NAMES as readonly ScenarioName[])('%s', async (scenario) => {
    open = await twinOnPty({ scenario });
    const cli = await cliFacts(open.port);
    const web = await webFacts(open.port);
    expect(web).toEqual(cli);
    // The facts themselves are real (not two empty answers agreeing).
    if (scenario === 'good') expect(cli).toMatchObject({ registration: 'home', rat: 'LTE', sim: 'ready', verdict: null });
    if (scenario === 'seed') expect(cli.fixes).toContain('apply-apn');
    if (scenario === 'no-sim') expect(cli.sim).toBe('not-inserted');
    if (scenario === 'pin-locked') expect(cli).toMatchObject({ sim: 'pin', verdict: 'sim.ready', fixes: ['enter-pin'] });
  }, 60_000);
});
