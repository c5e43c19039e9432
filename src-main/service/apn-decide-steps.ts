// The APN decider's events as progress steps (issue 13): one set of words for every operation that
// runs the decider (connect, applyApn, the doctor's apply-apn fix), so the UI, the CLI and the daemon
// show the same SIM line, the same ranking summary and the same try / rollback / winner lines.
import type { StepState } from '../api/contract.js';
import type { SimIdentityView } from '../core/apn/sim-facts.js';
import type { DecideEvent } from './apn-decider.js';

export interface DecideStep {
  step: string;
  label: string;
  state: StepState;
  detail?: string;
}

/** "ready; SPN 'T-Mobile', GID1 FFFFFFFF, MNC length 3, IMSI ***********6789": what was read (masked). */
export function simWords(sim: SimIdentityView): string {
  if (sim.state !== 'ready') return `${sim.state}${sim.pinState ? ` (${sim.pinState})` : ''}`;
  const bits = [
    sim.spn ? `SPN "${sim.spn}"` : undefined,
    sim.gid1 ? `GID1 ${sim.gid1}` : undefined,
    sim.mncLength ? `MNC length ${sim.mncLength}` : undefined,
    sim.homeNetwork ? `home network ${sim.homeNetwork}` : undefined,
    sim.imsi ? `IMSI ${sim.imsi}` : undefined,
  ].filter(Boolean);
  const unread = sim.unreadable.map((u) => u.field);
  return `ready${bits.length ? `; ${bits.join(', ')}` : ''}${unread.length ? `; not readable: ${unread.join(', ')}` : ''}`;
}

/** One decider event as a step; null for events shown otherwise (apply steps, the network facts, the end). */
export function decideStep(ev: DecideEvent): DecideStep | null {
  switch (ev.type) {
    case 'sim':
      return { step: 'sim', label: 'SIM card', state: ev.sim.state === 'ready' ? 'done' : 'failed', detail: simWords(ev.sim) };
    case 'ranked': {
      const [first] = ev.ranking.candidates;
      const n = ev.ranking.candidates.length;
      const detail = first ? `${n} candidate${n === 1 ? '' : 's'}; first "${first.apn}" (${first.name}): ${first.reasons[0] ?? ''}` : (ev.ranking.askForApn ?? 'no candidate');
      return { step: 'candidates', label: 'APN candidates for this SIM', state: n ? 'done' : 'failed', detail };
    }
    case 'already-working':
      return { step: 'candidates', label: 'APN candidates for this SIM', state: 'skipped', detail: ev.message };
    case 'plan':
      return { step: 'candidates', label: 'APN candidates for this SIM', state: 'done', detail: ev.message };
    case 'try':
      return { step: `try-${ev.index + 1}`, label: `Trying APN "${ev.candidate.apn}" (${ev.candidate.name})`, state: 'running', detail: `${ev.index + 1} of ${ev.total}: ${ev.candidate.reasons[0] ?? ''}` };
    case 'try-failed':
      return {
        step: `try-${ev.index + 1}`,
        label: `Trying APN "${ev.candidate.apn}" (${ev.candidate.name})`,
        state: 'failed',
        detail: `${ev.error.message}${ev.rolledBack ? ' The previous settings were put back.' : ' The previous settings could NOT be put back exactly.'}`,
      };
    case 'won':
      return { step: `try-${ev.index + 1}`, label: `Trying APN "${ev.candidate.apn}" (${ev.candidate.name})`, state: 'done', detail: `data is up: ${ev.addresses.map((a) => a.ipv4 ?? a.ipv6).filter(Boolean).join(', ')}` };
    case 'remembered':
      return { step: 'remembered', label: 'Remembered for this SIM', state: 'done', detail: `preset "${ev.presetName}"` };
    default:
      return null;
  }
}
