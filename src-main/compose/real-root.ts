// The composition root of real hardware (issue 10): serialport for AT, usb + sysfs for detection, the
// host's network stack and the privileged helper. With ./twin-root.ts, the only importer of concrete
// adapters; every face (Electron, `simhat serve`, the CLI, the daemon) builds its service through these.
import { realpath } from 'node:fs/promises';
import type { AtEngineApi } from '../core/at/engine-api.js';
import { AtEngine } from '../core/at/engine.js';
import type { ServiceEnv } from '../service/env.js';
import { apnLookup } from '../service/apn-db.js';
import { configDir } from '../platform/files/config-dir.js';
import { LinuxNetworkOps } from '../platform/net/network-ops.js';
import { findProgram, run } from '../platform/net/run.js';
import { createPrivilegedRunner } from '../platform/privileged/client.js';
import { openSerialTransport } from '../platform/serial/serialport-transport.js';
import { systemdKeepOnline } from '../platform/system/keep-online.js';
import { createDeviceSource } from '../platform/usb/device-source.js';
import { findAtPort } from '../platform/usb/identify-probe.js';
import { findPortHolders } from '../platform/usb/port-holders.js';

export interface RealEnvOptions {
  version: string;
  /** Identify modems on their AT port as they arrive (the GUI, serve, the daemon); default true. */
  identifyOnArrival?: boolean;
  /** USB polling interval in ms (`simhat devices --watch --poll-ms`). */
  pollMs?: number;
  /** Prefix for the network layer's config and state paths (tests). */
  netRoot?: string;
  /** Config folder; default the user's (SIMHAT_CONFIG_DIR, XDG). */
  configDir?: string;
  /**
   * The privileged helper acts only on a modem's interfaces and devices, decided from this sysfs tree
   * (the daemon acts for other users: issue 15); default: not checked in-process.
   */
  modemOnlySysfs?: string;
}

/** Opens an AT engine on a serial port (serialport transport, exclusive lock). */
export async function serialEngineOpener(path: string): Promise<AtEngineApi> {
  const engine = new AtEngine(openSerialTransport(path));
  await engine.open();
  return engine;
}

/** Who holds a port; a pseudo-terminal's slave held by socat (the twin's PTY) is not a rival. */
async function portHolders(path: string): Promise<{ pid: number; command: string }[]> {
  const holders = await findPortHolders(path);
  const pty = (await realpath(path).catch(() => path)).startsWith('/dev/pts/');
  return holders.filter((h) => !(pty && h.command === 'socat')).map((h) => ({ pid: h.pid, command: h.command }));
}

/** A host listing for the report bundle: the program found on PATH (argv only), 5 s timeout. */
async function hostListing(program: string, args: string[]): Promise<string> {
  const path = findProgram(program);
  if (!path) throw new Error(`${program} is not installed`);
  const r = await run(path, args, { timeoutMs: 5000 });
  return (r.stdout + (r.code !== 0 && r.stderr ? `\n(exit ${r.code}) ${r.stderr}` : '')).trimEnd();
}

export function createRealEnv(options: RealEnvOptions): ServiceEnv {
  const privileged = createPrivilegedRunner(options.modemOnlySysfs ? { modemOnly: { sysfsRoot: options.modemOnlySysfs } } : {});
  return {
    version: options.version,
    platform: process.platform,
    demo: null,
    devices: createDeviceSource({ ...(options.pollMs ? { pollMs: options.pollMs } : {}) }),
    openTransport: (path, o) => openSerialTransport(path, o?.baudRate ? { baudRate: o.baudRate } : {}),
    network: new LinuxNetworkOps(privileged),
    apn: apnLookup,
    configDir: options.configDir ?? configDir(),
    portHolders,
    hostListing,
    findAtPort: (desc) => findAtPort(desc),
    privileged: async (verb, args) => {
      await privileged.call(verb, args);
    },
    keepOnline: systemdKeepOnline({ helper: (action) => privileged.call('daemon-unit', { action }) }),
    ...(options.identifyOnArrival === false ? { identifyOnArrival: false } : {}),
    ...(options.netRoot !== undefined ? { netRoot: options.netRoot } : {}),
  };
}
