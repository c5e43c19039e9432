// The SIMCom profile's own doctor rules (issue 10): what only SIMCom knows about a check.
import { usbDriversJudgement } from '../../doctor/checks/usb.js';
import type { VendorRule } from '../profile.js';

/** sim7600.md §1: mainline option.c has no 9018 entry, so its ttyUSB ports vanish without new_id. */
const NEW_ID_9018 = '9018 has no serial driver in mainline Linux (option.c has no entry): simhat can add new_id for the generic driver.';

export const SIMCOM_DOCTOR_RULES: Readonly<Record<string, VendorRule>> = {
  'usb.drivers': ({ facts }) => (facts.usb?.pid === '9018' ? usbDriversJudgement(facts.usb, NEW_ID_9018) : undefined),
};
