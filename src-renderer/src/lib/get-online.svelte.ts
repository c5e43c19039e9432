// The guided "Get online" flow (issue 14): one path, mode -> SIM -> APN choice -> network -> check,
// every step visible with its state, pausing where the user must act (the SIM PIN, a carrier the SIM
// cannot name), and ending either Online (with Disconnect) or at the failing step with its fix.
// It drives the same Api as the screens: switchMode, simPin, suggestApn/browseCarriers, connect.
// The APN: the one decider of issue 13 (connect without a preset) whenever the SIM has candidates; the
// carrier picker only when there is none.
import type { CarrierPlan, ConnectivityCheck, FixRef, OperationEndEvent, ProgressEvent, RoutePolicy } from '../../../src-main/api/contract.js';
import { errorText, type AppState } from './app.svelte.js';
import { modeLabel, policyLabel, sentences } from './format.js';

export type FlowStepId = 'mode' | 'sim' | 'apn' | 'network' | 'check';
export type FlowStepState = 'pending' | 'running' | 'done' | 'failed' | 'skipped' | 'waiting';

export interface FlowStep {
  id: FlowStepId;
  label: string;
  state: FlowStepState;
  detail: string;
}

export type FlowPhase = 'idle' | 'running' | 'waiting-pin' | 'waiting-apn' | 'online' | 'failed' | 'cancelled';

export interface FlowResult {
  ok: boolean;
  title: string;
  detail: string;
  /** The doctor's fix for the failing link, when it has one. */
  fix?: FixRef | null;
  checks?: ConnectivityCheck[];
}

const LABELS: Record<FlowStepId, string> = { mode: 'USB mode', sim: 'SIM card', apn: 'APN', network: 'Network interface', check: 'Internet check' };
const ORDER: FlowStepId[] = ['mode', 'sim', 'apn', 'network', 'check'];

class Stop extends Error {
  constructor(
    readonly step: FlowStepId,
    message: string,
    readonly fix: FixRef | null = null,
  ) {
    super(message);
  }
}

export class GetOnlineFlow {
  steps = $state<FlowStep[]>(ORDER.map((id) => ({ id, label: LABELS[id], state: 'pending', detail: '' })));
  phase = $state<FlowPhase>('idle');
  result = $state<FlowResult | null>(null);
  /** The APN the flow will use (the SIM's suggestion, or the user's pick while waiting-apn). */
  chosen = $state<CarrierPlan | null>(null);
  /** Operation running now (for Cancel). */
  opId = $state<string | null>(null);
  #cancelled = false;

  constructor(readonly app: AppState) {}

  step(id: FlowStepId): FlowStep {
    return this.steps.find((s) => s.id === id)!;
  }

  #set(id: FlowStepId, state: FlowStepState, detail?: string): void {
    const s = this.step(id);
    s.state = state;
    if (detail !== undefined) s.detail = detail;
  }

  get running(): boolean {
    return this.phase === 'running';
  }

  get current(): FlowStep | undefined {
    return this.steps.find((s) => s.state === 'running' || s.state === 'waiting' || s.state === 'failed');
  }

  /** Starts (or restarts) the flow from the first step; steps already right are passed quickly. */
  async start(): Promise<void> {
    if (this.phase === 'running') return;
    this.#cancelled = false;
    this.result = null;
    for (const s of this.steps) {
      s.state = 'pending';
      s.detail = '';
    }
    await this.#resume('mode');
  }

  /** The SIM took its PIN (dialog), or the user chose a carrier: go on from there. */
  async continueFrom(step: 'sim' | 'apn'): Promise<void> {
    if (this.phase !== 'waiting-pin' && this.phase !== 'waiting-apn') return;
    await this.#resume(step);
  }

  choose(plan: CarrierPlan): void {
    this.chosen = plan;
    if (this.phase === 'waiting-apn') void this.continueFrom('apn');
  }

  cancel(): void {
    this.#cancelled = true;
    if (this.opId) this.app.cancel(this.opId);
  }

  async #resume(from: FlowStepId): Promise<void> {
    this.phase = 'running';
    const modemId = this.app.selected?.id;
    try {
      if (!modemId) throw new Stop('mode', 'No modem found: plug the HAT in.');
      const at = ORDER.indexOf(from);
      if (at <= 0) await this.#mode(modemId);
      if (at <= 1 && !(await this.#sim(modemId))) return;
      if (at <= 2 && !(await this.#apn(modemId))) return;
      await this.#connect(modemId);
    } catch (err) {
      await this.#fail(err);
    }
  }

  #checkCancel(): void {
    if (this.#cancelled) throw new Stop(this.current?.id ?? 'mode', 'Cancelled.');
  }

  async #op(kind: 'mode-switch' | 'connect', start: () => Promise<{ opId: string }>, onStep: (e: ProgressEvent) => void): Promise<OperationEndEvent> {
    // Every progress event of this kind while it runs (one runs at a time; its events may come before
    // the call's answer names its id).
    const off = this.app.api.onEvent((e) => {
      if (e.type === 'progress' && e.kind === kind && (!this.opId || e.opId === this.opId)) onStep(e);
    });
    try {
      return await this.app.run(kind, async () => {
        const r = await start();
        this.opId = r.opId;
        return r;
      });
    } finally {
      off();
      this.opId = null;
    }
  }

  async #mode(modemId: string): Promise<void> {
    this.#set('mode', 'running', 'Reading the USB mode');
    const info = await this.app.api.getMode({ modemId });
    const target = modeLabel(info.recommended);
    if (info.current === info.recommended) {
      this.#set('mode', 'done', `Already in ${target}`);
      return;
    }
    this.#set('mode', 'running', `Switching ${modeLabel(info.current)} → ${target}; the modem restarts (up to a minute)`);
    const end = await this.#op('mode-switch', () => this.app.api.switchMode({ modemId, target: info.recommended }), (e) => this.#set('mode', 'running', e.label));
    if (!end.ok) throw new Stop('mode', sentences(end.error?.message, end.error?.hint));
    this.#set('mode', 'done', `Switched to ${target}`);
    this.#checkCancel();
  }

  /** False when the flow now waits for the PIN dialog. */
  async #sim(modemId: string): Promise<boolean> {
    this.#set('sim', 'running', 'Reading the SIM');
    for (let i = 0; ; i++) {
      const sim = await this.app.api.simPin({ modemId });
      if (sim.state === 'ready') {
        this.#set('sim', 'done', 'Ready');
        return true;
      }
      if (sim.state === 'pin' || sim.state === 'puk') {
        this.#set('sim', 'waiting', sim.state === 'pin' ? 'Locked: it needs its PIN' : 'Blocked: it needs its PUK');
        this.phase = 'waiting-pin';
        this.app.openPin(() => void this.continueFrom('sim'));
        return false;
      }
      if (sim.state === 'absent') throw new Stop('sim', 'No SIM card: power the modem off, insert the SIM, then try again.');
      if (sim.state !== 'busy' || i >= 10) throw new Stop('sim', `The SIM cannot be used now (${sim.raw ?? sim.state}).`);
      // Right after a restart the SIM is busy for a few seconds (sim7600.md §2, CME 14).
      this.#set('sim', 'running', 'The SIM is starting up…');
      await new Promise((r) => setTimeout(r, 1000));
      this.#checkCancel();
    }
  }

  /** False when the flow waits for the user to pick a carrier. */
  async #apn(modemId: string): Promise<boolean> {
    this.#set('apn', 'running', 'Reading the APN in the modem');
    if (!this.chosen) {
      const status = await this.app.api.getStatus({ modemId });
      const apn = status.contexts.find((c) => c.cid === 1)?.apn.trim();
      if (apn && status.pdpAddress) {
        this.#set('apn', 'done', `Keeping "${apn}": the modem already has a data session (${status.pdpAddress})`);
        return true;
      }
      this.#set('apn', 'running', "Choosing your carrier's APN from the SIM");
      const s = await this.app.api.suggestApn({ modemId });
      const first = s.ranking?.candidates[0];
      // Candidates: the decider tries them in rank order during connect (never "choose yours" while any exist).
      if (first) {
        const n = s.ranking!.candidates.length;
        this.#set('apn', 'running', `${first.name}: ${first.apn} — ${first.reasons[0] ?? ''}${n > 1 && !s.ranking!.standout ? ` (then ${n - 1} more if it fails)` : ''}`);
        return true;
      }
      this.#set('apn', 'waiting', s.ranking?.askForApn ?? 'The SIM does not name its carrier: choose it');
      this.phase = 'waiting-apn';
      return false;
    }
    this.#set('apn', 'running', `${this.chosen.provider}: ${this.chosen.settings.apn}`);
    return true;
  }

  async #connect(modemId: string): Promise<void> {
    const policy: RoutePolicy = this.app.settings?.policy ?? 'failover';
    const chosen = this.chosen;
    const apnBase = chosen ? `${chosen.provider}: ${chosen.settings.apn}` : '';
    this.#set('network', 'pending');
    const end = await this.#op('connect', () => this.app.api.connect({ modemId, ...(chosen ? { presetId: chosen.id } : {}), policy }), (e) => {
      const id: FlowStepId | null = e.step === 'apn' || e.step === 'network' || e.step === 'check' ? e.step : null;
      if (!id) return;
      const state = e.state === 'running' ? 'running' : e.state === 'failed' ? 'failed' : e.state === 'skipped' && id === 'apn' ? 'done' : e.state;
      const detail = id === 'apn' && apnBase ? `${apnBase}${e.detail && e.state === 'running' ? ` — ${e.detail}` : ''}` : (e.detail ?? e.label);
      this.#set(id, state, id === 'apn' && e.state === 'skipped' ? `Kept: ${e.detail ?? ''}` : detail);
    });
    if (!end.ok) {
      const failed = ORDER.find((id) => this.step(id).state === 'failed' || this.step(id).state === 'running') ?? 'network';
      throw new Stop(failed, sentences(end.error?.message, end.error?.hint));
    }
    for (const id of ['apn', 'network', 'check'] as const) if (this.step(id).state !== 'done' && this.step(id).state !== 'skipped') this.#set(id, 'done');
    const checks = await this.app.api.checkConnectivity({ modemId }).catch(() => undefined);
    await this.app.refreshStatus();
    this.chosen = null;
    this.phase = 'online';
    const n = this.app.network;
    this.result = {
      ok: true,
      title: `Online via ${policyLabel(n?.policy ?? policy)}`,
      detail: `${n?.iface ?? 'The modem'}${n?.lease ? ` has ${n.lease.address}` : ' is up'}; ${checks?.filter((c) => c.ok).map((c) => `${c.id} ${c.target}`).join(', ') || 'connected'}.`,
      ...(checks ? { checks } : {}),
    };
    if (checks) {
      this.app.checks = checks;
      this.app.checksKey = this.app.linkKey();
    }
  }

  async #fail(err: unknown): Promise<void> {
    const stop = err instanceof Stop ? err : new Stop(this.current?.id ?? 'mode', errorText(err));
    if (this.step(stop.step).state !== 'failed') this.#set(stop.step, 'failed', stop.message);
    for (const s of this.steps) if (s.state === 'running' || s.state === 'waiting') s.state = 'pending';
    this.#set(stop.step, 'failed');
    if (this.#cancelled) {
      this.phase = 'cancelled';
      this.result = { ok: false, title: 'Stopped', detail: 'Get online was cancelled; nothing else was changed.' };
      return;
    }
    this.phase = 'failed';
    // The doctor names the first broken link and its fix (the button on the failing step).
    let fix: FixRef | null = stop.fix;
    const modemId = this.app.selected?.id;
    if (!fix && modemId) {
      const end = await this.app.run('doctor', () => this.app.api.runDoctor({ modemId })).catch(() => null);
      const verdict = (end?.result as { verdict?: { fix: FixRef | null } } | undefined)?.verdict;
      fix = verdict?.fix ?? null;
    }
    this.result = { ok: false, title: `Stopped at: ${LABELS[stop.step]}`, detail: this.step(stop.step).detail, fix };
    void this.app.refreshStatus();
  }
}
