// serialport's list() spawns `udevadm` on Linux; without it an unguarded call ends the process
// (issue 3). Each case runs a child Node process with a PATH we control (built code: npm run build:main).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

const SAFE = resolve('dist/main/platform/usb/serial-list.js');
let bin: string;

beforeAll(() => {
  if (!existsSync(SAFE)) throw new Error('build first: npm run build:main');
});
beforeEach(async () => {
  bin = await mkdtemp(join(tmpdir(), 'simhat-path-'));
});
afterEach(async () => {
  await rm(bin, { recursive: true, force: true });
});

function node(code: string, path: string) {
  return spawnSync(process.execPath, ['--input-type=module', '-e', code], { encoding: 'utf8', env: { PATH: path }, cwd: resolve('.'), timeout: 20_000 });
}

async function fakeUdevadm(script: string): Promise<void> {
  const file = join(bin, 'udevadm');
  await writeFile(file, `#!/bin/sh\n${script}\n`);
  await chmod(file, 0o755);
}

const safeList = (opts = '{}') => `import { safeSerialList } from ${JSON.stringify(SAFE)}; console.log(JSON.stringify(await safeSerialList(${opts})));`;

describe('serial port listing without udevadm', () => {
  it('an unguarded SerialPort.list() kills the process; ours returns a reason and the process lives', () => {
    const raw = node("import { SerialPort } from 'serialport'; SerialPort.list(); setTimeout(() => console.log('alive'), 300);", bin);
    expect(raw.status).not.toBe(0);
    expect(raw.stderr).toContain('spawn udevadm ENOENT');
    expect(raw.stdout).not.toContain('alive');

    const safe = node(safeList(), bin);
    expect(safe.status).toBe(0);
    expect(JSON.parse(safe.stdout)).toEqual({ ports: [], reason: 'udevadm is not installed: serial ports cannot be listed through udev (sysfs is used instead)' });
  });

  it('udevadm failing: an empty list and the process lives', async () => {
    // serialport resolves on the end of udevadm's output before it sees the exit code, so a failing
    // udevadm reads as "no ports" (its later rejection is dropped): nothing to crash on either way.
    await fakeUdevadm('echo broken >&2; exit 3');
    const r = node(safeList() + " setTimeout(() => console.log('alive'), 200);", `${bin}:/usr/bin:/bin`);
    expect(r.status).toBe(0);
    expect(r.stdout.trim().split('\n')).toEqual(['{"ports":[]}', 'alive']);
  });

  it('udevadm hanging: gives up after the timeout', async () => {
    // Hangs far past the 300 ms timeout, but not for long: serialport's child cannot be killed
    // from outside, so this `sleep` outlives the test process as an orphan.
    await fakeUdevadm('exec sleep 5');
    const started = Date.now();
    const r = node(safeList('{ timeoutMs: 300 }') + ' process.exit(0);', `${bin}:/usr/bin:/bin`);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(JSON.parse(r.stdout)).toEqual({ ports: [], reason: 'serial port listing failed: listing serial ports took longer than 300 ms' });
  });

  it('a working udevadm: the ports come through (udevadm info -e format)', async () => {
    await fakeUdevadm(
      [
        "cat <<'EOF'",
        'P: /devices/platform/scb/fd500000.pcie/pci0000:00/0000:00:00.0/0000:01:00.0/usb1/1-1/1-1.3/1-1.3:1.2/ttyUSB2/tty/ttyUSB2',
        'N: ttyUSB2',
        'S: serial/by-id/usb-SimTech__Incorporated_SimTech__Incorporated_0123456789ABCDEF-if02-port0',
        'E: DEVNAME=/dev/ttyUSB2',
        'E: ID_VENDOR_ENC=SimTech\\x2c\\x20Incorporated',
        'E: ID_VENDOR_ID=1e0e',
        'E: ID_MODEL_ID=9001',
        'E: ID_SERIAL_SHORT=0123456789ABCDEF',
        'E: DEVLINKS=/dev/serial/by-id/usb-SimTech__Incorporated_SimTech__Incorporated_0123456789ABCDEF-if02-port0',
        '',
        'P: /devices/virtual/tty/tty0',
        'N: tty0',
        '',
        'EOF',
      ].join('\n'),
    );
    const r = node(safeList(), `${bin}:/usr/bin:/bin`);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      ports: [
        {
          path: '/dev/ttyUSB2',
          manufacturer: 'SimTech, Incorporated',
          serialNumber: '0123456789ABCDEF',
          pnpId: 'usb-SimTech__Incorporated_SimTech__Incorporated_0123456789ABCDEF-if02-port0',
          vendorId: '1e0e',
          productId: '9001',
        },
      ],
    });
  });
});
