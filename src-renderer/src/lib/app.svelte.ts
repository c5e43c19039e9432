// Shared UI state (Svelte 5 runes in a .svelte.ts module): what the service pushed and what the user
// started. Screens read it and call the Api through it; nothing here knows the transport.
import type {
  Api,
  ApiEvent,
  ModemStatus,
  ModemSummary,
  OperationEndEvent,
  OperationKind,
  ProgressEvent,
  SignalSample,
  NetworkStatus,
  Settings,
  SettingsInfo,
} from '../../../src-main/api/contract.js';

export interface OperationView {
  opId: string;
  kind: OperationKind;
  steps: ProgressEvent[];
  end: OperationEndEvent | null;
}

export interface ConsoleLine {
  at: number;
  kind: 'command' | 'response' | 'final-ok' | 'final-error' | 'urc' | 'error';
  text: string;
}

export type ScreenId = 'modem' | 'mode' | 'apn' | 'connection' | 'doctor' | 'console' | 'settings';

/** Operations that hold the modem's port or change what the status shows: refresh when they end. */
const STATUS_CHANGING: readonly OperationKind[] = ['connect', 'apn-apply', 'mode-switch', 'mode-revert', 'network-up', 'network-down', 'fix'];

export function errorText(err: unknown): string {
  const e = err as { message?: string; hint?: string };
  return e?.hint ? `${e.message ?? String(err)} — ${e.hint}` : (e?.message ?? String(err));
}

export class AppState {
  modems = $state<ModemSummary[]>([]);
  /** False until the first list arrived (the empty state must not flash before that). */
  loaded = $state(false);
  selectedId = $state<string | null>(null);
  screen = $state<ScreenId>('modem');
  status = $state<ModemStatus | null>(null);
  network = $state<NetworkStatus | null>(null);
  signal = $state<SignalSample[]>([]);
  ops = $state<Record<string, OperationView>>({});
  /** Last started operation per kind, so each screen shows its own progress. */
  latest = $state<Partial<Record<OperationKind, string>>>({});
  console = $state<ConsoleLine[]>([]);
  connectionError = $state<string | null>(null);
  /** The last status refresh's failure (cleared by the next good one). */
  statusError = $state<string | null>(null);
  /** Set while a workflow holds the modem (the refresh was refused with 'busy'): not an error. */
  statusBusy = $state<string | null>(null);
  settings = $state<SettingsInfo | null>(null);

  readonly api: Api;
  // Callbacks waiting for an operation's end: bookkeeping, not UI state, so deliberately not reactive.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  #waiters = new Map<string, ((e: OperationEndEvent) => void)[]>();
  #off: () => void;
  /** Refreshes issued so far: an answer older than the newest issued one is dropped (it may predate an op's end). */
  #refreshSeq = 0;
  #statusWatchers = 0;

  constructor(api: Api) {
    this.api = api;
    this.#off = api.onEvent((e) => this.handle(e));
  }

  selected = $derived.by(() => this.modems.find((m) => m.id === this.selectedId) ?? this.modems[0] ?? null);

  async start(): Promise<void> {
    performance.mark('simhat:start');
    try {
      const modems = await this.api.listModems({});
      performance.mark('simhat:modems-listed'); // read by bench/ui.bench.ts
      this.setModems(modems);
      void this.loadSettings().catch(() => {});
    } catch (err) {
      this.connectionError = errorText(err);
    } finally {
      this.loaded = true;
    }
  }

  dispose(): void {
    this.#off();
  }

  setModems(modems: ModemSummary[]): void {
    this.modems = modems;
    if (this.selectedId && !modems.some((m) => m.id === this.selectedId)) this.selectedId = null;
    if (!this.selectedId && modems[0]) this.selectedId = modems[0].id;
  }

  handle(e: ApiEvent): void {
    switch (e.type) {
      case 'modems':
        this.setModems(e.modems);
        this.loaded = true;
        break;
      case 'status':
        if (e.status.modemId === this.selected?.id) this.status = e.status;
        break;
      case 'signal':
        if (e.modemId === this.selected?.id) this.signal = [...this.signal.slice(-299), e.sample];
        break;
      case 'network':
        this.network = e.status;
        break;
      case 'urc':
        if (e.modemId === this.selected?.id) this.pushConsole({ at: e.at, kind: 'urc', text: e.line });
        break;
      case 'progress': {
        const op = this.#op(e.opId, e.kind);
        const i = op.steps.findIndex((s) => s.step === e.step);
        if (i >= 0) op.steps[i] = e;
        else op.steps.push(e);
        break;
      }
      case 'operation-end': {
        const op = this.#op(e.opId, e.kind);
        op.end = e;
        // Whatever a poll saw while the workflow held the port ("busy") is stale now: look again.
        if (this.#statusWatchers > 0 && STATUS_CHANGING.includes(e.kind)) void this.refreshStatus().catch(() => {});
        for (const w of this.#waiters.get(e.opId) ?? []) w(e);
        this.#waiters.delete(e.opId);
        break;
      }
      case 'log':
        break;
    }
  }

  #op(opId: string, kind: OperationKind): OperationView {
    let op = this.ops[opId];
    if (!op) {
      this.ops[opId] = { opId, kind, steps: [], end: null };
      op = this.ops[opId]!;
    }
    return op;
  }

  /** Starts a long operation and resolves with its end event (progress lands in `ops`). */
  async run(kind: OperationKind, start: () => Promise<{ opId: string }>): Promise<OperationEndEvent> {
    const { opId } = await start();
    this.latest[kind] = opId;
    const op = this.#op(opId, kind);
    if (op.end) return op.end;
    return new Promise((resolve) => {
      const list = this.#waiters.get(opId) ?? [];
      list.push(resolve);
      this.#waiters.set(opId, list);
    });
  }

  /** Asks the service to stop a running operation (its end event then says 'cancelled'). */
  cancel = (opId: string): void => {
    void this.api.cancel({ opId }).catch(() => {});
  };

  latestOp(kind: OperationKind): OperationView | null {
    const id = this.latest[kind];
    return id ? (this.ops[id] ?? null) : null;
  }

  pushConsole(line: ConsoleLine): void {
    this.console = [...this.console.slice(-499), line];
  }

  /**
   * Reads status, network and signal history. Never throws: a failure lands in statusError, and a
   * 'busy' refusal (a workflow holds the port) in statusBusy. Only the newest refresh may write, so an
   * answer that left before an operation ended can never overwrite the one asked after it.
   */
  async refreshStatus(): Promise<void> {
    const m = this.selected;
    if (!m) return;
    const seq = ++this.#refreshSeq;
    try {
      const [status, network, signal] = await Promise.all([
        this.api.getStatus({ modemId: m.id }),
        this.api.networkStatus({ modemId: m.id }),
        this.api.signalHistory({ modemId: m.id }),
      ]);
      if (seq !== this.#refreshSeq) return;
      this.status = status;
      this.network = network;
      this.signal = signal;
      this.statusError = null;
      this.statusBusy = null;
    } catch (err) {
      if (seq !== this.#refreshSeq) return;
      if ((err as { code?: string }).code === 'busy') {
        this.statusBusy = (err as Error).message;
        this.statusError = null;
      } else {
        this.statusError = errorText(err);
        this.statusBusy = null;
      }
    }
  }

  /** Polls the status while a screen shows it (and refreshes when a port-holding operation ends). */
  watchStatus(pollMs: number): () => void {
    this.#statusWatchers++;
    void this.refreshStatus();
    const t = setInterval(() => void this.refreshStatus(), pollMs);
    return () => {
      clearInterval(t);
      this.#statusWatchers--;
    };
  }

  async loadSettings(): Promise<SettingsInfo> {
    const s = await this.api.getSettings({});
    this.settings = s;
    return s;
  }

  async saveSettings(patch: Partial<Settings>): Promise<SettingsInfo> {
    const s = await this.api.updateSettings({ settings: patch });
    this.settings = s;
    return s;
  }
}
