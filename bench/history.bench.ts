// bench:history — the history database at 30 days of samples (issue 11 bench:watch's "history
// insert/query times at 30 days of samples"): 86,400 samples (one per 30 s) and 2,000 events,
// then the store's open (integrity check + retention), one sample insert as the daemon does it
// (its own committed transaction), and the queries `simhat history` and the UI make.
// Usage: npm run bench:history [-- <inserts>]   (default 300)
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sqlite from 'node-sqlite3-wasm';
import { HistoryStore } from '../src-main/platform/history/store.js';
import { outages } from '../src-main/core/history/outages.js';

const inserts = Number(process.argv[2] ?? 300);
const DAY = 86_400_000;

function stats(xs: number[]): string {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number) => (s[Math.min(s.length - 1, Math.floor(s.length * p))] ?? NaN).toFixed(2);
  return `median ${q(0.5)} ms, p95 ${q(0.95)} ms, max ${q(1)} ms (n=${s.length})`;
}

function time<T>(fn: () => T): [T, number] {
  const t = performance.now();
  const r = fn();
  return [r, performance.now() - t];
}

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'simhat-bench-history-'));
  const path = join(dir, 'history.db');
  const now = Date.now();
  try {
    HistoryStore.open({ path }).close(); // schema
    // Bulk fill in one transaction (the daemon never does this; it only sets the scene).
    const db = new sqlite.Database(path);
    const [, fillMs] = time(() => {
      db.exec('BEGIN');
      for (let i = 0; i < 30 * 2880; i++) {
        db.run('INSERT INTO samples (at, rssi, rsrp, rsrq, sinr, tech, operator, cell_id, tac, online, latency_ms, rx_bytes, tx_bytes) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)', [
          now - 30 * DAY + i * 30_000, -71, -95, -10, 12, 'LTE', 'Freedom Mobile', '0C1D4E02', '3A2B', i % 500 === 0 ? 0 : 1, 40, i * 1000, i * 300,
        ]);
      }
      for (let i = 0; i < 2000; i++) db.run('INSERT INTO events (at, kind, data) VALUES (?, ?, ?)', [now - 30 * DAY + i * 1_296_000, 'state', JSON.stringify({ from: i % 2 ? 'recovering' : 'online', to: i % 2 ? 'online' : 'recovering' })]);
      db.exec('COMMIT');
    });
    db.close();
    console.log(`fill: 86,400 samples + 2,000 events in ${fillMs.toFixed(0)} ms; file ${((await stat(path)).size / 1e6).toFixed(1)} MB`);

    const [store, openMs] = time(() => HistoryStore.open({ path }));
    console.log(`open at 30 days (quick_check + retention): ${openMs.toFixed(0)} ms`);
    const insert: number[] = [];
    for (let i = 0; i < inserts; i++) {
      const [, ms] = time(() => store.addSample({ at: now + i, rssi: -70, rsrp: -95, rsrq: -10, sinr: 12, tech: 'LTE', operator: 'Freedom Mobile', cellId: '0C1D4E02', tac: '3A2B', online: true, latencyMs: 41, rxBytes: i, txBytes: i }));
      insert.push(ms);
    }
    console.log(`insert one sample (committed, fsync): ${stats(insert)}`);
    for (const [label, span] of [['1h', 3_600_000], ['24h', DAY], ['7d', 7 * DAY], ['30d', 30 * DAY]] as const) {
      const runs: number[] = [];
      let n = 0;
      for (let i = 0; i < 5; i++) {
        const [rows, ms] = time(() => {
          const samples = store.samples(now - span);
          const events = store.events(now - span);
          outages(events, samples, { from: now - span, to: now });
          return samples.length;
        });
        runs.push(ms);
        n = rows;
      }
      console.log(`query --since ${label} (${n} samples + events + outages): ${stats(runs)}`);
    }
    const mem = process.memoryUsage();
    console.log(`process RSS ${(mem.rss / 1e6).toFixed(0)} MB, heap used ${(mem.heapUsed / 1e6).toFixed(0)} MB`);
    store.close();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
