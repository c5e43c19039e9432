// What the doctor tells a user whose AT port another program holds (core/doctor/port-advice.ts).
import { describe, expect, it } from 'vitest';
import { isModemManager, portHolderAdvice } from '../../../src-main/core/doctor/port-advice.js';

const PORT = '/dev/ttyUSB2';

describe('portHolderAdvice', () => {
  it.each<[string, { pid: number; command: string }[], RegExp[], RegExp[]]>([
    [
      'ModemManager (comm name): the udev rule, how MM lets go, and stopping it for the session, by the user',
      [{ pid: 812, command: 'ModemManager' }],
      [/ENV\{ID_MM_DEVICE_IGNORE\}="1"/, /re-plug the modem, or run `sudo systemctl restart ModemManager`/, /`sudo systemctl stop ModemManager`/, /has no verb for that/],
      [/Close/],
    ],
    [
      'ModemManager (path) and minicom: both parts',
      [
        { pid: 812, command: '/usr/sbin/ModemManager' },
        { pid: 900, command: 'minicom' },
      ],
      [/udev-rule fix/, /Close minicom \(pid 900\) yourself/],
      [/Close .*ModemManager/],
    ],
    ['minicom only: close it yourself, nothing about ModemManager', [{ pid: 900, command: 'minicom' }], [/^Close minicom \(pid 900\) yourself .*simhat never stops other programs\.$/], [/systemctl/, /udev/]],
    ['nobody named: how to find out, and both ways out', [], [/sudo fuser -v \/dev\/ttyUSB2/, /`sudo systemctl stop ModemManager`/, /never stops other programs/], []],
  ])('%s', (_name, holders, present, absent) => {
    const text = portHolderAdvice(PORT, holders);
    for (const re of present) expect(text).toMatch(re);
    for (const re of absent) expect(text).not.toMatch(re);
  });

  it('recognises ModemManager by comm name or path, nothing else', () => {
    expect([{ pid: 1, command: 'ModemManager' }, { pid: 2, command: '/usr/sbin/ModemManager' }, { pid: 3, command: 'minicom' }].map(isModemManager)).toEqual([true, true, false]);
  });
});
