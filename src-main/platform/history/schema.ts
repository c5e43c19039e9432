// The history database's schema, versioned with PRAGMA user_version: migration N takes a
// database from version N-1 to N, inside one transaction. Never edit a shipped migration; add one.

export interface Migration {
  version: number;
  /** What it adds, for the log line. */
  summary: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    summary: 'samples and events',
    sql: `
      CREATE TABLE samples (
        at INTEGER NOT NULL,
        rssi INTEGER, rsrp REAL, rsrq REAL, sinr REAL,
        tech TEXT, operator TEXT, cell_id TEXT, tac TEXT,
        online INTEGER NOT NULL,
        latency_ms REAL,
        rx_bytes INTEGER, tx_bytes INTEGER
      );
      CREATE INDEX samples_at ON samples(at);
      CREATE TABLE events (
        id INTEGER PRIMARY KEY,
        at INTEGER NOT NULL,
        kind TEXT NOT NULL,
        data TEXT NOT NULL
      );`,
  },
  {
    // The UI and `simhat history --since` read events by time window, and retention deletes by
    // time: without this index both scan the whole table (v1 only indexed samples).
    version: 2,
    summary: 'index events by time',
    sql: `CREATE INDEX events_at ON events(at);`,
  },
];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;
