// The twin's control socket (issue 11): a test injects faults into a twin that runs in another
// process (`simhat twin --control PATH`) and follows its data session, over a Unix socket with
// one JSON object per line. Requests and answers:
//   {"op":"status"}                         -> {"ok":true,"status":{present,pid,dataSession,hung,registration}}
//   {"op":"fault","fault":"drop-data"}      -> {"ok":true,"status":{...}}   (faults: ./faults.ts)
//   {"op":"fault","fault":"lose-registration","seconds":5}
//   {"op":"watch"}                          -> {"ok":true,"status":{...}} then one line per event:
//                                              {"event":"data-session","up":false}, "reset-start",
//                                              "reappeared", "registration", "hung"
//   anything else                           -> {"ok":false,"error":"..."}
// The socket file is created 0600 (it can reboot the simulated modem) and removed on close.
import { chmod, rm } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { parseFault, TwinFaults, type TwinStatus } from './faults.js';
import type { Twin } from './twin.js';

const MAX_REQUEST = 4096;

export class TwinControlServer {
  readonly path: string;
  readonly faults: TwinFaults;
  #server: Server;
  #sockets = new Set<Socket>();

  private constructor(path: string, faults: TwinFaults, server: Server) {
    this.path = path;
    this.faults = faults;
    this.#server = server;
  }

  static async listen(twin: Twin, path: string): Promise<TwinControlServer> {
    if (!path.startsWith('/') || path.length > 100) throw new Error(`the control socket must be an absolute path of at most 100 bytes: ${path}`);
    const faults = new TwinFaults(twin);
    const server = createServer();
    const control = new TwinControlServer(path, faults, server);
    server.on('connection', (socket) => control.#serve(socket));
    await rm(path, { force: true }); // a socket file left by a killed twin
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(path, () => {
        server.off('error', reject);
        resolve();
      });
    });
    await chmod(path, 0o600);
    return control;
  }

  async close(): Promise<void> {
    this.faults.dispose();
    for (const s of this.#sockets) s.destroy();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
    await rm(this.path, { force: true });
  }

  #serve(socket: Socket): void {
    this.#sockets.add(socket);
    let buffer = '';
    const detach: (() => void)[] = [];
    const send = (o: object) => {
      if (!socket.destroyed) socket.write(`${JSON.stringify(o)}\n`);
    };
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      if (buffer.length > MAX_REQUEST && !buffer.includes('\n')) {
        send({ ok: false, error: 'request too long' });
        socket.destroy();
        return;
      }
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        if (line.trim() !== '') this.#handle(line, send, detach);
      }
    });
    socket.on('error', () => socket.destroy());
    socket.on('close', () => {
      this.#sockets.delete(socket);
      for (const d of detach) d();
    });
  }

  #handle(line: string, send: (o: object) => void, detach: (() => void)[]): void {
    let request: Record<string, unknown>;
    try {
      request = JSON.parse(line) as Record<string, unknown>;
    } catch {
      return send({ ok: false, error: 'not JSON' });
    }
    const status = (): TwinStatus => this.faults.status();
    try {
      switch (request?.['op']) {
        case 'status':
          return send({ ok: true, status: status() });
        case 'fault':
          this.faults.apply(parseFault(request));
          return send({ ok: true, status: status() });
        case 'watch':
          send({ ok: true, status: status() });
          detach.push(this.#watch(send));
          return;
        default:
          return send({ ok: false, error: `unknown op ${JSON.stringify(request?.['op'])?.slice(0, 40)} (status, fault, watch)` });
      }
    } catch (err) {
      send({ ok: false, error: (err as Error).message });
    }
  }

  #watch(send: (o: object) => void): () => void {
    const twin = this.faults.twin;
    const onData = (up: boolean) => send({ event: 'data-session', up });
    const onReset = (e: object) => send({ event: 'reset-start', ...e });
    const onBack = (e: object) => send({ event: 'reappeared', ...e });
    const onReg = (stat: number) => send({ event: 'registration', stat });
    const onHung = () => send({ event: 'hung' });
    twin.on('data-session', onData);
    twin.on('reset-start', onReset);
    twin.on('reappeared', onBack);
    twin.on('registration', onReg);
    twin.on('hung', onHung);
    return () => {
      twin.off('data-session', onData);
      twin.off('reset-start', onReset);
      twin.off('reappeared', onBack);
      twin.off('registration', onReg);
      twin.off('hung', onHung);
    };
  }
}
