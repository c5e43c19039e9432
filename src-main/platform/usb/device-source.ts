// Picks the DeviceSource for this platform: sysfs + usb on Linux, serialport list() elsewhere.
import type { DeviceSource } from '../../core/devices/types.js';
import { LinuxDeviceSource, type LinuxSourceOptions } from './linux-source.js';
import { SerialListDeviceSource } from './serial-list-source.js';

export function createDeviceSource(options: LinuxSourceOptions = {}, platform: NodeJS.Platform = process.platform): DeviceSource {
  if (platform === 'linux') return new LinuxDeviceSource(options);
  return new SerialListDeviceSource(platform);
}
