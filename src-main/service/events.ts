// The service's event stream (issue 7): one fan-out to every face, and the log ring the Logs view reads.
import type { ApiEvent, LogEntry, LogLevel } from '../api/contract.js';

const LOG_LIMIT = 1000;

export class EventHub {
  private readonly listeners = new Set<(e: ApiEvent) => void>();
  private readonly logs: LogEntry[] = [];

  emit(e: ApiEvent): void {
    for (const l of this.listeners) {
      try {
        l(e);
      } catch {
        // a failing face must not break the others
      }
    }
  }

  on(listener: (e: ApiEvent) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  log(level: LogLevel, source: string, message: string): void {
    const entry: LogEntry = { at: Date.now(), level, source, message };
    this.logs.push(entry);
    if (this.logs.length > LOG_LIMIT) this.logs.splice(0, this.logs.length - LOG_LIMIT);
    this.emit({ type: 'log', entry });
  }

  recent(limit: number): LogEntry[] {
    return this.logs.slice(-limit);
  }
}
