// The layer boundaries are lint rules (issue 10): each rule of eslint.boundaries.js fires on a file that
// breaks it, and stays quiet on one that keeps to it. Linted through ESLint's own API with the project's
// config, as `npm run lint` does, at paths inside the folders the rules guard.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

async function restricted(filePath: string, code: string): Promise<string[]> {
  const [r] = await eslint.lintText(code, { filePath });
  return (r?.messages ?? []).filter((m) => m.ruleId === '@typescript-eslint/no-restricted-imports').map((m) => m.message);
}

type Row = [rule: string, file: string, code: string];

const violations: Row[] = [
  ['core does no IO (fs)', 'src-main/core/at/x-violation.ts', "import { readFile } from 'node:fs/promises';\nvoid readFile;\n"],
  ['core does no IO (serialport)', 'src-main/core/devices/x-violation.ts', "import { SerialPort } from 'serialport';\nvoid SerialPort;\n"],
  ['core does no IO (child_process)', 'src-main/core/net/x-violation.ts', "import { spawn } from 'node:child_process';\nvoid spawn;\n"],
  ['core imports no platform', 'src-main/core/apn/x-violation.ts', "import { configDir } from '../../platform/files/config-dir.js';\nvoid configDir;\n"],
  ['core imports no service', 'src-main/core/doctor/x-violation.ts', "import { createService } from '../../service/service.js';\nvoid createService;\n"],
  ['core imports no face', 'src-main/core/x-violation.ts', "import { main } from '../cli/main.js';\nvoid main;\n"],
  ['platform never imports the service', 'src-main/platform/net/x-violation.ts', "import { createService } from '../../service/service.js';\nvoid createService;\n"],
  ['platform never imports a face', 'src-main/platform/usb/x-violation.ts', "import { startWebServer } from '../../web/server.js';\nvoid startWebServer;\n"],
  ['service imports no face', 'src-main/service/x-violation.ts', "import { main } from '../cli/main.js';\nvoid main;\n"],
  ['service imports no composition root', 'src-main/service/x-violation.ts', "import { createRealEnv } from '../compose/real-root.js';\nvoid createRealEnv;\n"],
  ['service imports no hardware adapter', 'src-main/service/x-violation.ts', "import { openSerialTransport } from '../platform/serial/serialport-transport.js';\nvoid openSerialTransport;\n"],
  ['service imports no twin', 'src-main/service/x-violation.ts', "import { Twin } from '../twin/twin.js';\nvoid Twin;\n"],
  ['the CLI never imports platform', 'src-main/cli/commands/x-violation.ts', "import { createDeviceSource } from '../../platform/usb/device-source.js';\nvoid createDeviceSource;\n"],
  ['the web face never imports platform', 'src-main/web/x-violation.ts', "import { LinuxNetworkOps } from '../platform/net/network-ops.js';\nvoid LinuxNetworkOps;\n"],
  ['a face imports the service only as types', 'src-main/cli/x-violation.ts', "import { runDoctor } from '../service/doctor.js';\nvoid runDoctor;\n"],
  ['the renderer imports no main-process runtime', 'src-renderer/src/lib/x-violation.ts', "import { API_METHODS } from '../../../src-main/api/wire.js';\nvoid API_METHODS;\n"],
  ['the renderer takes only types from the contract', 'src-renderer/src/lib/x-violation.ts', "import { Something } from '../../../src-main/api/contract.js';\nvoid Something;\n"],
  ['electron never imports platform', 'src-main/electron/x-violation.ts', "import { configDir } from '../platform/files/config-dir.js';\nvoid configDir;\n"],
];

const allowed: Row[] = [
  ['core may import core', 'src-main/core/doctor/x-ok.ts', "import { parseCsqExec } from '../at/commands/signal.js';\nvoid parseCsqExec;\n"],
  ['service may use the file store', 'src-main/service/x-ok.ts', "import { readJsonFile } from '../platform/files/json-file.js';\nvoid readJsonFile;\n"],
  ['a face may import service types', 'src-main/cli/x-ok.ts', "import type { ConnectEvent } from '../service/connect.js';\nexport type X = ConnectEvent;\n"],
  ['a face may use the composition roots', 'src-main/cli/x-ok.ts', "import { openService } from '../compose/open-service.js';\nvoid openService;\n"],
  ['the renderer may import contract types', 'src-renderer/src/lib/x-ok.ts', "import type { Api } from '../../../src-main/api/contract.js';\nexport type X = Api;\n"],
  ['the twin launcher may run the twin', 'src-main/cli/commands/twin.ts', "import { Twin } from '../../twin/twin.js';\nvoid Twin;\n"],
];

describe('layer boundaries (eslint.boundaries.js)', () => {
  it.each(violations)('fires: %s', async (_rule, file, code) => {
    expect(await restricted(file, code)).toHaveLength(1);
  });
  it.each(allowed)('quiet: %s', async (_rule, file, code) => {
    expect(await restricted(file, code)).toEqual([]);
  });
});
