// Windows / macOS mapping from serialport list() output (no sysfs there).
import { describe, expect, it } from 'vitest';
import { mapMacPorts, mapWindowsPorts, parseMacHardwarePorts, withAddressCheck, type SerialPortInfo } from '../../../src-main/core/devices/serial-list-map.js';

// Recorded: pyserial comports() of two SIM7600 in 9001 on Windows with SimTech's driver, from a
// comment in a public GitHub script ("COM14: SimTech HS-USB AT Port 9001 (COM14) [AWUSB\VID_1E0E&...]").
// The hwid in brackets is the device instance id, which serialport reports as pnpId.
const RECORDED_WIN_AT_PORTS = [
  'COM14: SimTech HS-USB AT Port 9001 (COM14) [AWUSB\\VID_1E0E&PID_9001&MI_02\\5&1148094C&0&0002]',
  'COM18: SimTech HS-USB AT Port 9001 (COM18) [AWUSB\\VID_1E0E&PID_9001&MI_02\\5&1939758C&0&0002]',
];

function fromPyserialLine(line: string): SerialPortInfo {
  const m = /^(COM\d+): (.*) \[(.*)\]$/.exec(line);
  if (!m?.[1] || !m[3]) throw new Error(`bad fixture ${line}`);
  return { path: m[1], pnpId: m[3], manufacturer: 'SimTech, Incorporated', vendorId: '1E0E', productId: '9001' };
}

describe('Windows: pnpId MI_nn hints', () => {
  it('two SIM7600 on 9001 (recorded): two modems, AT port by MI_02, told apart by the parent instance', () => {
    const modems = mapWindowsPorts(RECORDED_WIN_AT_PORTS.map(fromPyserialLine));
    expect(modems.map((m) => [m.portPath, m.atPort, m.atInterface, m.mode])).toEqual([
      ['win:5&1148094c&0', 'COM14', 2, 'qmi'],
      ['win:5&1939758c&0', 'COM18', 2, 'qmi'],
    ]);
  });

  // Shaped like serialport 13's Windows list() (pnpId = device instance id) and
  // `Get-NetAdapter | Select Name,InterfaceDescription,MacAddress,PnPDeviceID | ConvertTo-Json`; not a capture.
  const ports9011: SerialPortInfo[] = [2, 3, 4, 5, 6].map((mi, k) => ({
    path: `COM${7 + k}`,
    manufacturer: 'SimTech, Incorporated',
    pnpId: `USB\\VID_1E0E&PID_9011&MI_0${mi}\\6&2F1B3C7&0&000${mi}`,
    vendorId: '1E0E',
    productId: '9011',
  }));
  const unrelated: SerialPortInfo = { path: 'COM3', manufacturer: 'FTDI', pnpId: 'FTDIBUS\\VID_0403+PID_6001+A50285BIA\\0000', vendorId: '0403', productId: '6001' };

  it('9011 with an RNDIS adapter: AT on MI_04, the adapter found by the same parent instance', () => {
    const [m, ...rest] = mapWindowsPorts([unrelated, ...ports9011], [
      { Name: 'Wi-Fi', InterfaceDescription: 'Intel(R) Wi-Fi 6 AX201 160MHz', PnPDeviceID: 'PCI\\VEN_8086&DEV_A0F0&SUBSYS_00748086&REV_20\\3&11583659&0&A3' },
      { Name: 'Ethernet 3', InterfaceDescription: 'Remote NDIS based Internet Sharing Device', MacAddress: '2A-85-DA-41-EB-F9', PnPDeviceID: 'USB\\VID_1E0E&PID_9011&MI_00\\6&2F1B3C7&0&0000' },
    ]);
    expect(rest).toEqual([]);
    expect(m).toMatchObject({ pid: '9011', mode: 'rndis', atPort: 'COM9', atInterface: 4, pppPort: 'COM10', netIface: 'Ethernet 3', apnContexts: [1, 6] });
    if (!m) throw new Error('no modem');
    // os.networkInterfaces(): with a lease the adapter has an address; without, a warning says so.
    const leased = withAddressCheck([m], { 'Ethernet 3': [{ address: '192.168.225.44', family: 'IPv4', internal: false }] });
    expect(leased[0]?.warnings).toEqual(m.warnings);
    const bare = withAddressCheck([m], { 'Ethernet 3': [{ address: 'fe80::2885:daff:fe41:ebf9', family: 'IPv6', internal: false }] });
    expect(bare[0]?.warnings).toContain('Ethernet 3 has no IPv4 address yet (no DHCP lease from the modem?)');
  });

  it('Quectel EC25 in RNDIS: serial on MI_02..05 picks the RNDIS layout (AT MI_04); in QMI MI_00..03 (AT MI_02)', () => {
    const q = (mis: number[]) =>
      mis.map((mi, k): SerialPortInfo => ({ path: `COM${20 + k}`, pnpId: `USB\\VID_2C7C&PID_0125&MI_0${mi}\\6&1A2B3C4D&0&000${mi}`, vendorId: '2C7C', productId: '0125' }));
    expect(mapWindowsPorts(q([2, 3, 4, 5]))[0]).toMatchObject({ mode: 'rndis', atPort: 'COM22' });
    expect(mapWindowsPorts(q([0, 1, 2, 3]))[0]).toMatchObject({ mode: 'qmi', atPort: 'COM22' });
  });

  it('ignores ports without an interface hint or of other vendors', () => {
    expect(mapWindowsPorts([unrelated, { path: 'COM1', pnpId: 'ACPI\\PNP0501\\1' }])).toEqual([]);
  });
});

describe('macOS: locationId groups, order of cu.* ports', () => {
  // Shaped like serialport 13's darwin list() for a modem with a vendor serial driver; not a capture.
  const ports: SerialPortInfo[] = [0, 1, 2, 3, 4].flatMap((k) => [
    { path: `/dev/tty.usbmodem1420${k + 1}`, vendorId: '1e0e', productId: '9018', locationId: '14200000', serialNumber: '0123456789ABCDEF', manufacturer: 'SimTech, Incorporated' },
    { path: `/dev/cu.usbmodem1420${k + 1}`, vendorId: '1e0e', productId: '9018', locationId: '14200000', serialNumber: '0123456789ABCDEF', manufacturer: 'SimTech, Incorporated' },
  ]);
  const hw = parseMacHardwarePorts(
    ['Hardware Port: Wi-Fi', 'Device: en0', 'Ethernet Address: a4:83:e7:00:00:01', '', 'Hardware Port: SimTech, Incorporated', 'Device: en7', 'Ethernet Address: 2a:85:da:41:eb:f9', ''].join('\n'),
  );

  it('9018 (ECM, the macOS mode): AT = third serial port, netdev from networksetup, with the inference said', () => {
    expect(hw).toEqual([
      { port: 'Wi-Fi', device: 'en0', mac: 'a4:83:e7:00:00:01' },
      { port: 'SimTech, Incorporated', device: 'en7', mac: '2a:85:da:41:eb:f9' },
    ]);
    const [m] = mapMacPorts(ports, hw);
    expect(m).toMatchObject({ portPath: 'mac:14200000', mode: 'ecm', atPort: '/dev/cu.usbmodem14203', netIface: 'en7' });
    expect(m?.warnings).toContain('macOS does not name USB interface numbers: the AT port is inferred from the order of the ports');
  });
});
