// The Telit profile (VID 1bc7), kept to what public sources say: the LE910Cx compositions of Linux
// option.c / qmi_wwan.c and ModemManager's 77-mm-telit-port-types.rules (catalog rows), the 3GPP
// TS 27.007 commands for the APN, and Telit's #REBOOT. No mode switch (see families.ts), no vendor
// queries simhat parses.
import type { VendorProfile } from '../profile.js';
import { TELIT_FAMILIES } from './families.js';

export const VID_TELIT = 0x1bc7;

export const TELIT = {
  id: 'telit',
  label: 'Telit',
  usbVendorIds: [VID_TELIT],
  manufacturer: /telit/i,
  families: TELIT_FAMILIES,
  // 3GPP TS 27.007 §10.1.31 order AT+CGAUTH=<cid>,<auth_prot>,<userid>,<password> (user first):
  // Telit documents no swap like SIMCom's; not verified on hardware by simhat.
  apn: { kind: 'cgauth', order: 'user-first', source: '3GPP TS 27.007 §10.1.31 (+CGAUTH), as implemented by Telit modules' },
  // The RNDIS/ECM functions of the LE910Cx take the APN from context 1: nothing in its sources routes another.
  apnContexts: () => [1],
  usbModeQuery: null,
  modeOfRawFacts: () => null,
  servingCellQuery: null,
  quirks: [],
  reattach: { method: 'radio-cycle', source: 'AT+CFUN=0 / AT+CFUN=1 (3GPP TS 27.007 §8.2)' },
  reset: { command: 'AT#REBOOT', source: 'Telit AT Commands Reference Guides, #REBOOT' },
  doctorRules: {},
} as const satisfies VendorProfile;
