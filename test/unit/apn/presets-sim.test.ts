// Presets bound to a SIM (issue 13): the decider remembers the APN that worked for a SIM (by a hash
// of its IMSI) in the user's presets file, on a real file system in a temp config dir.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { presetProblems } from '../../../src-main/core/apn/preset.js';
import { ApnPresetStore } from '../../../src-main/service/apn-presets.js';

const SIM = { imsiSha256: 'a'.repeat(64), imsiLast4: '4321' };
const OTHER = { imsiSha256: 'b'.repeat(64), imsiLast4: '4321' };
let dir: string;
let clock = 0;
const store = () => new ApnPresetStore({ dir, now: () => new Date(Date.UTC(2026, 0, 1, 0, 0, clock++)) });

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'simhat-presets-sim-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('SIM-bound presets', () => {
  it('stores the winner as "SIM ****1234" and finds it by the SIM', async () => {
    const p = await store().rememberForSim(SIM, { apn: 'PWG', ipType: 'IPV4V6', auth: 'none', carrierId: 'android/310-260/us-mobile', note: 'Worked for this SIM (US Mobile); stored by the APN decider.' });
    expect(p).toMatchObject({ name: 'SIM ****4321', apn: 'PWG', sim: SIM, carrierId: 'android/310-260/us-mobile' });
    expect((await store().forSim(SIM.imsiSha256)).map((x) => x.apn)).toEqual(['PWG']);
    expect(await store().forSim(OTHER.imsiSha256)).toEqual([]);
    // The file names no IMSI, only the hash and the last 4 digits.
    expect(await readFile(join(dir, 'apn-presets.json'), 'utf8')).toContain('"imsiLast4": "4321"');
  });

  it('a new winner for the same SIM replaces the old settings in the same preset', async () => {
    await store().rememberForSim(SIM, { apn: 'fast.t-mobile.com', ipType: 'IPV4V6', auth: 'pap', username: 'u', password: 'p' });
    const p = await store().rememberForSim(SIM, { apn: 'PWG', ipType: 'IP', auth: 'none' });
    const all = (await store().list()).presets;
    expect(all).toHaveLength(1);
    expect(p).toMatchObject({ name: 'SIM ****4321', apn: 'PWG', ipType: 'IP', auth: 'none' });
    expect(p.username).toBeUndefined();
    expect(p.password).toBeUndefined();
    expect(p.updatedAt > p.createdAt).toBe(true);
  });

  it('another SIM with the same last digits gets its own, numbered preset', async () => {
    await store().rememberForSim(SIM, { apn: 'a', ipType: 'IPV4V6', auth: 'none' });
    const q = await store().rememberForSim(OTHER, { apn: 'b', ipType: 'IPV4V6', auth: 'none' });
    expect(q.name).toBe('SIM ****4321 (2)');
  });

  it('validates the sim field and the Android carrier ids', () => {
    const base = { name: 'x', apn: 'a', ipType: 'IPV4V6', auth: 'none', createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z' };
    expect(presetProblems({ ...base, sim: SIM, carrierId: 'android/310-260/metropcs-260' })).toEqual([]);
    expect(presetProblems({ ...base, sim: { imsiSha256: 'x', imsiLast4: '1' } }).join()).toMatch(/sim:/);
    expect(presetProblems({ ...base, sim: { ...SIM, imsi: '310260123456789' } }).join()).toMatch(/sim:/);
    expect(presetProblems({ ...base, carrierId: 'android/310-260/../x' }).join()).toMatch(/carrierId/);
  });
});
