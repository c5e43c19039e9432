// SIMCom families (sim7600.md §1): the AT+CGMM model patterns, the USB strings that name a family
// where a PID is shared, and each family's mode switch.
import { NO_SWITCH, type FamilyProfile } from '../profile.js';
import { CUSBCFG, CUSBPIDSWITCH, CUSBSELNV } from './usb-mode.js';

export const SIMCOM_FAMILIES = [
  { family: 'sim7600', label: 'SIMCom SIM7600', model: /^SIM7[56]\d\d/, modeSwitch: CUSBPIDSWITCH },
  { family: 'sim7000', label: 'SIMCom SIM7000', model: /^SIM7000/, modeSwitch: CUSBPIDSWITCH },
  { family: 'sim7100', label: 'SIMCom SIM7100', model: /^SIM7100/, modeSwitch: CUSBPIDSWITCH },
  // SIM7070/7080/7090 share the 9205/9206 compositions, switched with AT+CUSBSELNV (sim7600.md §1).
  { family: 'sim7080', label: 'SIMCom SIM7070/SIM7080/SIM7090', model: /^SIM70[789]0/, modeSwitch: CUSBSELNV },
  // 5G: AT+CUSBCFG=usbid,1e0e,<pid> then AT+CFUN=1,1 (sim7600.md §1). Snapdragon X55/X62/SDX35 based:
  // USB product "SDXLEMUR-LITE-MTP ..." / "SDXBAAGHA-IDP ...", manufacturer "SIMCOM" (transcripts
  // T-23; Linux commit 0b39b055b5b4 "add SIMCom 8230C compositions").
  { family: 'sim8200', label: 'SIMCom SIM82xx (5G)', model: /^SIM82\d\d/, usbStrings: /^SIMCOM\|SDX/i, modeSwitch: CUSBCFG },
  // ASR-based, RNDIS or ECM look-alike on 9011 with another layout and AT+DIALMODE (sim7600.md §1);
  // USB product "A76XX Series LTE Module" (journalctl of an A7670E on 1e0e:9011, issue 12).
  { family: 'a76xx', label: 'SIMCom A76xx', model: /^A76\d\d/, usbStrings: /\|A76XX/i, modeSwitch: NO_SWITCH },
] as const satisfies readonly FamilyProfile[];
