// "Keep me online" (issue 11 Boot): what `systemctl is-enabled simhat.service` and `systemctl is-active
// simhat.service` answered, read as the Settings screen shows it. Pure; the caller runs systemctl (no
// privileges needed to read) and passes what it printed. The words are systemctl(1)'s (systemd 252).

export interface SystemctlAnswer {
  /** Exit code; null when systemctl could not be run at all (not installed). */
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface DaemonUnitState {
  /** Installed and usable: the switch may turn it on and off. */
  available: boolean;
  /** Starts at boot. */
  enabled: boolean;
  /** Runs now. */
  active: boolean;
  /** Why it is not available, in the user's words, with what to do. */
  hint?: string;
}

/** How a unit whose file is missing is told (systemd < 253 prints nothing on stdout and this on stderr). */
const NO_UNIT_FILE = /No such file or directory|not-found|does not exist/i;
/** systemctl without a running systemd (a container, another init): it cannot start anything. */
const NO_SYSTEMD = /has not been booted with systemd|Failed to connect to bus|System has not been booted/i;

const ENABLED_WORDS = new Set(['enabled', 'enabled-runtime', 'alias', 'linked', 'linked-runtime']);

const firstWord = (s: string): string => s.trim().split(/\s+/)[0] ?? '';

/** The state of `unit` from systemctl's two answers. */
export function daemonUnitState(unit: string, isEnabled: SystemctlAnswer, isActive: SystemctlAnswer): DaemonUnitState {
  if (isEnabled.code === null) {
    return { available: false, enabled: false, active: false, hint: 'systemctl is not installed: this system does not run systemd; start `simhat daemon` from its own init system.' };
  }
  const word = firstWord(isEnabled.stdout);
  const activeWord = firstWord(isActive.stdout);
  // is-active prints the state even with a non-zero exit (3 for inactive): the word decides, not the code.
  const active = activeWord === 'active' || activeWord === 'reloading';
  if (word === '' && !NO_UNIT_FILE.test(isEnabled.stderr)) {
    const why = isEnabled.stderr.trim().split('\n').pop() || `exit ${isEnabled.code}`;
    return { available: false, enabled: false, active, hint: `systemctl could not tell whether ${unit} is enabled (${why}).` };
  }
  if (word === '' || word === 'not-found') {
    return {
      available: false,
      enabled: false,
      active,
      hint: `${unit} is not installed (an npm install has none): run \`sudo simhat daemon --enable\` once; then this switch turns it on and off.`,
    };
  }
  if (word.startsWith('masked')) {
    return { available: false, enabled: false, active, hint: `${unit} is masked: an administrator turned it off for good (\`sudo systemctl unmask ${unit}\` undoes that).` };
  }
  if (NO_SYSTEMD.test(isActive.stderr)) {
    return { available: false, enabled: ENABLED_WORDS.has(word), active: false, hint: 'systemd is not running on this system, so it cannot start the daemon: start `simhat daemon` another way.' };
  }
  return { available: true, enabled: ENABLED_WORDS.has(word), active };
}
