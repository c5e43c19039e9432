// The one memory of the last mode switch per modem (issue 10): persisted in the config folder, so a later
// CLI run, another face or an app restart can still revert it. Entries are matched by what survives a
// switch: the IMEI, else the USB port path, else the AT port given by hand.
import { join } from 'node:path';
import { readJsonFile, writeJsonFile } from '../platform/files/json-file.js';
import type { ModeSwitchResult } from './mode-switch.js';

export const MODE_MEMORY_FILE = 'last-mode-switch.json';
const KEEP = 16;

export interface ModeMemoryEntry {
  imei: string | null;
  usbPath: string | null;
  port: string;
  result: ModeSwitchResult;
  at: string;
}

interface MemoryFile {
  version: 1;
  entries: ModeMemoryEntry[];
}

export interface ModemKeys {
  imei?: string | null;
  usbPath?: string | null;
  port?: string | null;
}

function isResult(v: unknown): v is ModeSwitchResult {
  const r = v as ModeSwitchResult | null;
  return !!r && typeof r === 'object' && typeof r.port === 'string' && typeof r.target === 'string';
}

export class ModeMemory {
  private cache: ModeMemoryEntry[] | undefined;

  constructor(private readonly configDir: string | null) {}

  private get path(): string | null {
    return this.configDir ? join(this.configDir, MODE_MEMORY_FILE) : null;
  }

  private async load(): Promise<ModeMemoryEntry[]> {
    if (this.cache) return this.cache;
    const path = this.path;
    let entries: ModeMemoryEntry[] = [];
    if (path) {
      const r = await readJsonFile(path).catch(() => ({ kind: 'missing' as const }));
      if (r.kind === 'ok') {
        const v = r.value as Partial<MemoryFile> | ModeSwitchResult;
        // Round 1's CLI wrote the bare last result.
        if (isResult(v)) entries = [{ imei: null, usbPath: null, port: v.port, result: v, at: new Date(0).toISOString() }];
        else if (Array.isArray((v as Partial<MemoryFile>).entries)) entries = (v as MemoryFile).entries.filter((e) => e && isResult(e.result));
      }
    }
    this.cache = entries;
    return entries;
  }

  async remember(keys: ModemKeys, result: ModeSwitchResult): Promise<void> {
    const entries = (await this.load()).filter((e) => !matches(e, keys));
    entries.push({ imei: keys.imei ?? null, usbPath: keys.usbPath ?? null, port: result.port, result, at: new Date().toISOString() });
    this.cache = entries.slice(-KEEP);
    const path = this.path;
    if (path) await writeJsonFile(path, { version: 1, entries: this.cache } satisfies MemoryFile).catch(() => {});
  }

  /** The last switch of this modem; with no keys, the newest of any modem. */
  async last(keys?: ModemKeys): Promise<ModeMemoryEntry | undefined> {
    const entries = await this.load();
    if (!keys) return entries.at(-1);
    return [...entries].reverse().find((e) => matches(e, keys));
  }
}

function matches(e: ModeMemoryEntry, k: ModemKeys): boolean {
  if (k.imei && e.imei) return k.imei === e.imei;
  if (k.usbPath && e.usbPath) return k.usbPath === e.usbPath;
  return !!k.port && k.port === e.port;
}
