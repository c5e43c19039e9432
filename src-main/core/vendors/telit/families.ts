// Telit families simhat knows. LE910Cx (LE910C1-EU ...): USB product "LE910C1-EU", manufacturer
// "Android" in every usb-devices listing of the Linux commits that added its compositions
// (option.c 0x1251/0x1253/0x1254/0x1255, Fabio Porcedda 2026; 0x1252, commit 8af4274ab599).
import { unsupportedSwitch, type FamilyProfile } from '../profile.js';

/**
 * Telit changes its composition with AT#USBCFG=<mode>, but the values differ per family: the only
 * LE910Cx value in simhat's sources is 7 = MBIM plus ttys (0x1252, commit 8af4274ab599), none for
 * RNDIS, ECM or QMI. So simhat names the command and refuses to guess a value.
 */
const USBCFG = unsupportedSwitch('telit-usbcfg', 'AT#USBCFG values for RNDIS/ECM/QMI on this family are not in simhat\'s sources (see the Telit AT Commands Reference Guide, #USBCFG)');

export const TELIT_FAMILIES = [{ family: 'le910cx', label: 'Telit LE910Cx', model: /^LE910C/, usbStrings: /\|LE910C/i, modeSwitch: USBCFG }] as const satisfies readonly FamilyProfile[];
