// "Keep me online" on a real system (issue 11 Boot): reads the daemon unit's state with systemctl (no
// privileges needed) and enables or disables it through the privileged helper's daemon-unit verb
// (`systemctl enable|disable --now simhat.service`, core/net/verbs.ts). The composition root wires it in.
import type { KeepOnlineState } from '../../api/contract.js';
import { daemonUnitState, type SystemctlAnswer } from '../../core/daemon-unit-state.js';
import { DAEMON_UNIT } from '../../core/net/verbs.js';
import { findProgram, run } from '../net/run.js';

export interface SystemdKeepOnlineOptions {
  /** Runs the helper's daemon-unit verb (pkexec, `sudo -n`, or in-process as root). */
  helper: (action: 'enable' | 'disable') => Promise<unknown>;
  /** The systemctl that reads the state; default the one in the fixed program directories (platform/net/run.ts). */
  systemctl?: string;
}

export function systemdKeepOnline(o: SystemdKeepOnlineOptions): { state(): Promise<KeepOnlineState>; set(enabled: boolean): Promise<KeepOnlineState> } {
  async function ask(verb: 'is-enabled' | 'is-active'): Promise<SystemctlAnswer> {
    const program = o.systemctl ?? findProgram('systemctl');
    if (!program) return { code: null, stdout: '', stderr: '' };
    const r = await run(program, [verb, DAEMON_UNIT], { timeoutMs: 10_000 });
    return { code: r.code, stdout: r.stdout, stderr: r.stderr };
  }
  async function state(): Promise<KeepOnlineState> {
    const [enabled, active] = await Promise.all([ask('is-enabled'), ask('is-active')]);
    const s = daemonUnitState(DAEMON_UNIT, enabled, active);
    return { unit: DAEMON_UNIT, available: s.available, enabled: s.enabled, active: s.active, ...(s.hint ? { hint: s.hint } : {}) };
  }
  return {
    state,
    async set(enabled) {
      await o.helper(enabled ? 'enable' : 'disable');
      return state();
    },
  };
}
