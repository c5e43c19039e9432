// Client of the twin's control socket (./control-server.ts): what tests and the netns harness use
// to inject faults into a `simhat twin --control PATH` process and follow its data session.
import { connect, type Socket } from 'node:net';
import type { TwinFault, TwinStatus } from './faults.js';

export interface TwinWatchEvent {
  event: 'data-session' | 'reset-start' | 'reappeared' | 'registration' | 'hung';
  up?: boolean;
  stat?: number;
}

function request(path: string, body: object, timeoutMs: number): Promise<TwinStatus> {
  return new Promise((resolve, reject) => {
    const socket = connect(path);
    let buffer = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`the twin's control socket ${path} did not answer within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.setEncoding('utf8');
    socket.on('connect', () => socket.write(`${JSON.stringify(body)}\n`));
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      const nl = buffer.indexOf('\n');
      if (nl < 0) return;
      clearTimeout(timer);
      socket.end();
      const answer = JSON.parse(buffer.slice(0, nl)) as { ok: boolean; status?: TwinStatus; error?: string };
      if (answer.ok && answer.status) resolve(answer.status);
      else reject(new Error(answer.error ?? 'the twin refused the request'));
    });
    socket.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}

export class TwinControlClient {
  constructor(
    readonly path: string,
    readonly timeoutMs = 5000,
  ) {}

  status(): Promise<TwinStatus> {
    return request(this.path, { op: 'status' }, this.timeoutMs);
  }

  fault(fault: TwinFault): Promise<TwinStatus> {
    return request(this.path, { op: 'fault', fault: fault.kind, ...(fault.kind === 'lose-registration' ? { seconds: fault.seconds } : {}) }, this.timeoutMs);
  }

  /**
   * Follows the twin: `onEvent` gets the first status as a 'data-session' event, then every event.
   * Resolves once the first status is in; call the returned function to stop.
   */
  watch(onEvent: (e: TwinWatchEvent) => void): Promise<() => void> {
    return new Promise((resolve, reject) => {
      const socket: Socket = connect(this.path);
      let buffer = '';
      let started = false;
      socket.setEncoding('utf8');
      socket.on('connect', () => socket.write('{"op":"watch"}\n'));
      socket.on('data', (chunk: string) => {
        buffer += chunk;
        let nl: number;
        while ((nl = buffer.indexOf('\n')) >= 0) {
          const msg = JSON.parse(buffer.slice(0, nl)) as { ok?: boolean; status?: TwinStatus } & Partial<TwinWatchEvent>;
          buffer = buffer.slice(nl + 1);
          if (!started) {
            started = true;
            if (!msg.ok || !msg.status) return reject(new Error('the twin refused to be watched'));
            onEvent({ event: 'data-session', up: msg.status.dataSession });
            resolve(() => socket.destroy());
          } else if (msg.event) onEvent(msg as TwinWatchEvent);
        }
      });
      socket.on('error', (err) => {
        if (!started) reject(err);
      });
    });
  }
}
