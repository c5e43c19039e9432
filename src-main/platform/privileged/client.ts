// The app side of the privileged helper: calls a verb in-process when we are root, otherwise
// spawns the helper at its fixed path through pkexec or `sudo -n` (core/net/elevation.ts).
import { accessSync, constants } from 'node:fs';
import { chooseElevation, elevationFailure, type Elevation } from '../../core/net/elevation.js';
import { NetError, type NetErrorCode } from '../../core/net/types.js';
import { HELPER_INSTALL_PATH, parseVerbRequest, verbArgv, type Verb } from '../../core/net/verbs.js';
import { findProgram, run } from '../net/run.js';
import { executeRaw, executeVerb, type VerbResult } from './execute.js';

export interface PrivilegedRunner {
  readonly elevation: Elevation['kind'];
  call(verb: Verb, raw: Record<string, string>, signal?: AbortSignal): Promise<VerbResult>;
}

function installed(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export interface PrivilegedRunnerOptions {
  helperPath?: string;
  env?: Record<string, string | undefined>;
  /**
   * In-process (we are root): act only on a modem's interface, as the installed helper always does.
   * Off by default: a root caller crosses no privilege boundary. A daemon serving other users turns it on.
   */
  modemOnly?: { sysfsRoot: string };
}

export function createPrivilegedRunner(opts: PrivilegedRunnerOptions = {}): PrivilegedRunner {
  const helperPath = opts.helperPath ?? HELPER_INSTALL_PATH;
  const env = opts.env ?? process.env;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  let elevation: Elevation | undefined;
  let elevationError: unknown;
  try {
    elevation = chooseElevation({
      isRoot,
      helperInstalled: isRoot || installed(helperPath),
      helperPath,
      pkexecPath: findProgram('pkexec'),
      sudoPath: findProgram('sudo'),
      graphicalSession: Boolean(env.DISPLAY || env.WAYLAND_DISPLAY),
    });
  } catch (err) {
    elevationError = err;
  }
  return {
    elevation: elevation?.kind ?? 'in-process',
    async call(verb, raw, signal) {
      if (!elevation) throw elevationError;
      if (elevation.kind === 'in-process') {
        if (opts.modemOnly) return executeRaw(verb, raw, { allowRoot: true, modemOnly: opts.modemOnly, ...(signal ? { signal } : {}) });
        return executeVerb(parseVerbRequest(verb, raw, { allowRoot: true }), signal);
      }
      // Validate here too, so a bad value fails fast with the same message the helper would give.
      parseVerbRequest(verb, raw, { allowRoot: false });
      const args = elevation.kind === 'sudo' ? ['-n', helperPath, ...verbArgv(verb, raw)] : [helperPath, ...verbArgv(verb, raw)];
      const r = await run(elevation.program, args, { timeoutMs: 120_000, signal });
      const failure = elevationFailure(elevation.kind, r.code, r.stderr, helperPath);
      if (failure) throw failure;
      let reply: { ok: boolean; result?: VerbResult; error?: { code: NetErrorCode; message: string; hint?: string } };
      try {
        reply = JSON.parse(r.stdout.trim().split('\n').pop() ?? '') as typeof reply;
      } catch {
        throw new NetError('command-failed', `the helper gave no answer (exit ${r.code}): ${r.stderr.trim().slice(-300)}`);
      }
      if (!reply.ok || !reply.result) throw new NetError(reply.error?.code ?? 'command-failed', reply.error?.message ?? 'helper failed', reply.error?.hint);
      return reply.result;
    },
  };
}
