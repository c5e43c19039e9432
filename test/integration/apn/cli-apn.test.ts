// `simhat apn` through the built bin (dist/, built by `npm install` via prepare), against the twin
// on a real PTY: the "done when" — suggest ranks the right carrier for the seed twin's IMSI,
// `apn set --carrier <that>` brings data up with both contexts set, a failing apply restores.
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { HOME_NETWORK } from '../../../src-main/twin/scenarios.js';
import { twinRig, type TwinRig } from './twin-pty.js';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

// Async on purpose: the twin answers from this process's event loop while the CLI runs.
function simhat(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['bin/simhat.js', 'apn', ...args], { env: { ...process.env, ...env }, timeout: 20_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 99) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

let rig: TwinRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

const contextsOf = (r: TwinRig) => Object.fromEntries([...r.twin.snapshot().nv.contexts.entries()].map(([cid, c]) => [cid, `${c.type} "${c.apn}"`]));

describe('simhat apn (built CLI)', () => {
  it('search finds carriers accent- and case-insensitively, as text and JSON', async () => {
    const text = await simhat(['search', 'freedom']);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('Freedom Mobile — Canada [302-490]');
    expect(text.stdout).toMatch(/ca\/freedom-mobile\/0\s+internet\.freedommobile\.ca\s+internet/);
    const json = await simhat(['search', 'VIDÉOTRON', '--json']);
    expect(JSON.parse(json.stdout).results[0].providerId).toBe('ca/videotron');
    expect((await simhat(['search'])).code).toBe(2);
    // MBPI's one APN that is not an APN (an URL) is listed but marked: simhat will not send it.
    expect((await simhat(['search', 'zain', 'bahrain'])).stdout).toMatch(/bh\/zain-bh\/2\s+http:\/\/172\.18\.83\.129 .*NOT USABLE \(apn:/);
  });

  it('suggest on the seed twin ranks Freedom Mobile (IMSI 302-490, a 3-digit MNC) first', async () => {
    rig = await twinRig();
    const json = await simhat(['suggest', '--port', rig.port, '--json']);
    expect(json.stderr).toBe('');
    expect(json.code).toBe(0);
    const out = JSON.parse(json.stdout) as { basis: string; roaming: boolean; candidates: { id: string; apn: { value: string } }[]; sim: { imsi: string } };
    expect(out.basis).toBe('imsi');
    expect(out.roaming).toBe(false);
    expect(out.candidates[0]).toMatchObject({ id: 'ca/freedom-mobile/0', apn: { value: HOME_NETWORK.apn } });
    expect(out.sim.imsi).toBe('302490*********'); // the MSIN is not printed
    const text = await simhat(['suggest', '--port', rig.port]);
    expect(text.stdout).toMatch(/1\. ca\/freedom-mobile\/0\s+internet\.freedommobile\.ca/);
    expect(text.stdout).toContain(`Apply with: simhat apn set --port ${rig.port} --carrier ca/freedom-mobile/0`);
  });

  it('set --carrier <the suggestion> brings data up with contexts 1 and 6 set; show reads them back', async () => {
    rig = await twinRig();
    const env = { SIMHAT_CONFIG_DIR: rig.configDir };
    const r = await simhat(['set', '--port', rig.port, '--carrier', 'ca/freedom-mobile/0', '--json'], env);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const result = JSON.parse(r.stdout) as { ok: boolean; contexts: number[]; addresses: { cid: number; ipv4?: string }[]; events: { type: string }[] };
    expect(result.ok).toBe(true);
    expect(result.contexts).toEqual([1, 6]);
    expect(result.addresses.find((a) => a.cid === 1)?.ipv4).toBeDefined();
    expect(result.events.map((e) => e.type)).toContain('verified');
    expect(contextsOf(rig)).toMatchObject({ 1: `IPV4V6 "${HOME_NETWORK.apn}"`, 6: `IPV4V6 "${HOME_NETWORK.apn}"` });
    expect(rig.twin.dataUp).toBe(true);

    const show = await simhat(['show', '--port', rig.port], env);
    expect(show.code).toBe(0);
    expect(show.stdout).toMatch(new RegExp(`cid 1 +IPV4V6 +"${HOME_NETWORK.apn.replace(/\./g, '\\.')}" +active, \\d+\\.\\d+\\.\\d+\\.\\d+`));
    expect(show.stdout).toMatch(/cid 6 +IPV4V6/);
    expect(show.stdout).not.toMatch(/warning/);
  });

  it('a failing set (wrong APN) exits 1, says what failed, and the previous contexts are back', async () => {
    rig = await twinRig();
    const before = contextsOf(rig);
    const r = await simhat(['set', '--port', rig.port, '--apn', 'wrong.example', '--timeout', '1'], { SIMHAT_CONFIG_DIR: rig.configDir });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/Failed at address: No PDP address on context 1/);
    expect(r.stdout).toMatch(/previous settings restored \(context 1, 6\)/);
    expect(contextsOf(rig)).toEqual(before);
  });

  // The full table of injection attempts runs against the service in apply-twin.test.ts; here the
  // CLI path shows the same refusal happens before the port is opened.
  it.each([
    ['a quote and a command in --apn', ['--apn', 'x";+CFUN=0;"']],
    ['CR LF in --apn', ['--apn', 'internet\r\nAT+CRESET']],
    ['a semicolon in --password', ['--apn', 'internet', '--user', 'u', '--password', 'p;+CFUN=0']],
  ])('set refuses %s with exit 2 and sends nothing', async (_n, args) => {
    rig ??= await twinRig();
    const sent = rig.twin.receivedCommands.length;
    const r = await simhat(['set', '--port', rig.port, ...args], { SIMHAT_CONFIG_DIR: rig.configDir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/apn|user|password|cid|contexts/);
    expect(rig.twin.receivedCommands.length).toBe(sent);
  });

  it('presets: add from a carrier, list, apply by name, export and import', async () => {
    rig = await twinRig();
    const env = { SIMHAT_CONFIG_DIR: rig.configDir };
    expect((await simhat(['preset', 'add', 'Freedom', '--carrier', 'ca/freedom-mobile/0', '--contexts', '1,6'], env)).code).toBe(0);
    expect((await simhat(['preset', 'add', 'Bad', '--apn', 'bad apn'], env)).code).toBe(2);
    const list = JSON.parse((await simhat(['list', '--json'], env)).stdout) as { presets: { name: string; apn: string; carrierId?: string }[] };
    expect(list.presets).toEqual([expect.objectContaining({ name: 'Freedom', apn: HOME_NETWORK.apn, carrierId: 'ca/freedom-mobile/0' })]);
    const set = await simhat(['set', '--port', rig.port, '--preset', 'freedom'], env);
    expect(set.code).toBe(0);
    expect(set.stdout).toMatch(/Data is up with APN "internet\.freedommobile\.ca" on context\(s\) 1, 6/);
    const file = join(rig.configDir, 'out.json');
    expect((await simhat(['preset', 'export', file], env)).code).toBe(0);
    expect(JSON.parse(await readFile(file, 'utf8')).presets[0].name).toBe('Freedom');
    const imp = await simhat(['preset', 'import', file], env);
    expect(imp.stdout).toMatch(/Imported 0 new, replaced 0, skipped 1/);
    expect((await simhat(['preset', 'rm', 'Freedom'], env)).code).toBe(0);
    expect((await simhat(['list'], env)).stdout).toMatch(/No presets yet/);
  });

  it('a port that does not exist is a clear error with exit 2', async () => {
    const r = await simhat(['show', '--port', '/dev/simhat-no-such-port']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cannot open \/dev\/simhat-no-such-port/);
  });
});
