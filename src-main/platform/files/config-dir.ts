// Where simhat keeps the user's settings (issue 5):
//   SIMHAT_CONFIG_DIR (tests, portable installs) > Linux: $XDG_CONFIG_HOME/simhat or ~/.config/simhat
//   > Windows: %APPDATA%\simhat > macOS: ~/Library/Application Support/simhat.
import { homedir } from 'node:os';
import { posix, win32 } from 'node:path';

export function configDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home: string = homedir()): string {
  const override = env['SIMHAT_CONFIG_DIR'];
  if (override) return override;
  if (platform === 'win32') {
    const appData = env['APPDATA'];
    return win32.join(appData && win32.isAbsolute(appData) ? appData : win32.join(home, 'AppData', 'Roaming'), 'simhat');
  }
  if (platform === 'darwin') return posix.join(home, 'Library', 'Application Support', 'simhat');
  // XDG Base Directory spec: a relative XDG_CONFIG_HOME is invalid and must be ignored.
  const xdg = env['XDG_CONFIG_HOME'];
  return posix.join(xdg && posix.isAbsolute(xdg) ? xdg : posix.join(home, '.config'), 'simhat');
}
