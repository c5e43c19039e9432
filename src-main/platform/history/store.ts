// The history database (issue 11): an SQLite file of samples and events, schema-versioned with
// migrations (./schema.ts), pruned by age and size, moved aside (never deleted) when corrupt or
// written by a newer simhat. One writer per file (./owner.ts); every write is its own committed
// transaction (journal_mode DELETE, synchronous FULL), so a SIGKILL loses no committed row.
//
// Library: node-sqlite3-wasm, SQLite compiled to WebAssembly with a file VFS on node:fs. Why: it
// runs unchanged under plain Node >= 20.19 and inside Electron on x64 and arm64 with nothing
// compiled or downloaded at install (an arm64 .deb is built on x64); better-sqlite3 compiles or
// fetches prebuilt binaries at install and v13 segfaults on Node 20, node:sqlite needs Node 22.5+,
// and sql.js keeps the database in memory (no durable file).
import { existsSync, mkdirSync, renameSync, rmSync, rmdirSync } from 'node:fs';
import { dirname } from 'node:path';
import sqlite from 'node-sqlite3-wasm';
import type { HistoryEvent, Sample } from '../../core/history/types.js';
import { claimOwnership, releaseOwnership } from './owner.js';
import { MIGRATIONS, SCHEMA_VERSION } from './schema.js';

type Db = InstanceType<typeof sqlite.Database>;
type Row = Record<string, unknown>;

export interface HistoryStoreOptions {
  path: string;
  /** Keep samples and events this many days; default 30. */
  retentionDays?: number;
  /** Keep the file's used pages under this many bytes by dropping the oldest rows; default 64 MiB. */
  maxBytes?: number;
  /** One line per notable thing (migration, file moved aside, stale lock removed). */
  log?: (line: string) => void;
  now?: () => number;
}

export const DEFAULT_RETENTION_DAYS = 30;
export const DEFAULT_MAX_BYTES = 64 * 1024 * 1024;
const DAY_MS = 86_400_000;
const PRUNE_EVERY_MS = 3_600_000;

const SAMPLE_COLUMNS = ['at', 'rssi', 'rsrp', 'rsrq', 'sinr', 'tech', 'operator', 'cell_id', 'tac', 'online', 'latency_ms', 'rx_bytes', 'tx_bytes'] as const;

/** Files in one process's hands: a second open of the same file would deadlock on the VFS lock. */
const openPaths = new Set<string>();

export class HistoryStore {
  readonly path: string;
  #retentionDays: number;
  #maxBytes: number;
  #db: Db;
  #log: (line: string) => void;
  #now: () => number;
  #lastPrune = 0;

  private constructor(db: Db, options: Required<Pick<HistoryStoreOptions, 'path' | 'retentionDays' | 'maxBytes' | 'log' | 'now'>>) {
    this.#db = db;
    this.path = options.path;
    this.#retentionDays = options.retentionDays;
    this.#maxBytes = options.maxBytes;
    this.#log = options.log;
    this.#now = options.now;
  }

  /** Opens (creating, migrating or replacing) the database at `options.path`. */
  static open(options: HistoryStoreOptions): HistoryStore {
    const path = options.path;
    if (openPaths.has(path)) throw new Error(`the history database ${path} is already open in this process`);
    const log = options.log ?? (() => {});
    mkdirSync(dirname(path), { recursive: true, mode: 0o750 });
    claimOwnership(path, log);
    let db: Db;
    try {
      db = openChecked(path, options.now ?? Date.now, log);
    } catch (err) {
      releaseOwnership(path);
      throw err;
    }
    openPaths.add(path);
    const store = new HistoryStore(db, {
      path,
      retentionDays: options.retentionDays ?? DEFAULT_RETENTION_DAYS,
      maxBytes: options.maxBytes ?? DEFAULT_MAX_BYTES,
      log,
      now: options.now ?? Date.now,
    });
    store.prune();
    return store;
  }

  /** Days samples and events are kept. */
  get retentionDays(): number {
    return this.#retentionDays;
  }

  /** The cap of the file's used pages, bytes. */
  get maxBytes(): number {
    return this.#maxBytes;
  }

  /**
   * New retention (the Settings screen, read by the daemon at start and on change, issue 11); prunes at once
   * when it shrank. Throws a RangeError, changing nothing, on a value that is not a positive number.
   */
  setRetention(r: { retentionDays?: number; maxBytes?: number }): void {
    for (const [name, v] of Object.entries(r)) {
      if (v !== undefined && (typeof v !== 'number' || !Number.isFinite(v) || v <= 0)) throw new RangeError(`history ${name} must be a positive number, got ${String(v)}`);
    }
    const shrank = (r.retentionDays ?? this.#retentionDays) < this.#retentionDays || (r.maxBytes ?? this.#maxBytes) < this.#maxBytes;
    if (r.retentionDays !== undefined) this.#retentionDays = r.retentionDays;
    if (r.maxBytes !== undefined) this.#maxBytes = r.maxBytes;
    if (shrank) this.prune();
  }

  get schemaVersion(): number {
    return userVersion(this.#db);
  }

  addSample(s: Sample): void {
    this.#db.run(
      `INSERT INTO samples (${SAMPLE_COLUMNS.join(', ')}) VALUES (${SAMPLE_COLUMNS.map(() => '?').join(', ')})`,
      [s.at, s.rssi, s.rsrp, s.rsrq, s.sinr, s.tech, s.operator, s.cellId, s.tac, s.online ? 1 : 0, s.latencyMs, s.rxBytes, s.txBytes],
    );
    this.#maybePrune();
  }

  /** Stores an event; returns its id. */
  addEvent(e: HistoryEvent): number {
    const { kind, at, ...data } = e;
    const r = this.#db.run('INSERT INTO events (at, kind, data) VALUES (?, ?, ?)', [at, kind, JSON.stringify(data)]);
    this.#maybePrune();
    return Number(r.lastInsertRowid);
  }

  samples(from: number, to = Number.MAX_SAFE_INTEGER): Sample[] {
    return this.#db.all(`SELECT ${SAMPLE_COLUMNS.join(', ')} FROM samples WHERE at >= ? AND at <= ? ORDER BY at, rowid`, [from, to]).map((r) => toSample(r as Row));
  }

  events(from: number, to = Number.MAX_SAFE_INTEGER): (HistoryEvent & { id: number })[] {
    return this.#db.all('SELECT id, at, kind, data FROM events WHERE at >= ? AND at <= ? ORDER BY at, id', [from, to]).map((r) => {
      const row = r as { id: number; at: number; kind: string; data: string };
      return { ...(JSON.parse(row.data) as object), id: row.id, at: row.at, kind: row.kind } as HistoryEvent & { id: number };
    });
  }

  counts(): { samples: number; events: number } {
    const n = (table: string) => Number((this.#db.get(`SELECT count(*) AS n FROM ${table}`) as { n: number }).n);
    return { samples: n('samples'), events: n('events') };
  }

  /** Bytes in use (pages not on the free list). */
  usedBytes(): number {
    const p = (name: string) => Number(Object.values(this.#db.get(`PRAGMA ${name}`) as Row)[0]);
    return (p('page_count') - p('freelist_count')) * p('page_size');
  }

  /** Drops rows older than the retention, then the oldest until under the size cap. */
  prune(): { samples: number; events: number } {
    this.#lastPrune = this.#now();
    const cutoff = this.#now() - this.retentionDays * DAY_MS;
    let samples = this.#db.run('DELETE FROM samples WHERE at < ?', cutoff).changes;
    let events = this.#db.run('DELETE FROM events WHERE at < ?', cutoff).changes;
    while (this.usedBytes() > this.maxBytes) {
      const { samples: ns, events: ne } = this.counts();
      if (ns === 0 && ne === 0) break;
      // A tenth of the oldest at a time: a few rounds at most, each one committed.
      if (ns > 0) samples += this.#db.run('DELETE FROM samples WHERE rowid IN (SELECT rowid FROM samples ORDER BY at LIMIT ?)', Math.max(50, Math.ceil(ns / 10))).changes;
      else events += this.#db.run('DELETE FROM events WHERE id IN (SELECT id FROM events ORDER BY at LIMIT ?)', Math.max(50, Math.ceil(ne / 10))).changes;
      this.#db.exec('PRAGMA incremental_vacuum');
    }
    if (samples + events > 0) this.#db.exec('PRAGMA incremental_vacuum');
    return { samples, events };
  }

  close(): void {
    if (!this.#db.isOpen) return;
    this.#db.close();
    openPaths.delete(this.path);
    releaseOwnership(this.path);
  }

  #maybePrune(): void {
    if (this.#now() - this.#lastPrune >= PRUNE_EVERY_MS) this.prune();
  }
}

function userVersion(db: Db): number {
  return Number((db.get('PRAGMA user_version') as { user_version: number }).user_version);
}

function stamp(now: number): string {
  return new Date(now).toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
}

/** Renames the file (and its journal) out of the way; returns the new name. */
function moveAside(path: string, tag: string, now: number): string {
  const aside = `${path}.${tag}-${stamp(now)}`;
  renameSync(path, aside);
  if (existsSync(`${path}-journal`)) renameSync(`${path}-journal`, `${aside}-journal`);
  if (existsSync(`${path}.lock`)) rmdirSync(`${path}.lock`);
  return aside;
}

/** Opens the file, replacing a corrupt or newer one with a fresh database, and migrates it. */
function openChecked(path: string, now: () => number, log: (line: string) => void): Db {
  let db: Db | undefined;
  try {
    db = new sqlite.Database(path);
    const check = db.all('PRAGMA quick_check') as Row[];
    const verdict = String(Object.values(check[0] ?? {})[0] ?? '');
    if (verdict !== 'ok') throw new Error(`integrity check: ${verdict.replace(/\s*\n\s*/g, '; ')}`);
    const version = userVersion(db);
    if (version > SCHEMA_VERSION) {
      db.close();
      const aside = moveAside(path, `v${version}`, now());
      log(`history: ${path} has schema version ${version}, newer than this simhat's ${SCHEMA_VERSION}: moved aside to ${aside}; starting a new history`);
      db = new sqlite.Database(path);
    }
  } catch (err) {
    if (db?.isOpen) db.close();
    // Only damage is moved aside; a file we may not read (EACCES...) is the caller's to fix.
    if (!existsSync(path) || !/not a database|malformed|integrity check|corrupt/i.test((err as Error).message)) throw err;
    const aside = moveAside(path, 'corrupt', now());
    log(`history: ${path} is not a readable database (${(err as Error).message}): moved aside to ${aside}; starting a new history`);
    rmSync(`${path}-journal`, { force: true });
    db = new sqlite.Database(path);
  }
  migrate(db, log);
  return db;
}

function migrate(db: Db, log: (line: string) => void): void {
  const from = userVersion(db);
  // auto_vacuum only takes effect before the first table: set it on a new file so prune() can
  // hand freed pages back to the file system (size cap) without a full VACUUM.
  if (from === 0) db.exec('PRAGMA auto_vacuum = INCREMENTAL');
  for (const m of MIGRATIONS.filter((x) => x.version > from)) {
    db.exec('BEGIN IMMEDIATE');
    try {
      db.exec(m.sql);
      db.exec(`PRAGMA user_version = ${m.version}`);
      db.exec('COMMIT');
    } catch (err) {
      if (db.inTransaction) db.exec('ROLLBACK');
      throw err;
    }
    if (from > 0) log(`history: migrated to schema version ${m.version} (${m.summary})`);
  }
}

function toSample(r: Row): Sample {
  const n = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  const t = (v: unknown) => (v === null || v === undefined ? null : String(v));
  return {
    at: Number(r['at']),
    rssi: n(r['rssi']),
    rsrp: n(r['rsrp']),
    rsrq: n(r['rsrq']),
    sinr: n(r['sinr']),
    tech: t(r['tech']),
    operator: t(r['operator']),
    cellId: t(r['cell_id']),
    tac: t(r['tac']),
    online: Number(r['online']) === 1,
    latencyMs: n(r['latency_ms']),
    rxBytes: n(r['rx_bytes']),
    txBytes: n(r['tx_bytes']),
  };
}
