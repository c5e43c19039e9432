// The history database on real files (issue 11): migrations, retention by age and size, corrupt and
// newer-version files moved aside, a restart keeps the history, one writer per file, and a writer
// killed with SIGKILL in the middle of writing loses no committed row.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import sqlite from 'node-sqlite3-wasm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HistoryStore } from '../../../src-main/platform/history/store.js';
import { MIGRATIONS, SCHEMA_VERSION } from '../../../src-main/platform/history/schema.js';
import type { Sample } from '../../../src-main/core/history/types.js';
import { REPO } from '../../helpers/netns.js';

let dir: string;
let store: HistoryStore | undefined;
const logs: string[] = [];
const log = (l: string) => logs.push(l);
const DAY = 86_400_000;
const NOW = Date.UTC(2026, 11, 7, 12);

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'simhat-history-'));
  logs.length = 0;
});
afterEach(async () => {
  store?.close();
  store = undefined;
  await rm(dir, { recursive: true, force: true });
});

function sample(at: number, i = 0): Sample {
  return { at, rssi: -71, rsrp: -95.5, rsrq: -10, sinr: 12.5, tech: 'LTE', operator: 'Freedom Mobile', cellId: `0C1D4E${i}`, tac: '3A2B', online: i % 7 !== 0, latencyMs: 41.5, rxBytes: 123456789012, txBytes: 42 };
}

describe('history store', () => {
  it('creates a new database at the latest schema and reads back what it wrote', () => {
    const path = join(dir, 'sub', 'history.db');
    store = HistoryStore.open({ path, log, now: () => NOW });
    expect(store.schemaVersion).toBe(SCHEMA_VERSION);
    store.addSample(sample(NOW - 1000, 1));
    const id = store.addEvent({ kind: 'apn-change', at: NOW - 500, apn: 'internet.freedommobile.ca', cids: [1, 6] });
    expect(store.samples(NOW - 60_000)).toEqual([sample(NOW - 1000, 1)]);
    expect(store.events(NOW - 60_000)).toEqual([{ id, kind: 'apn-change', at: NOW - 500, apn: 'internet.freedommobile.ca', cids: [1, 6] }]);
    expect(store.events(NOW - 400)).toEqual([]);
  });

  it('migrates a version-1 database to the latest version, keeping its rows', () => {
    const path = join(dir, 'history.db');
    const db = new sqlite.Database(path);
    db.exec(MIGRATIONS[0]!.sql);
    db.exec('PRAGMA user_version = 1');
    db.run("INSERT INTO events (at, kind, data) VALUES (?, 'modem-reset', ?)", [NOW - 10, JSON.stringify({ reason: 'watchdog' })]);
    db.close();
    store = HistoryStore.open({ path, log, now: () => NOW });
    expect(store.schemaVersion).toBe(SCHEMA_VERSION);
    expect(store.events(0)).toMatchObject([{ kind: 'modem-reset', reason: 'watchdog', at: NOW - 10 }]);
    expect(logs).toContain('history: migrated to schema version 2 (index events by time)');
    store.close();
    const check = new sqlite.Database(path);
    expect(check.all("SELECT name FROM sqlite_master WHERE type = 'index' ORDER BY name").map((r) => r['name'])).toEqual(['events_at', 'samples_at']);
    check.close();
    store = undefined;
  });

  it('a restart keeps the history', () => {
    const path = join(dir, 'history.db');
    store = HistoryStore.open({ path, now: () => NOW });
    for (let i = 0; i < 50; i++) store.addSample(sample(NOW - i * 1000, i));
    store.addEvent({ kind: 'mode-switch', at: NOW, from: '9001', to: '9011' });
    store.close();
    store = HistoryStore.open({ path, now: () => NOW });
    expect(store.counts()).toEqual({ samples: 50, events: 1 });
    expect(store.samples(0)[0]).toEqual(sample(NOW - 49_000, 49));
  });

  it('retention: rows older than the retention days go, at open and hourly while writing', () => {
    const path = join(dir, 'history.db');
    let now = NOW;
    store = HistoryStore.open({ path, now: () => now, retentionDays: 30 });
    store.addSample(sample(NOW - 31 * DAY));
    store.addSample(sample(NOW - 29 * DAY));
    store.addEvent({ kind: 'port-vanished', at: NOW - 40 * DAY });
    store.addEvent({ kind: 'port-vanished', at: NOW - DAY });
    expect(store.counts()).toEqual({ samples: 2, events: 2 }); // no prune within the hour
    now += 3_600_000;
    store.addSample(sample(now));
    expect(store.counts()).toEqual({ samples: 2, events: 1 });
    expect(store.samples(0).map((s) => s.at)).toEqual([NOW - 29 * DAY, now]);
    store.close();
    now += 2 * DAY;
    store = HistoryStore.open({ path, now: () => now, retentionDays: 30 });
    expect(store.samples(0).map((s) => s.at)).toEqual([now - 2 * DAY]);
  });

  it('size cap: the oldest rows go until the used size is under the cap, and the file shrinks', () => {
    const path = join(dir, 'history.db');
    store = HistoryStore.open({ path, now: () => NOW, maxBytes: 200 * 1024 });
    const big = (i: number) => ({ ...sample(NOW - 100_000 + i, i), operator: 'o'.repeat(400) });
    for (let i = 0; i < 2000; i++) store.addSample(big(i));
    const before = store.usedBytes();
    expect(before).toBeGreaterThan(200 * 1024);
    const dropped = store.prune();
    expect(dropped.samples).toBeGreaterThan(0);
    expect(store.usedBytes()).toBeLessThanOrEqual(200 * 1024);
    const left = store.samples(0);
    // The newest survive, the oldest went.
    expect(left.at(-1)!.at).toBe(NOW - 100_000 + 1999);
    expect(left[0]!.at).toBe(NOW - 100_000 + dropped.samples);
  });

  it('a corrupt file is moved aside with a clear log line and a new history starts', () => {
    const path = join(dir, 'history.db');
    writeFileSync(path, 'this is not sqlite'.repeat(100));
    store = HistoryStore.open({ path, log, now: () => NOW });
    expect(store.counts()).toEqual({ samples: 0, events: 0 });
    const aside = readdirSync(dir).filter((f) => f.startsWith('history.db.corrupt-'));
    expect(aside).toEqual(['history.db.corrupt-20261207T120000Z']);
    expect(logs).toEqual([
      `history: ${path} is not a readable database (file is not a database): moved aside to ${join(dir, aside[0]!)}; starting a new history`,
    ]);
  });

  it('a damaged page is found by the integrity check and moved aside too', () => {
    const path = join(dir, 'history.db');
    store = HistoryStore.open({ path, now: () => NOW });
    for (let i = 0; i < 400; i++) store.addSample({ ...sample(NOW - i, i), operator: 'p'.repeat(300) });
    store.close();
    store = undefined;
    const bytes = readFileSync(path);
    bytes.fill(0xff, 4096 * 3, 4096 * 3 + 3000);
    writeFileSync(path, bytes);
    store = HistoryStore.open({ path, log, now: () => NOW });
    expect(store.counts().samples).toBe(0);
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatch(/is not a readable database \((database disk image is malformed|integrity check: [^\n]+)\): moved aside to .*history\.db\.corrupt-20261207T120000Z; starting a new history$/);
  });

  it('a database from a newer simhat is moved aside, not touched', () => {
    const path = join(dir, 'history.db');
    const db = new sqlite.Database(path);
    db.exec('CREATE TABLE future (x); PRAGMA user_version = 99');
    db.close();
    store = HistoryStore.open({ path, log, now: () => NOW });
    expect(store.schemaVersion).toBe(SCHEMA_VERSION);
    const aside = join(dir, 'history.db.v99-20261207T120000Z');
    expect(existsSync(aside)).toBe(true);
    expect(logs).toEqual([`history: ${path} has schema version 99, newer than this simhat's ${SCHEMA_VERSION}: moved aside to ${aside}; starting a new history`]);
    const old = new sqlite.Database(aside);
    expect(old.get('PRAGMA user_version')).toEqual({ user_version: 99 });
    old.close();
  });

  it('one writer per file: a second open in this process, or while a live process owns it, is refused', () => {
    const path = join(dir, 'history.db');
    store = HistoryStore.open({ path });
    expect(() => HistoryStore.open({ path })).toThrow(/already open in this process/);
    store.close();
    store = undefined;
    writeFileSync(`${path}.owner`, `${process.ppid}\n`); // a live process that is not us
    expect(() => HistoryStore.open({ path })).toThrow(`the history database ${path} is in use by process ${process.ppid}`);
  });

  it('kill -9 of a writer in the middle of writing loses no committed row; the next open cleans up and keeps them', async () => {
    const path = join(dir, 'history.db');
    let midWrite = 0;
    // Rounds until one kill landed inside a transaction (its lock or journal left behind), at most 6.
    for (let round = 0; round < 6 && midWrite === 0; round++) {
      const written = await writeThenKill(path, 200 + round * 37);
      const staleLock = existsSync(`${path}.lock`);
      if (staleLock || existsSync(`${path}-journal`)) midWrite += 1;
      logs.length = 0;
      store = HistoryStore.open({ path, log });
      if (staleLock) expect(logs).toContainEqual(expect.stringMatching(/^history: removed the stale lock of .* left by process \d+ that is gone$/));
      const storedSamples = new Set(store.samples(0).map((s) => s.cellId));
      const storedEvents = new Set(store.events(0).map((e) => e.id));
      expect(written.samples.filter((s) => !storedSamples.has(s))).toEqual([]);
      expect(written.events.filter((e) => !storedEvents.has(e))).toEqual([]);
      // The database is whole and writable again.
      // (Looked up by its id: the writer stamps rows start + i ms, so its last ones can be ahead of the clock.)
      const id = store.addEvent({ kind: 'modem-reset', at: Date.now(), reason: `after kill ${round}` });
      expect(store.events(0).find((e) => e.id === id)).toMatchObject({ kind: 'modem-reset', reason: `after kill ${round}` });
      store.close();
      store = undefined;
    }
    expect(midWrite).toBe(1);
  });
});

/** Runs the writer fixture, SIGKILLs it after `lines` committed writes, returns what it reported committed. */
async function writeThenKill(path: string, lines: number): Promise<{ samples: string[]; events: number[] }> {
  const storeUrl = pathToFileURL(join(REPO, 'dist/main/platform/history/store.js')).href;
  const child = spawn(process.execPath, [join(REPO, 'test/integration/history/fixtures/writer.mjs'), storeUrl, path], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      if (out.split('\n').length > lines) resolve();
    });
    child.on('exit', () => reject(new Error(`writer exited early: ${err}`)));
  });
  child.kill('SIGKILL');
  expect(await exited).toBe('SIGKILL');
  const done = out.split('\n').filter((l) => /^[se] \d+$/.test(l)); // a line cut by the kill promises nothing
  expect(done.length).toBeGreaterThanOrEqual(lines - 1);
  return { samples: done.filter((l) => l.startsWith('s ')).map((l) => l.slice(2)), events: done.filter((l) => l.startsWith('e ')).map((l) => Number(l.slice(2))) };
}

