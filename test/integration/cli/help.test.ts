import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

// Runs the built bin exactly as `npx simhat` would (dist/ is built by `npm install` via prepare).
describe('simhat bin', () => {
  it('lists its commands with --help and exits 0', () => {
    const out = execFileSync(process.execPath, ['bin/simhat.js', '--help'], { encoding: 'utf8' });
    expect(out).toContain('Usage: simhat <command>');
    expect(out).toMatch(/^\s+version\s+/m);
  });

  it('rejects an unknown command with exit 2 and a message', () => {
    const r = spawnSync(process.execPath, ['bin/simhat.js', 'frobnicate'], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('unknown command "frobnicate"');
  });

  it('prints the package version as JSON', () => {
    const out = execFileSync(process.execPath, ['bin/simhat.js', 'version', '--json'], { encoding: 'utf8' });
    expect(JSON.parse(out)).toEqual({ version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
  });
});

describe('simhat bin output', () => {
  it('ends quietly when its stdout is closed early (piped to head)', async () => {
    // Close our read end before the CLI writes: its write then fails with EPIPE, which must not crash it.
    const child = spawn(process.execPath, ['bin/simhat.js', '--help'], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    expect(stderr).not.toContain('EPIPE');
    expect(code).toBe(0);
  });
});
