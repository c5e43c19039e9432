// `connect` as an Api operation (issue 6): mode -> APN -> network up with the route policy -> check,
// each event as progress (with the workflow's own event), the result also on failure (the doctor's verdict).
// Without a preset or settings the APN decider chooses (issue 13), with the user's `choice` if any.
import type { ConnectEvent, ConnectResult, ConnectStage } from './connect.js';
import { connectSteps, type ConnectOptions } from './connect.js';
import type { Params, Result } from '../api/contract.js';
import { ApiCallError } from '../api/validate.js';
import { rankSourcesWith } from './apn-db.js';
import { deciderChoice } from './apn-choice.js';
import { decideStep } from './apn-decide-steps.js';
import { ApplyJournal } from './apn-journal.js';
import { toAuthChoice } from './contract-map.js';
import { SWITCH_STEPS, switchDetail } from './api-mode.js';
import type { ModemRef } from './modems.js';
import { OperationFailure, type OpContext } from './operations.js';
import type { Impl, Parts } from './parts.js';

type ConnectMethods = Pick<Impl, 'connect'>;

const APPLY_TEXT: Record<string, string> = {
  validated: 'Checked the settings',
  device: 'Found the contexts to write',
  saved: 'Saved the current contexts',
  candidate: 'Writing the APN',
  'context-written': 'Wrote a context',
  'auth-written': 'Wrote the authentication',
  verified: 'Read back and verified',
  restoring: 'Restoring the previous contexts',
  restored: 'Restored the previous contexts',
  finished: 'APN applied',
};
const STAGE_LABEL: Record<ConnectStage, string> = { mode: 'USB mode', apn: 'APN in the modem', network: 'Network interface up', check: 'Connectivity check' };

function connectStep(ctx: OpContext, e: ConnectEvent): void {
  switch (e.type) {
    case 'stage':
      return ctx.step(e.stage, STAGE_LABEL[e.stage], e.state, e.detail, e);
    case 'mode': {
      const label = SWITCH_STEPS.find((x) => x.step === e.event.step)?.label ?? e.event.step;
      // A real switch shows its own steps (as the Mode screen does); checked/done only update the stage.
      if (e.event.step !== 'checked' && e.event.step !== 'done') return ctx.step(e.event.step, label, 'done', switchDetail(e.event), e);
      return ctx.step('mode', STAGE_LABEL.mode, 'running', label, e);
    }
    case 'apn':
      return ctx.step('apn', STAGE_LABEL.apn, 'running', e.event.type === 'reattach' ? e.event.message : (APPLY_TEXT[e.event.type] ?? e.event.type), e);
    case 'network':
      return ctx.step('network', STAGE_LABEL.network, 'running', e.message, e);
    case 'decide': {
      // The decider's own step (SIM, candidates, each try), and the APN stage's line follows the tries.
      const d = decideStep(e.event);
      if (d) ctx.step(`apn-${d.step}`, d.label, d.state, d.detail, e);
      const ev = e.event;
      if (ev.type === 'try') return ctx.step('apn', STAGE_LABEL.apn, 'running', `trying "${ev.candidate.apn}" (${ev.candidate.name}), ${ev.index + 1} of ${ev.total}`, e);
      if (ev.type === 'try-failed') return ctx.step('apn', STAGE_LABEL.apn, 'running', `"${ev.candidate.apn}" did not bring data up${ev.rolledBack ? ' (rolled back)' : ''}`, e);
      if (ev.type === 'won') return ctx.step('apn', STAGE_LABEL.apn, 'running', `"${ev.candidate.apn}" (${ev.candidate.name}) brings data up`, e);
      return;
    }
  }
}

type CheckTargets = { pingTargets: string[]; dnsName: string | undefined };

class Connect {
  constructor(private readonly p: Parts) {}

  /** The APN the call asks for: a saved preset, settings typed by hand, or a database carrier id. */
  async apnOf(q: Params<'connect'>): Promise<Partial<ConnectOptions>> {
    const p = this.p;
    if (q.choice && (q.settings || q.presetId)) throw new ApiCallError({ code: 'invalid-argument', message: 'Give a choice from the ranked list, or a preset or settings, not both', field: 'choice' });
    if (q.choice) return { choice: deciderChoice(q.choice)! };
    if (q.settings) {
      const s = q.settings;
      return { apn: s.apn, ipType: s.ipType, auth: toAuthChoice(s.auth), ...(s.username ? { username: s.username } : {}), ...(s.password ? { password: s.password } : {}) };
    }
    if (q.presetId?.startsWith('user:')) {
      const name = decodeURIComponent(q.presetId.slice(5));
      const preset = await p.presets.get(name).catch(() => undefined);
      if (!preset) throw new ApiCallError({ code: 'not-found', message: `No saved preset "${name}"`, field: 'presetId' });
      return { apn: preset.apn, ipType: preset.ipType, auth: preset.auth, ...(preset.username ? { username: preset.username } : {}), ...(preset.password ? { password: preset.password } : {}) };
    }
    if (q.presetId) {
      if (!p.env.apn().resolveCarrierId(q.presetId).length) throw new ApiCallError({ code: 'not-found', message: `No carrier ${q.presetId} in the APN database`, field: 'presetId' });
      return { carrier: q.presetId };
    }
    return {};
  }

  /** The workflow itself, its events shown as the operation's steps. */
  async steps(ctx: OpContext, ref: ModemRef | undefined, q: Params<'connect'>, apn: Partial<ConnectOptions>, targets: CheckTargets): Promise<ConnectResult> {
    const p = this.p;
    // connect's own mode stage switches when needed (per OS target), waiting for the interface through this
    // environment's check; the interface name comes from the mode stage (it may change).
    const it = connectSteps(
      {
        ...p.doctorDeps(),
        openEngine: (path) => p.sessions.openEngineOn(path, ref?.baudRate),
        ...(p.env.ifaceExists ? { ifaceExists: p.env.ifaceExists } : {}),
        apnSources: rankSourcesWith(p.env.apn),
        presets: p.presets,
        ...(p.env.configDir ? { journal: new ApplyJournal({ dir: p.env.configDir }) } : {}),
      },
      {
        ...apn,
        // With several modems, or one given by hand, name this one's port (a single USB modem is re-found by the workflow).
        ...(ref?.atPort && (!ref.usb || p.modems.list().length > 1) ? { port: ref.atPort } : {}),
        ...((q.iface ?? (ref && !ref.usb ? ref.iface : null)) ? { iface: (q.iface ?? ref!.iface)! } : {}),
        ...(q.mode ? { mode: q.mode } : {}),
        policy: q.policy ?? p.settings.policy,
        pingTargets: targets.pingTargets,
        ...(targets.dnsName ? { dnsName: targets.dnsName } : {}),
        platform: p.env.platform,
        ...(q.modeTimeoutMs ? { modeTimeoutMs: q.modeTimeoutMs } : {}),
        ...(q.leaseTimeoutMs ? { leaseTimeoutMs: q.leaseTimeoutMs } : {}),
        ...(p.env.netRoot !== undefined ? { netRoot: p.env.netRoot } : {}),
        signal: ctx.signal,
      },
    );
    for (;;) {
      const n = await it.next();
      if (n.done) return n.value;
      connectStep(ctx, n.value);
    }
  }

  async run(ctx: OpContext, ref: ModemRef | undefined, q: Params<'connect'>, targets: CheckTargets): Promise<ConnectResult> {
    const p = this.p;
    const apn = await this.apnOf(q);
    const go = () => this.steps(ctx, ref, q, apn, targets);
    const r = ref ? await p.sessions.handOver(ref.id, 'connecting', go) : await go();
    // A switch made by connect is revertible like one from the Mode screen.
    if (r.mode && r.mode.previous !== r.mode.target) await p.modeMemory.remember({ imei: ref?.usb?.imei ?? null, usbPath: ref?.usb?.portPath ?? null, port: ref?.atPort ?? r.mode.port }, r.mode);
    if (!r.ok) {
      const f = r.failure;
      const why = f?.verdict ? `${f.verdict.summary}${f.verdict.fix ? ` Fix: ${f.verdict.fix.label}.` : ''}` : (f?.hint ?? undefined);
      throw new OperationFailure({ code: 'connect-failed', message: f?.message ?? 'Connect failed', ...(why ? { hint: why } : {}) }, r);
    }
    p.events.log('info', 'connect', `${ref?.id ?? 'modem'}: connected (${r.iface} ${r.address ?? ''})`);
    return r;
  }

  async connect(q: Params<'connect'>): Promise<Result<'connect'>> {
    const p = this.p;
    const ref = await p.modems.pick(q.modemId);
    await p.settings.loaded;
    // Resolved before the operation starts, so a bad target is refused at once, not as a failed op.
    const targets = q.noProbes ? { pingTargets: [], dnsName: undefined } : p.settings.checkTargets({ pingTargets: q.pingTargets, dnsName: q.dnsName });
    await this.apnOf(q);
    return p.ops.start('connect', (ctx) => this.run(ctx, ref, q, targets), ref ? { writes: { modemId: ref.id, what: 'connect' } } : {});
  }
}

export function connectMethods(p: Parts): ConnectMethods {
  const c = new Connect(p);
  return { connect: (q) => c.connect(q) };
}
