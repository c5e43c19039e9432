// User presets (issue 5): schema validation, the store on a real file system in a temp config
// dir, corrupt files moved aside with a message, import/export, atomic writes, config dir rules.
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { presetProblems, validatePresetsFile } from '../../../src-main/core/apn/preset.js';
import { writeFileAtomic } from '../../../src-main/platform/files/atomic-write.js';
import { configDir } from '../../../src-main/platform/files/config-dir.js';
import { ApnPresetStore, PresetError, PRESETS_FILE } from '../../../src-main/service/apn-presets.js';

const T = '2026-01-02T03:04:05.000Z';
const valid = { name: 'Work SIM', apn: 'internet.freedommobile.ca', ipType: 'IPV4V6', auth: 'none', createdAt: T, updatedAt: T };

describe('presetProblems (hand-written schema)', () => {
  it('accepts a complete preset', () => {
    expect(presetProblems(valid)).toEqual([]);
    expect(presetProblems({ ...valid, auth: 'chap', username: 'u', password: 'p', contexts: [1, 6], carrierId: 'us/t-mobile/0', note: 'x' })).toEqual([]);
  });

  it.each([
    ['not an object', 'x', /not an object/],
    ['empty name', { ...valid, name: '' }, /name/],
    ['name with surrounding spaces', { ...valid, name: ' a ' }, /name/],
    ['APN with a quote', { ...valid, apn: 'inter"net' }, /apn/],
    ['APN with a comma', { ...valid, apn: 'a,b' }, /apn/],
    ['APN with CR LF', { ...valid, apn: 'a\r\nAT+CFUN=0' }, /apn/],
    ['APN of 500 characters', { ...valid, apn: 'a'.repeat(500) }, /apn/],
    ['empty APN', { ...valid, apn: '' }, /apn/],
    ['unknown IP type', { ...valid, ipType: 'PPP' }, /ipType/],
    ['unknown auth', { ...valid, auth: 'kerberos' }, /auth/],
    ['PAP without credentials', { ...valid, auth: 'pap' }, /needs a user or a password/],
    ['user with a semicolon', { ...valid, auth: 'pap', username: 'a;b' }, /user/],
    ['password with a quote', { ...valid, auth: 'pap', password: 'a"b' }, /password/],
    ['password of 500 characters', { ...valid, auth: 'pap', password: 'p'.repeat(500) }, /password/],
    ['context 0', { ...valid, contexts: [0] }, /contexts/],
    ['context listed twice', { ...valid, contexts: [1, 1] }, /twice/],
    ['bad carrier id', { ...valid, carrierId: '../../etc' }, /carrierId/],
    ['bad date', { ...valid, createdAt: 'yesterday' }, /createdAt/],
    ['unknown field', { ...valid, colour: 'red' }, /unknown field "colour"/],
  ])('refuses %s', (_n, value, message) => {
    const problems = presetProblems(value);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.join('; ')).toMatch(message);
  });

  it('validatePresetsFile keeps the valid presets and reports each invalid one with its index', () => {
    const r = validatePresetsFile({ version: 1, presets: [valid, { ...valid, name: 'Bad', apn: 'a b' }, { ...valid }] });
    expect(r.unreadable).toBe(false);
    expect(r.presets.map((p) => p.name)).toEqual(['Work SIM']);
    expect(r.problems.map((p) => [p.index, p.name])).toEqual([
      [1, 'Bad'],
      [2, 'Work SIM'],
    ]);
    expect(r.problems[1]!.message).toMatch(/used by an earlier preset/);
  });

  it.each([
    [[1, 2], /not a JSON object/],
    [{ version: 2, presets: [] }, /unsupported version/],
    [{ version: 1 }, /not a list/],
  ])('validatePresetsFile marks %j unreadable', (value, message) => {
    const r = validatePresetsFile(value);
    expect(r.unreadable).toBe(true);
    expect(r.problems[0]!.message).toMatch(message);
  });
});

describe('ApnPresetStore on disk', () => {
  let dir: string;
  let store: ApnPresetStore;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'simhat-presets-'));
    store = new ApnPresetStore({ dir, now: () => new Date(T) });
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('starts empty without a file, then create / get / edit / delete round-trip through the file', async () => {
    expect(await store.load()).toEqual({ presets: [], warnings: [] });
    await store.create({ name: 'Freedom', apn: 'internet.freedommobile.ca', carrierId: 'ca/freedom-mobile/0' });
    await store.create({ name: 'Work', apn: 'corp.example', auth: 'chap', username: 'me', password: 'secret', contexts: [1, 6] });
    expect((await store.get('freedom')).apn).toBe('internet.freedommobile.ca');
    const onDisk = JSON.parse(await readFile(join(dir, PRESETS_FILE), 'utf8')) as { version: number; presets: { name: string }[] };
    expect(onDisk.version).toBe(1);
    expect(onDisk.presets.map((p) => p.name)).toEqual(['Freedom', 'Work']);
    // It can hold passwords: only the owner may read it.
    expect((await stat(join(dir, PRESETS_FILE))).mode & 0o777).toBe(0o600);

    const edited = await store.update('WORK', { apn: 'corp2.example', password: '' });
    expect(edited).toMatchObject({ name: 'Work', apn: 'corp2.example', username: 'me', auth: 'chap' });
    expect(edited.password).toBeUndefined();
    await store.update('Work', { name: 'Office' });
    expect((await store.load()).presets.map((p) => p.name)).toEqual(['Freedom', 'Office']);

    await store.remove('freedom');
    expect((await store.load()).presets.map((p) => p.name)).toEqual(['Office']);
  });

  it('refuses duplicates, unknown names and invalid values, and leaves the file as it was', async () => {
    await store.create({ name: 'A', apn: 'a.example' });
    const before = await readFile(store.path, 'utf8');
    await expect(store.create({ name: 'a', apn: 'b.example' })).rejects.toMatchObject({ code: 'exists' });
    await expect(store.update('nope', { apn: 'x' })).rejects.toMatchObject({ code: 'not-found' });
    await expect(store.remove('nope')).rejects.toBeInstanceOf(PresetError);
    await expect(store.create({ name: 'Evil', apn: 'x";AT+CFUN=0;"' })).rejects.toMatchObject({ code: 'invalid' });
    await expect(store.update('A', { username: 'a\r\nb', auth: 'pap' })).rejects.toMatchObject({ code: 'invalid' });
    expect(await readFile(store.path, 'utf8')).toBe(before);
  });

  it('a file that is not JSON is moved aside with a message naming the new path; presets start empty', async () => {
    await writeFile(store.path, '{"version":1,"presets":[{"name":"half', 'utf8');
    const r = await store.load();
    expect(r.presets).toEqual([]);
    expect(r.warnings).toHaveLength(1);
    const moved = /moved to (\S+) and/.exec(r.warnings[0]!)?.[1];
    expect(moved).toMatch(/apn-presets\.json\.corrupt-/);
    expect(await readFile(moved!, 'utf8')).toBe('{"version":1,"presets":[{"name":"half');
    await expect(stat(store.path)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('a file with the wrong shape is moved aside too', async () => {
    await writeFile(store.path, JSON.stringify({ version: 7, presets: [] }), 'utf8');
    const r = await store.load();
    expect(r.warnings[0]).toMatch(/unsupported version 7.*moved to/);
    expect((await readdir(dir)).some((f) => f.startsWith(`${PRESETS_FILE}.corrupt-`))).toBe(true);
  });

  it('a file with some invalid presets: original moved aside, valid ones kept and rewritten, each problem listed', async () => {
    const original = JSON.stringify({ version: 1, presets: [valid, { ...valid, name: 'Broken', apn: 'bad apn' }] });
    await writeFile(store.path, original, 'utf8');
    const r = await store.load();
    expect(r.presets.map((p) => p.name)).toEqual(['Work SIM']);
    expect(r.warnings.join('\n')).toMatch(/1 invalid preset/);
    expect(r.warnings.join('\n')).toMatch(/preset #2 "Broken": apn/);
    const moved = /moved to (\S+) and/.exec(r.warnings[0]!)?.[1];
    expect(await readFile(moved!, 'utf8')).toBe(original);
    // The rewritten file now loads clean.
    expect((await store.load()).warnings).toEqual([]);
  });

  it('export then import into another store; existing names are skipped unless --replace', async () => {
    await store.create({ name: 'One', apn: 'one.example' });
    await store.create({ name: 'Two', apn: 'two.example', auth: 'pap', username: 'u', password: 'p' });
    const file = join(dir, 'export.json');
    expect((await store.exportTo(file)).map((p) => p.name)).toEqual(['One', 'Two']);
    expect((await store.exportTo(join(dir, 'one.json'), ['one'])).map((p) => p.name)).toEqual(['One']);
    await expect(store.exportTo(join(dir, 'x.json'), ['nope'])).rejects.toMatchObject({ code: 'not-found' });

    const otherDir = await mkdtemp(join(tmpdir(), 'simhat-presets-b-'));
    try {
      const other = new ApnPresetStore({ dir: otherDir });
      await other.create({ name: 'Two', apn: 'old.example' });
      const r1 = await other.importFrom(file);
      expect(r1).toMatchObject({ added: ['One'], replaced: [] });
      expect(r1.skipped).toEqual([{ name: 'Two', reason: expect.stringMatching(/exists/) }]);
      expect((await other.get('Two')).apn).toBe('old.example');
      const r2 = await other.importFrom(file, { replace: true });
      expect(r2.replaced).toEqual(['One', 'Two']);
      expect((await other.get('Two')).apn).toBe('two.example');
    } finally {
      await rm(otherDir, { recursive: true, force: true });
    }
  });

  it('import reports invalid entries and refuses unreadable files without touching the store', async () => {
    const bad = join(dir, 'bad.json');
    await writeFile(bad, JSON.stringify({ version: 1, presets: [valid, { ...valid, name: 'Evil', apn: 'a;b' }] }));
    const r = await store.importFrom(bad);
    expect(r.added).toEqual(['Work SIM']);
    expect(r.skipped).toEqual([{ name: 'Evil', reason: expect.stringMatching(/apn/) }]);
    await writeFile(bad, 'not json');
    await expect(store.importFrom(bad)).rejects.toMatchObject({ code: 'unreadable' });
    expect(await readFile(bad, 'utf8')).toBe('not json');
    await expect(store.importFrom(join(dir, 'missing.json'))).rejects.toMatchObject({ code: 'not-found' });
  });
});

describe('writeFileAtomic', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'simhat-atomic-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('replaces the file, creates parent folders, sets the mode and leaves no temp file', async () => {
    const path = join(dir, 'a', 'b', 'f.json');
    await writeFileAtomic(path, 'one');
    await writeFileAtomic(path, 'two', { mode: 0o600 });
    expect(await readFile(path, 'utf8')).toBe('two');
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(await readdir(join(dir, 'a', 'b'))).toEqual(['f.json']);
  });

  it('a failed write leaves the old file untouched and no temp file', async () => {
    const path = join(dir, 'f');
    await writeFileAtomic(path, 'old');
    // The target is a folder: rename fails after the temp file was written.
    const folder = join(dir, 'sub');
    await writeFileAtomic(join(folder, 'x'), 'x');
    await expect(writeFileAtomic(folder, 'new')).rejects.toThrow();
    expect(await readFile(path, 'utf8')).toBe('old');
    expect((await readdir(dir)).sort()).toEqual(['f', 'sub']);
  });

  it('concurrent writers never produce a mixed file', async () => {
    const path = join(dir, 'race');
    const a = 'A'.repeat(200_000);
    const b = 'B'.repeat(200_000);
    await Promise.all([writeFileAtomic(path, a), writeFileAtomic(path, b), writeFileAtomic(path, a)]);
    const text = await readFile(path, 'utf8');
    expect(text === a || text === b).toBe(true);
  });
});

describe('configDir', () => {
  it.each([
    ['override wins', { SIMHAT_CONFIG_DIR: '/tmp/x', XDG_CONFIG_HOME: '/xdg' }, 'linux', '/tmp/x'],
    ['Linux XDG', { XDG_CONFIG_HOME: '/home/u/.cfg' }, 'linux', '/home/u/.cfg/simhat'],
    ['Linux default', {}, 'linux', '/home/u/.config/simhat'],
    ['Linux relative XDG is ignored (XDG spec)', { XDG_CONFIG_HOME: 'cfg' }, 'linux', '/home/u/.config/simhat'],
    ['macOS', {}, 'darwin', '/home/u/Library/Application Support/simhat'],
    ['Windows APPDATA', { APPDATA: 'C:\\Users\\u\\AppData\\Roaming' }, 'win32', 'C:\\Users\\u\\AppData\\Roaming\\simhat'],
  ] as const)('%s', (_n, env, platform, expected) => {
    expect(configDir(env as NodeJS.ProcessEnv, platform, '/home/u')).toBe(expected);
  });
});
