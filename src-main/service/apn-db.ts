// Loads the generated APN tables once per process and builds their lookup indexes: MBPI
// (resources/apn/apn-db.json, issue 5) and Android's carrier list (resources/apn/apn-android.json,
// issue 13). Load <= 50 ms for both (see bench/apn.bench.ts).
import { readFileSync } from 'node:fs';
import { AndroidApnTable } from '../core/apn/android-table.js';
import type { AndroidApnDb } from '../core/apn/android-types.js';
import type { ApnDb } from '../core/apn/db-types.js';
import { ApnLookup } from '../core/apn/lookup.js';
import type { RankSources } from '../core/apn/rank.js';
import { resourcePath } from '../platform/files/resource-path.js';

let cached: ApnLookup | undefined;
let cachedAndroid: AndroidApnTable | undefined;

export function apnDbPath(): string {
  return resourcePath('apn', 'apn-db.json');
}

export function androidApnPath(): string {
  return resourcePath('apn', 'apn-android.json');
}

/** Reads and indexes a database file (no cache: the benchmark and tests time this). */
export function loadApnLookupFrom(path: string): ApnLookup {
  const db = JSON.parse(readFileSync(path, 'utf8')) as ApnDb;
  return new ApnLookup(db);
}

/** Reads and indexes an Android table file (no cache). */
export function loadAndroidTableFrom(path: string): AndroidApnTable {
  return new AndroidApnTable(JSON.parse(readFileSync(path, 'utf8')) as AndroidApnDb);
}

/** The shipped database, loaded on first use. */
export function apnLookup(): ApnLookup {
  cached ??= loadApnLookupFrom(apnDbPath());
  return cached;
}

/** The shipped Android table, loaded on first use. */
export function androidApnTable(): AndroidApnTable {
  cachedAndroid ??= loadAndroidTableFrom(androidApnPath());
  return cachedAndroid;
}

/** Both tables, what the APN decider ranks from (service/apn-decider.ts). */
export function apnSources(): RankSources {
  return { mbpi: apnLookup(), android: androidApnTable() };
}

/**
 * The decider's sources over a given MBPI loader (the environment's `apn`, which tests may swap) and
 * the shipped Android table: what connect, the doctor and the Api rank from.
 */
export function rankSourcesWith(mbpi: () => ApnLookup): () => RankSources {
  return () => ({ mbpi: mbpi(), android: androidApnTable() });
}
