// Who holds a serial port open: the fuser-style scan of /proc/<pid>/fd (sim7600.md §3: ModemManager
// probes and holds the AT ports). Compared by device number (st_rdev), so a port reached through a
// symlink or a bind mount (/dev/ttyUSB2 over /dev/pts/N in tests, /dev/serial/by-id/...) still matches.
// Processes we may not inspect (other users without root) are skipped silently.
import { readFile, readdir, stat } from 'node:fs/promises';
import type { PortHolder } from '../../core/devices/types.js';

export interface PortHolderOptions {
  /** Default /proc. */
  procRoot?: string;
  /** Pids to leave out; default: this process. */
  excludePids?: number[];
}

export async function findPortHolders(port: string, options: PortHolderOptions = {}): Promise<PortHolder[]> {
  const { procRoot = '/proc', excludePids = [process.pid] } = options;
  let rdev: number;
  try {
    const st = await stat(port);
    if (!st.isCharacterDevice()) return [];
    rdev = st.rdev;
  } catch {
    return [];
  }
  let pids: string[];
  try {
    pids = (await readdir(procRoot)).filter((n) => /^\d+$/.test(n));
  } catch {
    return [];
  }
  const holders: PortHolder[] = [];
  await Promise.all(
    pids.map(async (p) => {
      const pid = Number(p);
      if (excludePids.includes(pid)) return;
      let fds: string[];
      try {
        fds = await readdir(`${procRoot}/${p}/fd`);
      } catch {
        return; // gone, or not ours to look at
      }
      for (const fd of fds) {
        try {
          const st = await stat(`${procRoot}/${p}/fd/${fd}`);
          if (st.isCharacterDevice() && st.rdev === rdev) {
            const command = (await readFile(`${procRoot}/${p}/comm`, 'utf8').catch(() => '?')).trim();
            holders.push({ pid, command, port });
            return;
          }
        } catch {
          // fd closed meanwhile
        }
      }
    }),
  );
  return holders.sort((a, b) => a.pid - b.pid);
}
