// bench:at — N `AT`→`OK` round trips over one real PTY against a minimal responder, once through
// the AtEngine (real serialport transport) and once through a bare serialport write/read loop on
// the same PTY, in one run. Target (issue 2): engine ≤ 1.2× bare.
// Rounds alternate bare/engine so machine load hits both alike. The ratio uses the best round of
// each (like Python's timeit: other processes only ever add time); medians are printed too.
import { SerialPort } from 'serialport';
import { openPty } from '../src-main/platform/serial/pty.js';
import { AtEngine } from '../src-main/core/at/engine.js';
import { openSerialTransport } from '../src-main/platform/serial/serialport-transport.js';

const N = Number(process.env.BENCH_N ?? 2000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const WARMUP = 100;

async function engineRun(path: string, n: number): Promise<number> {
  const engine = new AtEngine(openSerialTransport(path));
  await engine.open();
  for (let i = 0; i < WARMUP; i++) await engine.send('AT');
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    const r = await engine.send('AT');
    if (r.final.kind !== 'ok') throw new Error(`unexpected ${r.final.line}`);
  }
  const ms = performance.now() - t0;
  await engine.close();
  return ms;
}

async function bareRun(path: string, n: number): Promise<number> {
  const port = new SerialPort({ path, baudRate: 115200, autoOpen: false });
  await new Promise<void>((resolve, reject) => port.open((err) => (err ? reject(err) : resolve())));
  let buffer = '';
  let waiter: (() => void) | undefined;
  port.on('data', (chunk: Buffer) => {
    buffer += chunk.toString('latin1');
    if (waiter && buffer.includes('OK\r\n')) {
      buffer = '';
      const w = waiter;
      waiter = undefined;
      w();
    }
  });
  const roundTrip = () =>
    new Promise<void>((resolve) => {
      waiter = resolve;
      port.write('AT\r');
    });
  for (let i = 0; i < WARMUP; i++) await roundTrip();
  const t0 = performance.now();
  for (let i = 0; i < n; i++) await roundTrip();
  const ms = performance.now() - t0;
  await new Promise<void>((resolve) => port.close(() => resolve()));
  return ms;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

const pty = await openPty();
// Minimal responder: every CR-terminated command gets OK (echo off, like after ATE0).
pty.onData((chunk) => {
  for (const b of chunk) if (b === 0x0d) pty.write('\r\nOK\r\n');
});

try {
  const engineMs: number[] = [];
  const bareMs: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    bareMs.push(await bareRun(pty.slavePath, N));
    engineMs.push(await engineRun(pty.slavePath, N));
  }
  const e = Math.min(...engineMs);
  const b = Math.min(...bareMs);
  const ratio = e / b;
  const medianRatio = median(engineMs) / median(bareMs);
  const fmt = (ms: number) => `${ms.toFixed(1)} ms total, ${((ms / N) * 1000).toFixed(1)} µs per round trip, ${Math.round((N / ms) * 1000)} cmd/s`;
  console.log(`bench:at  N=${N} AT->OK round trips over ${pty.slavePath}, best of ${ROUNDS} alternating rounds`);
  console.log(`  bare serialport loop: ${fmt(b)}   (rounds: ${bareMs.map((x) => x.toFixed(0)).join(', ')} ms)`);
  console.log(`  AtEngine:             ${fmt(e)}   (rounds: ${engineMs.map((x) => x.toFixed(0)).join(', ')} ms)`);
  console.log(`  ratio engine/bare:    ${ratio.toFixed(3)}x best-of-rounds (target <= 1.2x: ${ratio <= 1.2 ? 'met' : 'NOT met'}); median ratio ${medianRatio.toFixed(3)}x`);
  process.exitCode = ratio <= 1.2 ? 0 : 1;
} finally {
  await pty.close();
}
