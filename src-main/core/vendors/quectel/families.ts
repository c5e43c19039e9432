// Quectel families (sim7600.md §1, issue 12): all switch with AT+QCFG="usbnet" except the
// UNISOC-based RM500U, whose AT port is found by probing.
import { NO_SWITCH, type FamilyProfile } from '../profile.js';
import { QCFG_USBNET } from './usbnet.js';

export const QUECTEL_FAMILIES = [
  { family: 'ec25', label: 'Quectel EC25/EG25', model: /^E[CG]25/, modeSwitch: QCFG_USBNET },
  { family: 'ec21', label: 'Quectel EC21', model: /^EC21/, modeSwitch: QCFG_USBNET },
  { family: 'eg91', label: 'Quectel EG91', model: /^EG91/, modeSwitch: QCFG_USBNET },
  { family: 'eg95', label: 'Quectel EG95', model: /^EG95/, modeSwitch: QCFG_USBNET },
  { family: 'bg96', label: 'Quectel BG96', model: /^BG96/, modeSwitch: QCFG_USBNET },
  { family: 'ep06', label: 'Quectel EP06', model: /^EP06/, modeSwitch: QCFG_USBNET },
  // 5G, Qualcomm SDX55/SDX62: RG500Q/RM500Q/RM502Q on 0800, RM520N on 0801; same usbnet modes.
  { family: 'rm50x', label: 'Quectel RG50x/RM50x (5G)', model: /^R[GM]50\d[QS]/, modeSwitch: QCFG_USBNET },
  { family: 'rm520', label: 'Quectel RM520N (5G)', model: /^R[GM]52\d/, modeSwitch: QCFG_USBNET },
  // UNISOC-based RM500U on 0900: another layout; its AT port is found by probing.
  { family: 'rm500u', label: 'Quectel RM500U (5G)', model: /^RM500U/, modeSwitch: NO_SWITCH },
] as const satisfies readonly FamilyProfile[];
