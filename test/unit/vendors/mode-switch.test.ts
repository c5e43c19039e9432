// Mode switch plans per catalog strategy (issue 6, sim7600.md §1/§2) and the target per OS. The plans
// live in the vendor profiles now (issue 10); moved from test/unit/doctor/mode-strategy.test.ts.
import { describe, expect, it } from 'vitest';
import { planSwitch } from '../../../src-main/core/vendors/index.js';
import { UnsupportedSwitch } from '../../../src-main/core/vendors/profile.js';
import { modeOfSimcomPid } from '../../../src-main/core/vendors/simcom/usb-mode.js';
import { modeOfUsbnet, parseQcfgUsbnet } from '../../../src-main/core/vendors/quectel/usbnet.js';
import { targetModeFor } from '../../../src-main/core/doctor/target-mode.js';

describe('mode switch plans', () => {
  it.each([
    ['simcom-cusbpidswitch', 'rndis', ['AT+CUSBPIDSWITCH=9011,1,1']],
    ['simcom-cusbpidswitch', 'ecm', ['AT+CUSBPIDSWITCH=9018,1,1']],
    ['simcom-cusbpidswitch', 'qmi', ['AT+CUSBPIDSWITCH=9001,1,1']],
    ['simcom-cusbcfg', 'rndis', ['AT+CUSBCFG=usbid,1e0e,9011', 'AT+CFUN=1,1']],
    ['quectel-qcfg-usbnet', 'rndis', ['AT+QCFG="usbnet",3', 'AT+CFUN=1,1']],
    ['quectel-qcfg-usbnet', 'ecm', ['AT+QCFG="usbnet",1', 'AT+CFUN=1,1']],
    ['quectel-qcfg-usbnet', 'qmi', ['AT+QCFG="usbnet",0', 'AT+CFUN=1,1']],
  ] as const)('%s -> %s', (strategy, target, commands) => {
    expect(planSwitch(strategy, target).commands).toEqual(commands);
  });

  it('families without a known switch (A76xx, SIM7080 CUSBSELNV) are refused, never guessed', () => {
    expect(() => planSwitch('none', 'rndis')).toThrow(UnsupportedSwitch);
    expect(() => planSwitch('simcom-cusbselnv', 'rndis')).toThrow(UnsupportedSwitch);
  });

  it('reads back the current composition', () => {
    expect(modeOfSimcomPid('9011')).toBe('rndis');
    expect(modeOfSimcomPid('9018')).toBe('ecm');
    expect(modeOfSimcomPid('9001')).toBe('qmi');
    expect(modeOfSimcomPid('9003')).toBeNull();
    expect(parseQcfgUsbnet(['+QCFG: "usbnet",3'])).toBe(3);
    expect(parseQcfgUsbnet(['+QCFG: "nat",1'])).toBeNull();
    expect(modeOfUsbnet(2)).toBeNull(); // MBIM: not a target simhat offers
  });

  it.each([
    ['linux', 'rndis'],
    ['win32', 'rndis'],
    ['darwin', 'ecm'],
  ])('target on %s is %s, with a reason', (platform, mode) => {
    const t = targetModeFor(platform);
    expect(t.mode).toBe(mode);
    expect(t.reason.length).toBeGreaterThan(20);
  });
});
