// Where the daemon's socket lives (issue 11). Pure: the caller passes the user and the environment.
// - root (the systemd service): /run/simhat/simhat.sock, in a 0750 folder of the configured group;
// - a user's own daemon: $XDG_RUNTIME_DIR/simhat.sock (a 0700 folder of theirs by the XDG spec);
// - SIMHAT_SOCKET points clients (and a daemon without --socket) elsewhere. Never TCP.
// Clients look for the system daemon first, then their own.
import { posix } from 'node:path';

export const SYSTEM_SOCKET = '/run/simhat/simhat.sock';
/** The group that may use the system daemon's socket by default (the one that may use the modem's ports). */
export const DEFAULT_SOCKET_GROUP = 'dialout';

export interface Who {
  uid: number;
  env: Record<string, string | undefined>;
}

function userSocket(who: Who): string {
  const xdg = who.env['XDG_RUNTIME_DIR'];
  // Without a runtime dir (a plain su, cron): a folder of this user's own under /tmp.
  return xdg && posix.isAbsolute(xdg) ? posix.join(xdg, 'simhat.sock') : `/tmp/simhat-${who.uid}/simhat.sock`;
}

/** Where `simhat daemon` listens when --socket is not given. */
export function listenSocketPath(who: Who): string {
  const env = who.env['SIMHAT_SOCKET'];
  if (env) return env;
  return who.uid === 0 ? SYSTEM_SOCKET : userSocket(who);
}

/** Where a face looks for a daemon, in order. */
export function clientSocketPaths(who: Who): string[] {
  const env = who.env['SIMHAT_SOCKET'];
  if (env) return [env];
  return who.uid === 0 ? [SYSTEM_SOCKET] : [SYSTEM_SOCKET, userSocket(who)];
}
