// The mode switch's steps as the CLI prints them (`simhat mode`, `simhat connect`): one line per step.
import type { ModeSwitchEvent } from '../service/mode-switch.js';

/** One line about a step, in the user's words. */
export function describeModeStep(e: ModeSwitchEvent): string {
  switch (e.step) {
    case 'checked':
      return `${e.model ?? 'modem'} is in ${e.current ?? 'an unknown mode'}${e.currentId ? ` (${e.currentId})` : ''}; target ${e.target.toUpperCase()}: ${e.reason}`;
    case 'command-sent':
      return e.commands.join(' ; ');
    case 'left-bus':
      return `after ${e.afterMs} ms`;
    case 'back':
      return `${e.usbId ?? e.port} after ${e.afterMs} ms`;
    case 'at-answering':
      return `${e.port}${e.confirmedId ? `, firmware reports ${e.confirmedId}` : ''}`;
    case 'sim-ready':
      return `${e.sim ?? 'unknown'}${e.urcs.length ? ` (boot URCs: ${e.urcs.join(', ')})` : ''}`;
    case 'iface-present':
      return e.note;
    case 'done':
      return e.alreadyInTarget ? `already in ${e.result.target.toUpperCase()}: nothing sent` : `in ${e.result.target.toUpperCase()} after ${e.afterMs} ms (revert: simhat mode revert)`;
  }
}
