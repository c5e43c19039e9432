// The composition root of the simulated modem (issue 10; demo mode of issue 7): the whole app on the
// in-process twin — its AT port through the in-process transport, its USB face through TwinDeviceSource,
// its network interface through DemoNetworkOps. `simhat serve --demo <scenario>`, `npm start -- --demo
// <scenario>`; default scenario seed. With ./real-root.ts, the only importer of concrete adapters.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Twin, type TwinTimings } from '../twin/twin.js';
import { InProcessTransport } from '../twin/in-process-transport.js';
import { isScenarioName, SCENARIO_NAMES } from '../twin/scenarios.js';
import { isSimProfileName, SIM_PROFILE_NAMES, simProfileState } from '../twin/sim-profiles.js';
import { apnLookup } from '../service/apn-db.js';
import { DemoNetworkOps } from '../twin/demo-network.js';
import { TwinDeviceSource } from '../twin/demo-devices.js';
import { demoKeepOnline } from '../twin/demo-keep-online.js';
import { formatRoute } from '../core/net/routes.js';
import type { ServiceEnv } from '../service/env.js';

export interface DemoOptions {
  scenario?: string;
  /** SIM profile in the simulated modem (twin/sim-profiles.ts, issue 13); default the scenario's own SIM. */
  sim?: string;
  version: string;
  platform?: string;
  /** Twin timing overrides (tests use TEST_TIMINGS for speed). */
  timings?: Partial<TwinTimings>;
  /** Delay per simulated DHCP step; default 150 ms. */
  netStepMs?: number;
  /** Identify modems on arrival; default true (the CLI's one-shot runs turn it off). */
  identifyOnArrival?: boolean;
}

export class DemoScenarioError extends Error {
  override name = 'DemoScenarioError';
  readonly code = 'invalid-argument';
  readonly hint = `Scenarios: ${SCENARIO_NAMES.join(', ')}`;
}

export class DemoSimError extends Error {
  override name = 'DemoSimError';
  readonly code = 'invalid-argument';
  readonly hint = `SIM profiles: ${SIM_PROFILE_NAMES.join(', ')}`;
}

export function createDemoEnv(options: DemoOptions): ServiceEnv & { twin: Twin; usb: TwinDeviceSource; network: DemoNetworkOps } {
  const scenario = options.scenario ?? 'seed';
  if (!isScenarioName(scenario)) throw new DemoScenarioError(`unknown demo scenario "${scenario}"`);
  const sim = options.sim;
  if (sim !== undefined && !isSimProfileName(sim)) throw new DemoSimError(`unknown SIM profile "${sim}"`);
  // 'ready': as if powered long ago, so the first screen shows a settled modem, not a boot.
  const start = sim !== undefined ? { state: simProfileState(sim, scenario) } : { scenario };
  const twin = new Twin({ ...start, start: 'ready', ...(options.timings ? { timings: options.timings } : {}) });
  // Settings and presets of a demo live in a throw-away folder: a demo never touches the user's config.
  const configDir = mkdtempSync(join(tmpdir(), 'simhat-demo-'));
  const network = new DemoNetworkOps(twin, { initial: scenario === 'seed' ? 'dhclient-takeover' : 'none', ...(options.netStepMs !== undefined ? { stepMs: options.netStepMs } : {}) });
  const usb = new TwinDeviceSource(twin);
  return {
    twin,
    usb,
    version: options.version,
    platform: options.platform ?? process.platform,
    demo: scenario,
    devices: usb,
    openTransport: (path) => new InProcessTransport(twin, { path }),
    ...(options.identifyOnArrival === false ? { identifyOnArrival: false } : {}),
    network,
    apn: apnLookup,
    configDir,
    ifaceExists: async (name) => network.ifaceName() === name,
    portHolders: async () => (usb.snapshot().modems[0]?.busy?.holders ?? []).map((h) => ({ pid: h.pid, command: h.command })),
    // The report's host listings come from the simulated host, not from the machine running the demo.
    hostListing: async (program, args) => {
      if (program === 'ip' && args.includes('route') && args.includes('-4')) {
        const s = await network.status({ iface: network.ifaceName() ?? 'usb0' });
        return s.defaultRoutes.map(formatRoute).join('\n');
      }
      return `(demo: ${program} ${args.join(' ')} is not simulated)`;
    },
    // The host-side fixes a real system does through the privileged helper, simulated on the twin's host.
    hostFixes: {
      'free-port': async () => usb.setHolders([]),
    },
    keepOnline: demoKeepOnline(),
    dispose: async () => {
      twin.dispose();
      rmSync(configDir, { recursive: true, force: true });
    },
  };
}
