// Loads the generated APN database (resources/apn/apn-db.json) once per process and builds the
// lookup indexes (issue 5: load <= 50 ms, see bench/apn.bench.ts).
import { readFileSync } from 'node:fs';
import type { ApnDb } from '../core/apn/db-types.js';
import { ApnLookup } from '../core/apn/lookup.js';
import { resourcePath } from '../platform/files/resource-path.js';

let cached: ApnLookup | undefined;

export function apnDbPath(): string {
  return resourcePath('apn', 'apn-db.json');
}

/** Reads and indexes a database file (no cache: the benchmark and tests time this). */
export function loadApnLookupFrom(path: string): ApnLookup {
  const db = JSON.parse(readFileSync(path, 'utf8')) as ApnDb;
  return new ApnLookup(db);
}

/** The shipped database, loaded on first use. */
export function apnLookup(): ApnLookup {
  cached ??= loadApnLookupFrom(apnDbPath());
  return cached;
}
