// Shared UI state (Svelte 5 runes in a .svelte.ts module): what the service pushed and what the user
// started. Screens read it and call the Api through it; nothing here knows the transport.
import type {
  Api,
  ApiEvent,
  ConnectivityCheck,
  ModeInfo,
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
import { sentences } from './format.js';
import { connectionOf, type DaemonConnection } from './daemon.js';
import type { LinkState } from './web-client.js';

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

export type ScreenId = 'home' | 'mode' | 'apn' | 'connection' | 'doctor' | 'console' | 'settings';

/** Operations that hold the modem's port or change what the status shows: refresh when they end. */
const STATUS_CHANGING: readonly OperationKind[] = ['connect', 'apn-apply', 'mode-switch', 'mode-revert', 'network-up', 'network-down', 'fix'];

/** Operations during which the modem may leave the USB bus (it restarts in another mode). */
const RESTARTING: readonly OperationKind[] = ['mode-switch', 'mode-revert', 'connect', 'fix'];

/**
 * The longest each operation may take before the UI stops waiting and says so (issue 14: no spinner
 * runs forever). A mode switch waits up to 90 s for the modem to come back (sim7600.md §2), connect
 * adds the APN re-attach and DHCP to that.
 */
export const OP_TIMEOUT_MS: Record<OperationKind, number> = {
  'mode-switch': 180_000,
  'mode-revert': 180_000,
  'apn-apply': 180_000,
  connect: 300_000,
  doctor: 120_000,
  fix: 240_000,
  'fix-all': 600_000,
  'network-up': 90_000,
  'network-down': 60_000,
};

const OP_WORDS: Record<OperationKind, string> = {
  'mode-switch': 'the mode switch',
  'mode-revert': 'the mode revert',
  'apn-apply': 'the APN apply',
  connect: 'connect',
  doctor: 'the diagnosis',
  fix: 'the fix',
  'fix-all': 'the fixes',
  'network-up': 'bringing the interface up',
  'network-down': 'bringing the interface down',
};

export function errorText(err: unknown): string {
  const e = err as { message?: string; hint?: string };
  return sentences(e?.message ?? String(err), e?.hint);
}

export class AppState {
  modems = $state<ModemSummary[]>([]);
  /** False until the first list arrived (the empty state must not flash before that). */
  loaded = $state(false);
  selectedId = $state<string | null>(null);
  screen = $state<ScreenId>('home');
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
  /** The link to the service: 'lost' while the web UI's socket is down (a banner says so). */
  link = $state<LinkState>('open');
  /** The link's state (issue 11): the daemon's when one keeps it (kept), else one look (getConnection). */
  daemon = $state<DaemonConnection | null>(null);
  /** The selected modem's USB mode and the one this computer needs (getMode). */
  mode = $state<ModeInfo | null>(null);
  /** The last connectivity check of the current link, and the link it was made on. */
  checks = $state<ConnectivityCheck[] | null>(null);
  checksKey = $state<string | null>(null);
  /** The SIM PIN dialog is open (issue 14: never through the console). */
  pinOpen = $state(false);
  /** Set by a "Get online" button on another screen: Home starts the flow when it opens. */
  getOnlineRequested = $state(false);
  /** Set by "Full diagnosis": the Doctor screen runs once when it opens. */
  doctorRequested = $state(false);
  #pinDone: (() => void) | null = null;

  readonly api: Api;
  // Callbacks waiting for an operation's end: bookkeeping, not UI state, so deliberately not reactive.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  #waiters = new Map<string, ((e: OperationEndEvent) => void)[]>();
  #off: () => void;
  /** Refreshes issued so far: an answer older than the newest issued one is dropped (it may predate an op's end). */
  #refreshSeq = 0;
  #statusWatchers = 0;

  #offLink: () => void = () => {};

  constructor(api: Api) {
    this.api = api;
    this.#off = api.onEvent((e) => this.handle(e));
    // The web client reports its socket (src/lib/web-client.ts); the Electron bridge has no such link.
    const linked = api as Api & { onLink?: (l: (s: LinkState) => void) => () => void; link?: LinkState };
    if (typeof linked.onLink === 'function') {
      if (linked.link) this.link = linked.link === 'connecting' ? 'open' : linked.link;
      this.#offLink = linked.onLink((s) => this.#onLink(s));
    }
  }

  #onLink(s: LinkState): void {
    const was = this.link;
    this.link = s === 'connecting' ? 'open' : s;
    if (s === 'lost') {
      // Nothing will end what waits on this socket: end it here, saying why.
      for (const opId of [...this.#waiters.keys()]) {
        const kind = this.ops[opId]?.kind ?? 'doctor';
        this.#endLocally(opId, kind, { code: 'disconnected', message: `Lost the connection to simhat during ${OP_WORDS[kind]}`, hint: 'It may still finish on the modem: look again once the connection is back.' });
      }
    } else if (s === 'open' && was === 'lost') {
      // Back: everything shown may be stale.
      void this.api.listModems({}).then((m) => this.setModems(m), () => {});
      void this.loadConnection();
      if (this.#statusWatchers > 0) void this.refreshStatus();
      void this.loadSettings().catch(() => {});
    }
  }

  /** Ends an operation on this side (timeout, lost link): the screens show the error like any failure. */
  #endLocally(opId: string, kind: OperationKind, error: { code: string; message: string; hint?: string }): void {
    const end: OperationEndEvent = { type: 'operation-end', opId, kind, ok: false, error };
    this.#op(opId, kind).end = end;
    for (const w of this.#waiters.get(opId) ?? []) w(end);
    this.#waiters.delete(opId);
  }

  /** A mode switch or connect is running: the modem may be off the bus and come back. */
  get restarting(): boolean {
    return Object.values(this.ops).some((o) => !o.end && RESTARTING.includes(o.kind));
  }

  /** Opens the SIM PIN dialog; `done` runs once the SIM is unlocked. */
  openPin(done?: () => void): void {
    this.#pinDone = done ?? null;
    this.pinOpen = true;
  }

  /** The dialog closed; `unlocked` when the SIM took the code. */
  pinClosed(unlocked: boolean): void {
    this.pinOpen = false;
    const done = this.#pinDone;
    this.#pinDone = null;
    if (unlocked) {
      void this.refreshStatus();
      done?.();
    }
  }

  selected = $derived.by(() => this.modems.find((m) => m.id === this.selectedId) ?? this.modems[0] ?? null);

  async start(): Promise<void> {
    performance.mark('simhat:start');
    try {
      const modems = await this.api.listModems({});
      performance.mark('simhat:modems-listed'); // read by bench/ui.bench.ts
      this.setModems(modems);
      void this.loadSettings().catch(() => {});
      void this.loadConnection();
    } catch (err) {
      this.connectionError = errorText(err);
    } finally {
      this.loaded = true;
    }
  }

  dispose(): void {
    this.#off();
    this.#offLink();
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
        // The modem changed (re-plugged, mode, port): the Home verdict must follow, not wait for a poll.
        if (this.#statusWatchers > 0 && e.change !== 'initial' && e.modems.some((m) => m.id === this.selected?.id && m.state === 'ready')) void this.refreshStatus();
        break;
      case 'status':
        if (e.status.modemId === this.selected?.id) {
          this.status = e.status;
          this.daemon = connectionOf(e.status) ?? this.daemon;
        }
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
      case 'connection':
        // The daemon's watchdog changed state (issue 11).
        this.daemon = connectionOf(e) ?? this.daemon;
        break;
      default:
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
  async run(kind: OperationKind, start: () => Promise<{ opId: string }>, timeoutMs = OP_TIMEOUT_MS[kind]): Promise<OperationEndEvent> {
    const { opId } = await start();
    this.latest[kind] = opId;
    const op = this.#op(opId, kind);
    if (op.end) return op.end;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        const s = Math.round(timeoutMs / 1000);
        this.#endLocally(opId, kind, { code: 'timeout', message: `No end of ${OP_WORDS[kind]} after ${s} s`, hint: 'Cancel it and look at the modem (Doctor), or try again.' });
      }, timeoutMs);
      const list = this.#waiters.get(opId) ?? [];
      list.push((e) => {
        clearTimeout(timer);
        resolve(e);
      });
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
      const [status, network, signal, mode] = await Promise.all([
        this.api.getStatus({ modemId: m.id }),
        this.api.networkStatus({ modemId: m.id }),
        this.api.signalHistory({ modemId: m.id }),
        this.api.getMode({ modemId: m.id }).catch(() => null),
      ]);
      if (seq !== this.#refreshSeq) return;
      this.status = status;
      this.network = network;
      this.signal = signal;
      this.mode = mode;
      this.daemon = connectionOf(status) ?? this.daemon;
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

  /** The link a connectivity check belongs to: a new address or data session makes the old check stale. */
  linkKey(): string | null {
    const n = this.network;
    return n?.iface && n.lease ? `${n.iface} ${n.lease.address} ${this.status?.pdpAddress ?? ''} ${n.policy ?? ''}` : null;
  }

  /** Probes the internet through the modem's interface once per link (Home calls it when the link looks up). */
  async checkLink(force = false): Promise<void> {
    const m = this.selected;
    const key = this.linkKey();
    if (!m || !key || (!force && key === this.checksKey)) return;
    this.checksKey = key;
    try {
      const checks = await this.api.checkConnectivity({ modemId: m.id });
      if (this.checksKey === key) this.checks = checks;
    } catch {
      if (this.checksKey === key) this.checks = null;
    }
  }

  /** The link's state (getConnection: the daemon's when one keeps it, else one look); never throws. */
  async loadConnection(): Promise<void> {
    try {
      this.daemon = connectionOf({ connection: await this.api.getConnection({}) }) ?? this.daemon;
    } catch {
      // A service without it (or a lost link): the card stays as it was.
    }
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
