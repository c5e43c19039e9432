// The SIMCom profile (VID 1e0e): SIM7600 and siblings, SIM82xx 5G, A76xx.
import type { VendorProfile } from '../profile.js';
import { simcomApnContexts } from './contexts.js';
import { SIMCOM_DOCTOR_RULES } from './doctor-rules.js';
import { SIMCOM_FAMILIES } from './families.js';
import { CUSBPIDSWITCH_QUERY, readingOfPid } from './usb-mode.js';

export const VID_SIMCOM = 0x1e0e;

export const SIMCOM = {
  id: 'simcom',
  label: 'SIMCom',
  usbVendorIds: [VID_SIMCOM],
  manufacturer: /SIMCOM|SimTech/i,
  families: SIMCOM_FAMILIES,
  // AT+CGAUTH=<cid>,<type>,"<password>","<user>": password BEFORE user, unlike 27.007 (sim7600.md §2).
  apn: { kind: 'cgauth', order: 'password-first', source: 'SIM7500/SIM7600 AT Command Manual, AT+CGAUTH (sim7600.md §2)' },
  apnContexts: simcomApnContexts,
  usbModeQuery: CUSBPIDSWITCH_QUERY,
  modeOfRawFacts: ({ usbPid }) => (usbPid ? readingOfPid(usbPid) : null),
  servingCellQuery: 'AT+CPSI?',
  quirks: [
    { id: 'first-cpsi-errors', note: 'The first AT+CPSI? after boot can answer a plain ERROR (sim7600.md §2): ModemAt.servingCell retries it once.' },
    { id: 'needs-new-id', note: '9018 (ECM) has no entry in mainline option.c: the serial ports appear only after new_id (sim7600.md §1); catalog quirk, the serial-driver fix.' },
    { id: 'switch-resets-on-change', note: 'AT+CUSBPIDSWITCH=<pid>,1,1 resets the module only if the PID changes (vendor manual §4.23).' },
  ],
  // The default bearer comes up only on attach: after changing APNs cycle CFUN (sim7600.md §2).
  reattach: { method: 'radio-cycle', source: 'sim7600.md §2: cycle AT+CFUN=0 / AT+CFUN=1 after changing the APN' },
  reset: { command: 'AT+CRESET', source: 'SIM7500/SIM7600 AT Command Manual, AT+CRESET (sim7600.md §2)' },
  doctorRules: SIMCOM_DOCTOR_RULES,
} as const satisfies VendorProfile;
