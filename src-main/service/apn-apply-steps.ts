// The APN layer's apply events as progress steps, and the timeouts of an apply bounded by the caller
// (issues 5 and 13): shared by applyApn with a named APN and the decider's tries.
import type { OpContext } from './operations.js';
import { DEFAULT_APPLY_TIMEOUTS, type ApplyEvent, type ApplyTimeouts } from './apn.js';

/** The timeouts of an apply that must give up after `ms` waiting for registration and an address. */
export function timeoutsOf(ms: number | undefined): Partial<ApplyTimeouts> {
  if (!ms) return {};
  return { addressMs: ms, registrationMs: ms, simReadyMs: Math.max(ms, 1000), pollMs: Math.min(DEFAULT_APPLY_TIMEOUTS.pollMs, Math.max(50, Math.floor(ms / 20))) };
}

export function applyStep(ctx: OpContext, ev: ApplyEvent): void {
  const step = (id: string, label: string, state: 'running' | 'done' | 'failed', detail?: string) => ctx.step(id, label, state, detail, ev);
  switch (ev.type) {
    case 'validated':
      return step('validate', 'Checked the settings', 'done');
    case 'device':
      return step('identify', 'Found the contexts to write', 'done', `contexts ${ev.contexts.join(', ')} (${ev.contextsSource})`);
    case 'journal-found':
      return step('journal', 'Found an interrupted apply', 'done', ev.message);
    case 'saved':
      return step('save', 'Saved the current contexts (to restore on failure)', 'done');
    case 'candidate':
      return step('candidate', `Applying ${ev.apn || '(empty APN)'}`, 'running', ev.label);
    case 'context-written':
      return step(`write-${ev.cid}`, `Wrote context ${ev.cid}`, 'done', `${ev.apn} ${ev.ipType}`);
    case 'auth-written':
      return step(`auth-${ev.cid}`, `Wrote authentication of context ${ev.cid}`, 'done');
    case 'verified':
      return step('verify', 'Read back and verified', 'done', `contexts ${ev.cids.join(', ')}`);
    case 'reattach':
      return step(ev.phase, ev.message, 'done');
    case 'candidate-failed':
      return step('candidate', `Applying ${ev.apn || '(empty APN)'}`, 'failed', ev.error.message);
    case 'restoring':
      return step('restore', 'Restoring the previous contexts', 'running', ev.reason);
    case 'restored':
      return step('restore', 'Restoring the previous contexts', ev.report.ok ? 'done' : 'failed', ev.report.exact ? 'restored exactly' : ev.report.mismatches.join('; ') || ev.report.reason);
    case 'finished':
      if (ev.result.ok) step('candidate', `Applying ${ev.result.apn ?? ''}`, 'done', ev.result.addresses.map((a) => a.ipv4 ?? a.ipv6).filter(Boolean).join(', '));
      return;
  }
}
