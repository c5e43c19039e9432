// The apply workflow's safety net (issue 5: "the next run still finds consistent contexts"):
// before the first write, the saved contexts and auth go to <config dir>/apn-journal/<IMEI>.json
// (atomic, mode 0600: it holds credentials). A run that ends normally (applied or restored)
// deletes it. If the port vanished mid-apply, the next run finds it and takes the saved state as
// the true "before", so a later failure restores what the user really had, and `simhat apn show`
// can tell that an apply was interrupted.
import { unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { SavedContext } from '../core/apn/apply-plan.js';
import { configDir } from '../platform/files/config-dir.js';
import { readJsonFile, writeJsonFile } from '../platform/files/json-file.js';

export interface JournalEntry {
  version: 1;
  imei: string;
  port: string;
  startedAt: string;
  /** The APN being applied when the journal was written. */
  applying: string;
  functionality: number;
  saved: SavedContext[];
}

export class ApplyJournal {
  readonly dir: string;

  constructor(options: { dir?: string } = {}) {
    this.dir = join(options.dir ?? configDir(), 'apn-journal');
  }

  private pathFor(imei: string): string {
    // The IMEI is digits (AT+CGSN); anything else is refused rather than used in a path.
    if (!/^[0-9A-Za-z]{1,32}$/.test(imei)) throw new Error(`unusable modem id for the journal: ${JSON.stringify(imei)}`);
    return join(this.dir, `${imei}.json`);
  }

  async read(imei: string): Promise<JournalEntry | undefined> {
    const r = await readJsonFile(this.pathFor(imei));
    if (r.kind !== 'ok') return undefined;
    const v = r.value as Partial<JournalEntry>;
    if (v.version !== 1 || v.imei !== imei || !Array.isArray(v.saved) || typeof v.functionality !== 'number') return undefined;
    const savedOk = v.saved.every((s) => typeof s === 'object' && s !== null && Number.isInteger((s as SavedContext).cid));
    return savedOk ? (v as JournalEntry) : undefined;
  }

  async write(entry: JournalEntry): Promise<void> {
    await writeJsonFile(this.pathFor(entry.imei), entry, { mode: 0o600 });
  }

  async clear(imei: string): Promise<void> {
    await unlink(this.pathFor(imei)).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'ENOENT') throw err;
    });
  }
}
