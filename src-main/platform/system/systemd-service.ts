// `simhat daemon --enable | --disable` (issue 11): carries out the steps of ./systemd-unit.ts.
// The unit is written atomically (temp + fsync + rename); systemctl runs by argv, never a shell.
import { execFile } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../files/atomic-write.js';
import { ADMIN_UNIT_PATH, planDisable, planEnable, VENDOR_UNIT_PATH, type Install, type SystemdStep, type UnitFacts } from './systemd-unit.js';

export interface SystemdOptions {
  /** Prefix for the unit paths (tests); default '/'. */
  root?: string;
  /** The systemctl program; default 'systemctl' from PATH. */
  systemctl?: string;
}

export interface StepResult {
  step: SystemdStep;
  ok: boolean;
  detail?: string;
}

export class SystemctlError extends Error {
  readonly code = 'systemctl-failed';
  constructor(
    readonly args: string[],
    readonly output: string,
  ) {
    super(`systemctl ${args.join(' ')} failed: ${output.trim().split('\n').slice(-2).join(' ') || 'no output'}`);
  }
}

function systemctl(program: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(program, args, { timeout: 60_000, encoding: 'utf8' }, (err, stdout, stderr) => {
      if (!err) return resolve();
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return reject(new Error('systemctl is not installed: this system does not run systemd, start `simhat daemon` another way'));
      reject(new SystemctlError(args, `${stdout}${stderr}`));
    });
  });
}

export async function unitFacts(options: SystemdOptions = {}): Promise<UnitFacts> {
  const root = options.root ?? '/';
  const admin = await readFile(join(root, ADMIN_UNIT_PATH), 'utf8').catch(() => undefined);
  return { vendorUnit: existsSync(join(root, VENDOR_UNIT_PATH)), adminUnit: admin };
}

async function carryOut(steps: SystemdStep[], options: SystemdOptions): Promise<SystemdStep[]> {
  const root = options.root ?? '/';
  for (const step of steps) {
    if (step.kind === 'write-unit') await writeFileAtomic(join(root, step.path), step.content, { mode: 0o644, dirMode: 0o755 });
    else if (step.kind === 'remove-unit') await rm(join(root, step.path), { force: true });
    else await systemctl(options.systemctl ?? 'systemctl', step.args);
  }
  return steps;
}

/** Writes the unit for `install` if needed, then `systemctl enable --now simhat.service`. Returns the steps done. */
export async function enableDaemon(install: Install, options: SystemdOptions & { args?: string[] } = {}): Promise<SystemdStep[]> {
  const plan = planEnable(install, await unitFacts(options), options.args ? { args: options.args } : {});
  return carryOut(plan, options);
}

/** `systemctl disable --now simhat.service`, and removes a unit --enable wrote. Returns the steps done. */
export async function disableDaemon(options: SystemdOptions = {}): Promise<SystemdStep[]> {
  return carryOut(planDisable(await unitFacts(options)), options);
}
