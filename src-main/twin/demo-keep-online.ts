// "Keep me online" in demo mode (issue 11): a simulated systemd unit, so the demo and the e2e suite show the
// switch working; nothing on the computer running the demo changes. Starts installed and off.
import type { KeepOnlineState } from '../api/contract.js';

export function demoKeepOnline(): { state(): Promise<KeepOnlineState>; set(enabled: boolean): Promise<KeepOnlineState> } {
  let on = false;
  const state = (): KeepOnlineState => ({
    available: true,
    enabled: on,
    active: on,
    unit: 'simhat.service',
    simulated: true,
    hint: 'Demo: the switch is simulated, nothing on this computer changes.',
  });
  return {
    state: async () => state(),
    set: async (enabled) => {
      on = enabled;
      return state();
    },
  };
}
