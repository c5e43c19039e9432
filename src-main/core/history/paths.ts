// Where the history database lives (issue 11): /var/lib/simhat/history.db as root (the daemon
// under systemd), $XDG_STATE_HOME/simhat/history.db otherwise (XDG Base Directory spec: state
// data; a relative XDG_STATE_HOME is invalid and ignored, ~/.local/state is the default).
// `--db PATH` overrides both. Pure: the caller passes the user, environment and home.
import { posix } from 'node:path';

export const SYSTEM_HISTORY_PATH = '/var/lib/simhat/history.db';

export function defaultHistoryPath(who: { isRoot: boolean; env: Record<string, string | undefined>; home: string }): string {
  if (who.isRoot) return SYSTEM_HISTORY_PATH;
  const xdg = who.env['XDG_STATE_HOME'];
  return posix.join(xdg && posix.isAbsolute(xdg) ? xdg : posix.join(who.home, '.local', 'state'), 'simhat', 'history.db');
}
