// USB layouts of real modules other than the twin's SIM7600G-H, for the fake sysfs tree
// (test/helpers/fake-sysfs.ts). Each one is taken from public output of the real device, named below.
import type { TwinUsbInterface, TwinUsbLayout } from '../../src-main/twin/usb-descriptors.js';

const option = (number: number, subclass: number, protocol: number): TwinUsbInterface => ({ number, class: 0xff, subclass, protocol, driver: 'option', serial: true });

/**
 * SIMCom A7670E on 1e0e:9011 with CDC Ethernet instead of RNDIS (issue 12). Kernel log of a real
 * A7670E (journalctl -k in a public write-up, "Cellular Connectivity with Raspberry Pi 4B"):
 *   usb 1-2.1: New USB device found, idVendor=1e0e, idProduct=9011
 *   usb 1-2.1: Product: A76XX Series LTE Module / Manufacturer: SIMCom Wireless Solution
 *   cdc_ether 1-2.1:1.0 usb0: register 'cdc_ether' ...
 *   option 1-2.1:1.2: GSM modem (1-port) converter detected ... attached to ttyUSB0
 * if2..if5 option ports (a public A7672 USB host driver, REG_DEV a7672x, uses if4 and if5 as its
 * command ports). The ECM control interface is class 02/06/00 as for every cdc_ether device.
 */
export const A7670E_9011_ECM: TwinUsbLayout = {
  vid: 0x1e0e,
  pid: 0x9011,
  bcdDevice: '0200',
  version: ' 2.00',
  deviceClass: 0xef,
  deviceSubClass: 0x02,
  deviceProtocol: 0x01,
  maxPacketSize0: 64,
  speed: 480,
  manufacturer: 'SIMCom Wireless Solution',
  product: 'A76XX Series LTE Module',
  serial: '200806006809080000',
  interfaces: [
    { number: 0, class: 0x02, subclass: 0x06, protocol: 0x00, driver: 'cdc_ether', serial: false, net: 'usb' },
    { number: 1, class: 0x0a, subclass: 0x00, protocol: 0x00, driver: 'cdc_ether', serial: false },
    option(2, 0xff, 0xff),
    option(3, 0x00, 0x00),
    option(4, 0x00, 0x00),
    option(5, 0x00, 0x00),
  ],
};

/**
 * SIMCom SIM8262E-M2 (5G) in its default composition 9001 (AT+CUSBCFG=? lists 9001, 9003, 9011,
 * 901e; StackOverflow 75840041). USB strings from its kernel log (transcripts T-23): Manufacturer
 * "SIMCOM", Product "SDXLEMUR-LITE-MTP _SN:1505A7A0", bcdDevice 5.04, SuperSpeed. SIMCom keeps the
 * 9001 functions across its families (Diag, NMEA, AT, Modem, Audio, RmNet on if5; sim7600.md §1,
 * T-12): the interface classes are those of T-12.
 */
export const SIM8262E_9001: TwinUsbLayout = {
  vid: 0x1e0e,
  pid: 0x9001,
  bcdDevice: '0504',
  version: ' 3.20',
  deviceClass: 0,
  deviceSubClass: 0,
  deviceProtocol: 0,
  maxPacketSize0: 9,
  speed: 5000,
  manufacturer: 'SIMCOM',
  product: 'SDXLEMUR-LITE-MTP _SN:1505A7A0',
  serial: '0123456789ABCDEF',
  interfaces: [
    option(0, 0xff, 0xff),
    option(1, 0x00, 0x00),
    option(2, 0x00, 0x00),
    option(3, 0x00, 0x00),
    option(4, 0x00, 0x00),
    { number: 5, class: 0xff, subclass: 0xff, protocol: 0xff, driver: 'qmi_wwan', serial: false, net: 'wwan', wdm: true },
  ],
};

/**
 * Quectel RM500Q-AE in QMI mode, usb-devices from Linux commit 06f22cd6635b ("USB: serial: option:
 * add Quectel RM500Q R13 firmware support"): P: Vendor=2c7c ProdID=0800 Rev= 4.14, Quectel,
 * RM500Q-AE; if0 ff/ff/30, if1 ff/00/40 (NMEA), if2 and if3 ff/00/00 (option), if4 ff/ff/ff qmi_wwan.
 */
export const RM500Q_AE_0800: TwinUsbLayout = {
  vid: 0x2c7c,
  pid: 0x0800,
  bcdDevice: '0414',
  version: ' 3.20',
  deviceClass: 0,
  deviceSubClass: 0,
  deviceProtocol: 0,
  maxPacketSize0: 9,
  speed: 5000,
  manufacturer: 'Quectel',
  product: 'RM500Q-AE',
  serial: 'xxxxxxxx',
  interfaces: [
    option(0, 0xff, 0x30),
    option(1, 0x00, 0x40),
    option(2, 0x00, 0x00),
    option(3, 0x00, 0x00),
    { number: 4, class: 0xff, subclass: 0xff, protocol: 0xff, driver: 'qmi_wwan', serial: false, net: 'wwan', wdm: true },
  ],
};

/**
 * A Quectel device whose PID has no interface map in the catalog (RM500U-CN on 2c7c:0900, UNISOC):
 * three option ports, one of which answers AT. The device side is what the unknown-PID probe needs;
 * the strings are Quectel's.
 */
export const QUECTEL_0900_UNMAPPED: TwinUsbLayout = {
  ...RM500Q_AE_0800,
  pid: 0x0900,
  product: 'RM500U-CN',
  interfaces: [option(0, 0xff, 0xff), option(1, 0x00, 0x00), option(2, 0x00, 0x00)],
};
