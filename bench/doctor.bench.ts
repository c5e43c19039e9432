// `npm run bench:doctor` (issue 6): (1) the full doctor on the `good` twin over a real PTY through
// the real serialport, p50 of 20 runs, target <= 1 s (no network layer: the host checks and their
// configured waits are excluded); (2) the RNDIS switch on the twin (fresh, 9001 -> 9011) with the
// twin's default reset delay, target: done <= reset delay + 2 s. Exits 1 when a target is missed.
import os from 'node:os';
import { apnLookup } from '../src-main/service/apn-db.js';
import { runDoctor } from '../src-main/service/doctor.js';
import { serialEngineOpener } from '../src-main/compose/real-root.js';
import { switchMode, type ModeSwitchEvent } from '../src-main/service/mode-switch.js';
import { TwinPtyBinding } from '../src-main/twin/pty-binding.js';
import { DEFAULT_TIMINGS, Twin } from '../src-main/twin/twin.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 20);
const TARGET_DOCTOR_P50_MS = 1000;
const SWITCH_SLACK_MS = 2000;

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;

async function benchDoctor(): Promise<{ p50: number; p90: number; max: number; ok: boolean }> {
  const twin = new Twin({ scenario: 'good', start: 'ready' });
  const binding = await TwinPtyBinding.attach(twin);
  try {
    apnLookup(); // the database load is a one-off per process (bench:apn measures it)
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t0 = performance.now();
      const r = await runDoctor({ openEngine: serialEngineOpener, apn: apnLookup }, { port: binding.link, platform: 'linux' });
      times.push(performance.now() - t0);
      if (!r.ok) throw new Error(`doctor on the good twin failed: ${r.verdict?.checkId}: ${r.verdict?.summary}`);
    }
    times.sort((a, b) => a - b);
    const p50 = pct(times, 50);
    return { p50, p90: pct(times, 90), max: times.at(-1)!, ok: p50 <= TARGET_DOCTOR_P50_MS };
  } finally {
    await binding.close();
    twin.dispose();
  }
}

async function benchSwitch(): Promise<{ doneMs: number; resetDelayMs: number; steps: string; ok: boolean }> {
  const twin = new Twin({ scenario: 'fresh', start: 'ready' });
  const binding = await TwinPtyBinding.attach(twin);
  try {
    const steps: string[] = [];
    let sentAt = 0;
    const t0 = performance.now();
    const result = await switchMode({ openEngine: serialEngineOpener }, { port: binding.link, target: 'rndis', timeoutMs: 30_000 }, (e: ModeSwitchEvent) => {
      steps.push(`${e.step}${'afterMs' in e ? ` ${e.afterMs}` : ''}`);
      if (e.step === 'command-sent') sentAt = performance.now() - t0;
    });
    const doneMs = result.elapsedMs;
    if (twin.pid !== 9011) throw new Error(`the twin is in ${twin.pid}, not 9011`);
    return { doneMs, resetDelayMs: twin.timings.resetDelayMs, steps: `${steps.join(' | ')} (command sent at ${Math.round(sentAt)} ms)`, ok: doneMs <= twin.timings.resetDelayMs + SWITCH_SLACK_MS };
  } finally {
    await binding.close();
    twin.dispose();
  }
}

const d = await benchDoctor();
console.log(`doctor on the good twin over a PTY, ${RUNS} runs: p50 ${d.p50.toFixed(0)} ms, p90 ${d.p90.toFixed(0)} ms, max ${d.max.toFixed(0)} ms (target p50 <= ${TARGET_DOCTOR_P50_MS} ms): ${d.ok ? 'OK' : 'MISSED'}`);
const s = await benchSwitch();
console.log(`RNDIS switch 9001 -> 9011 on the twin (reset delay ${s.resetDelayMs} ms, default ${DEFAULT_TIMINGS.resetDelayMs}): done after ${s.doneMs} ms (target <= ${s.resetDelayMs + SWITCH_SLACK_MS} ms): ${s.ok ? 'OK' : 'MISSED'}`);
console.log(`  steps (ms since start): ${s.steps}`);
console.log(`  machine: ${os.cpus().length} CPUs, load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
process.exit(d.ok && s.ok ? 0 : 1);
