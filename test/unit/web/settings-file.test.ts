// Issue 15 (Low, Files), performed on real files: a FIFO, a device, a link to /dev/zero, a huge file and
// unparsable JSON in place of settings.json; temp files of a writer killed mid-write.
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readJsonFile, readRegularFile } from '../../../src-main/platform/files/json-file.js';
import { loadSettings, saveSettings } from '../../../src-main/platform/files/settings-store.js';
import { cleanStaleTemps } from '../../../src-main/platform/files/stale-temps.js';
import { REPO } from '../../helpers/netns.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'simhat-files-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const settingsPath = () => join(dir, 'settings.json');
const NOW = () => new Date('2026-01-02T03:04:05.678Z');

async function quickly<T>(p: Promise<T>, ms = 2000): Promise<T> {
  return Promise.race([p, new Promise<never>((_r, reject) => setTimeout(() => reject(new Error(`blocked for ${ms} ms`)), ms))]);
}

describe('readRegularFile never blocks and never reads past its cap', () => {
  it.each<[string, () => void, RegExp]>([
    ['a FIFO without a writer', () => execFileSync('mkfifo', [settingsPath()]), /a FIFO, not a regular file/],
    ['a link to /dev/zero', () => symlinkSync('/dev/zero', settingsPath()), /a character device, not a regular file/],
    ['a link to /dev/urandom', () => symlinkSync('/dev/urandom', settingsPath()), /character device/],
    ['a link to a tty', () => symlinkSync('/dev/tty', settingsPath()), /character device/],
    ['a folder', () => mkdirSync(settingsPath()), /a folder/],
    ['a link loop', () => symlinkSync(settingsPath(), settingsPath()), /loop/],
    ['2 MB of JSON', () => writeFileSync(settingsPath(), JSON.stringify({ dnsName: 'x'.repeat(2 * 1024 * 1024) })), /more than the 1048576 bytes/],
  ])('%s is unusable', async (_name, make, reason) => {
    make();
    const before = process.memoryUsage().arrayBuffers;
    const r = await quickly(readRegularFile(settingsPath()));
    expect(r).toEqual({ kind: 'unusable', reason: expect.stringMatching(reason) });
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(4 * 1024 * 1024);
  });

  it('a regular file, or a link to one, is read', async () => {
    writeFileSync(join(dir, 'real.json'), '{"theme":"dark"}');
    symlinkSync(join(dir, 'real.json'), settingsPath());
    expect(await readRegularFile(settingsPath())).toEqual({ kind: 'ok', text: '{"theme":"dark"}' });
    expect(await readJsonFile(join(dir, 'nope.json'))).toEqual({ kind: 'missing' });
  });
});

describe('loadSettings', () => {
  it.each<[string, () => void, RegExp]>([
    ['unparsable JSON', () => writeFileSync(settingsPath(), '{"policy":"primary",'), /is not usable \(.*JSON.*\)/],
    ['null', () => writeFileSync(settingsPath(), 'null'), /does not hold a JSON object/],
    ['a list', () => writeFileSync(settingsPath(), '["primary"]'), /does not hold a JSON object/],
    ['a FIFO', () => execFileSync('mkfifo', [settingsPath()]), /is not usable \(a FIFO, not a regular file\)/],
    ['a link to /dev/zero', () => symlinkSync('/dev/zero', settingsPath()), /is not usable \(a character device, not a regular file\)/],
  ])('%s: moved aside with a line saying where; the defaults apply; a save does not overwrite it', async (_name, make, why) => {
    make();
    const warnings: string[] = [];
    expect(await quickly(loadSettings(dir, { warn: (m) => warnings.push(m), now: NOW }))).toEqual({});
    const aside = join(dir, 'settings.json.corrupt-2026-01-02T03-04-05-678Z');
    expect(warnings).toEqual([expect.stringMatching(new RegExp(`^${settingsPath()} ${why.source}.*; it was moved to ${aside} and the defaults apply\\.$`))]);
    expect(readdirSync(dir)).toEqual(['settings.json.corrupt-2026-01-02T03-04-05-678Z']);
    await saveSettings(dir, { theme: 'dark' });
    expect(readdirSync(dir).sort()).toEqual(['settings.json', 'settings.json.corrupt-2026-01-02T03-04-05-678Z']);
    expect(await loadSettings(dir, { warn: (m) => warnings.push(m) })).toEqual({ theme: 'dark' });
    expect(warnings).toHaveLength(1);
  });

  it('keys of the prototype never come from the file', async () => {
    writeFileSync(settingsPath(), '{"__proto__":{"policy":"primary"},"constructor":{"policy":"primary"},"theme":"light"}');
    const s = await loadSettings(dir, { warn: () => {} });
    expect(s).toEqual({ theme: 'light' });
    expect(s.policy).toBeUndefined();
  });

  it('by default the line goes to stderr', async () => {
    writeFileSync(settingsPath(), 'not json');
    const r = spawnNode(`import('${join(REPO, 'dist/main/platform/files/settings-store.js')}').then((m) => m.loadSettings(${JSON.stringify(dir)}))`);
    expect(await r).toMatchObject({ code: 0, stderr: expect.stringMatching(/^simhat: .*settings\.json is not usable .* it was moved to .*settings\.json\.corrupt-.* and the defaults apply\.\n$/) });
  });
});

function spawnNode(code: string): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', code], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (c) => resolve({ code: c, stderr }));
  });
}

describe('stale temp files of killed writers', () => {
  it('a writer killed mid-write leaves a temp; the next start removes it and keeps the file', async () => {
    writeFileSync(settingsPath(), '{"theme":"dark"}\n');
    // A real writer (the built atomic writer) with a payload big enough to be caught mid-write.
    const writer = spawn(process.execPath, [
      '--input-type=module',
      '-e',
      `const { writeFileAtomic } = await import('${join(REPO, 'dist/main/platform/files/atomic-write.js')}');
       await writeFileAtomic(${JSON.stringify(settingsPath())}, Buffer.alloc(512 * 1024 * 1024, 32));`,
    ]);
    const temp = await new Promise<string>((resolve, reject) => {
      const timer = setInterval(() => {
        const t = readdirSync(dir).find((n) => n.endsWith('.tmp'));
        if (t) {
          clearInterval(timer);
          writer.kill('SIGKILL');
          resolve(t);
        }
      }, 2);
      writer.once('exit', () => {
        clearInterval(timer);
        reject(new Error('the writer finished before it was caught'));
      });
    });
    await new Promise((r) => writer.once('exit', r));
    expect(temp).toMatch(new RegExp(`^\\.settings\\.json\\.${writer.pid}\\.[0-9a-f]{8}\\.tmp$`));
    expect(readdirSync(dir)).toContain(temp);
    expect(await loadSettings(dir, { warn: () => {} })).toEqual({ theme: 'dark' });
    expect(readdirSync(dir)).toEqual(['settings.json']);
  }, 30_000);

  it('every atomic write first clears the stale temps of its own target (presets, journals, reports)', async () => {
    const { writeFileAtomic } = await import('../../../src-main/platform/files/atomic-write.js');
    const deadPresets = '.apn-presets.json.999999999.0badf00d.tmp';
    const deadSettings = '.settings.json.999999999.0badf00d.tmp';
    for (const n of [deadPresets, deadSettings]) writeFileSync(join(dir, n), 'half');
    await writeFileAtomic(join(dir, 'apn-presets.json'), '{}\n');
    expect(readdirSync(dir).sort()).toEqual([deadSettings, 'apn-presets.json'].sort());
  });

  it('keeps a live writer\'s fresh temp, removes one older than an hour, touches nothing else', async () => {
    const mine = `.settings.json.${process.pid}.0123abcd.tmp`;
    const old = `.settings.json.${process.pid}.89abcdef.tmp`;
    const dead = '.apn-presets.json.999999999.00000000.tmp';
    for (const n of [mine, old, dead, 'notes.tmp', '.settings.json.tmp', 'settings.json']) writeFileSync(join(dir, n), 'x');
    const hourAgo = (Date.now() - 2 * 3600_000) / 1000;
    utimesSync(join(dir, old), hourAgo, hourAgo);
    expect(await cleanStaleTemps(dir, { only: 'apn-presets.json' })).toEqual([join(dir, dead)]);
    expect(await cleanStaleTemps(dir)).toEqual([join(dir, old)]);
    expect(readdirSync(dir).sort()).toEqual(['.settings.json.tmp', mine, 'notes.tmp', 'settings.json'].sort());
    expect(readFileSync(join(dir, 'settings.json'), 'utf8')).toBe('x');
  });
});
