// Api methods of "Keep me online" (issue 11 Boot): whether the daemon's systemd unit is installed, enabled
// and running, and switching it on (the Pi comes up online after a reboot) or off. The environment does the
// work (real root: systemctl + the privileged helper; twin root: simulated); absent, it is not offered.
import type { KeepOnlineState } from '../api/contract.js';
import { ApiCallError } from '../api/validate.js';
import type { Impl, Parts } from './parts.js';

type KeepOnlineMethods = Pick<Impl, 'keepOnlineState' | 'setKeepOnline'>;

const UNIT = 'simhat.service';
const NOT_HERE: KeepOnlineState = {
  available: false,
  enabled: false,
  active: false,
  unit: UNIT,
  hint: 'Keep me online needs systemd (Linux); on this system start `simhat daemon` another way.',
};

/** How long the daemon waits after answering before it has systemd stop it (the reply must leave first). */
export const SELF_STOP_DELAY_MS = 300;

export function keepOnlineMethods(p: Parts): KeepOnlineMethods {
  const control = p.env.keepOnline;
  return {
    async keepOnlineState() {
      return control ? control.state() : NOT_HERE;
    },

    async setKeepOnline({ enabled }) {
      const before = control ? await control.state() : NOT_HERE;
      if (!control || !before.available) {
        throw new ApiCallError({ code: 'unavailable', message: `Keep me online is not available: ${UNIT} cannot be switched here`, ...(before.hint ? { hint: before.hint } : {}) });
      }
      if (before.enabled === enabled && before.active === enabled) return before;
      // The daemon turning itself off: `systemctl disable --now` stops this very process, so the answer
      // leaves first and the stop follows (its failure is logged: nobody is left to answer).
      if (!enabled && p.env.daemon && before.active) {
        p.events.log('info', 'keep-online', `disabling ${UNIT}: the daemon stops now`);
        setTimeout(() => {
          control.set(false).catch((err: Error) => p.events.log('error', 'keep-online', `disabling ${UNIT} failed: ${err.message}`));
        }, SELF_STOP_DELAY_MS);
        return { ...before, enabled: false, active: false, hint: 'The daemon stops now; simhat runs without it until you turn this on again.' };
      }
      const after = await control.set(enabled);
      p.events.log('info', 'keep-online', `${UNIT} ${after.enabled ? 'enabled' : 'disabled'}, ${after.active ? 'running' : 'stopped'}`);
      // Started beside this process, the daemon finds the modem held by it: this face should attach instead.
      if (enabled && after.active && !p.env.daemon && !after.simulated) {
        return { ...after, hint: 'The daemon runs now: restart simhat so it uses the daemon instead of opening the modem itself.' };
      }
      return after;
    },
  };
}
