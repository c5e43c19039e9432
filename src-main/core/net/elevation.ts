// How a non-root simhat reaches the privileged helper (sim7600.md §5): pkexec with our polkit
// action when a graphical session can show the agent, else `sudo -n` (a scoped sudoers entry),
// else a clear message with the exact fix. Root calls the helper in-process.
import { NetError } from './types.js';

/** Where the .deb ships the scoped sudoers rule (resources/polkit/simhat-net-helper.sudoers); opt-in. */
export const SHIPPED_SUDOERS = '/opt/simhat/resources/resources/polkit/simhat-net-helper.sudoers';
const INSTALL_SUDOERS = `sudo install -m 0440 -o root -g root ${SHIPPED_SUDOERS} /etc/sudoers.d/simhat-net-helper`;

export type Elevation = { kind: 'in-process' } | { kind: 'pkexec'; program: string } | { kind: 'sudo'; program: string };

export interface ElevationFacts {
  isRoot: boolean;
  helperInstalled: boolean;
  helperPath: string;
  pkexecPath: string | undefined;
  sudoPath: string | undefined;
  /** A desktop session where a polkit agent can ask for the password. */
  graphicalSession: boolean;
}

export function chooseElevation(f: ElevationFacts): Elevation {
  if (f.isRoot) return { kind: 'in-process' };
  if (!f.helperInstalled) {
    throw new NetError(
      'no-elevation',
      `network changes need root, and simhat's helper is not installed at ${f.helperPath}`,
      `Install the simhat package (.deb), or run this command as root (sudo simhat net ...). To install the helper by hand: sudo install -d /usr/lib/simhat && sudo ln -sf "$(pwd)/dist/main/platform/privileged/helper-main.js" ${f.helperPath} && sudo chmod 755 dist/main/platform/privileged/helper-main.js && sudo cp resources/polkit/io.github.simhat.net-helper.policy /usr/share/polkit-1/actions/`,
    );
  }
  if (f.pkexecPath && f.graphicalSession) return { kind: 'pkexec', program: f.pkexecPath };
  if (f.sudoPath) return { kind: 'sudo', program: f.sudoPath };
  if (f.pkexecPath) return { kind: 'pkexec', program: f.pkexecPath };
  throw new NetError(
    'no-elevation',
    'network changes need root, and neither pkexec nor sudo is available',
    `Install polkit (sudo apt-get install pkexec) for the desktop prompt, or sudo with simhat's scoped rule for the netdev group (${INSTALL_SUDOERS}), or run simhat as root.`,
  );
}

/** Message for a failed elevation, from the tool's exit code (pkexec(1): 126 dismissed, 127 not authorised). */
export function elevationFailure(kind: 'pkexec' | 'sudo', code: number, stderr: string, helperPath: string): NetError | undefined {
  if (kind === 'pkexec' && code === 126) return new NetError('not-permitted', 'the password prompt was dismissed', 'Run the command again and authenticate, or use sudo.');
  if (kind === 'pkexec' && code === 127) {
    return new NetError('not-permitted', 'polkit refused the request (no authentication agent, or not authorised)', `Start a polkit agent in your desktop session, or allow ${helperPath} through sudo for the netdev group: ${INSTALL_SUDOERS}`);
  }
  if (kind === 'sudo' && /password is required|a terminal is required/.test(stderr)) {
    return new NetError('not-permitted', 'sudo needs a password and simhat does not ask for one', `Install simhat's scoped sudoers rule for ${helperPath} (${INSTALL_SUDOERS}) and add yourself to netdev, or run simhat with sudo.`);
  }
  return undefined;
}
