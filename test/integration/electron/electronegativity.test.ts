// Issue 7: `@doyensec/electronegativity` over the Electron sources reports no high or medium finding.
// The scan sees the main process, preload, IPC and hardening code together with the renderer's page
// (its CSP), as one app. Same as CI's: npx @doyensec/electronegativity -i <that folder> -e 45.5.0 -r -o x.csv
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'simhat-eng-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('electronegativity', () => {
  it('finds nothing of high or medium severity in the Electron face', () => {
    cpSync('src-main/electron', join(dir, 'app/electron'), { recursive: true });
    cpSync('src-renderer/index.html', join(dir, 'app/index.html'));
    const csv = join(dir, 'findings.csv');
    const bin = join('node_modules', '@doyensec', 'electronegativity', 'dist', 'index.js');
    const r = spawnSync(process.execPath, [bin, '-i', join(dir, 'app'), '-e', '45.5.0', '-r', '-o', csv], { encoding: 'utf8', timeout: 90_000 });
    expect(r.status, r.stderr).toBe(0);
    const rows = readFileSync(csv, 'utf8').trim().split('\n').slice(1);
    const serious = rows.filter((row) => /^[A-Z_]+,"(HIGH|MEDIUM)"/.test(row));
    expect(serious).toEqual([]);
  }, 100_000);
});
