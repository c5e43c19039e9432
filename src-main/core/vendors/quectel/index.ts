// The Quectel profile (VID 2c7c): EC2x/EG2x/EG9x/BG96/EP06 and the 5G RG50x/RM50x/RM520.
import type { VendorProfile } from '../profile.js';
import { QUECTEL_FAMILIES } from './families.js';
import { readingOfUsbnet, USBNET_QUERY } from './usbnet.js';

export const VID_QUECTEL = 0x2c7c;

export const QUECTEL = {
  id: 'quectel',
  label: 'Quectel',
  usbVendorIds: [VID_QUECTEL],
  manufacturer: /quectel/i,
  families: QUECTEL_FAMILIES,
  // AT+CGDCONT for the context, AT+QICSGP for its credentials, USER before password (core/apn/quectel.ts).
  apn: { kind: 'qicsgp', source: 'Quectel EC2x/EG9x/BG96 AT manuals, AT+QICSGP (sim7600.md §2)' },
  // Every usbnet function takes the APN from context 1 (catalog rows of issue 12; no cid 6 routing).
  apnContexts: () => [1],
  usbModeQuery: USBNET_QUERY,
  modeOfRawFacts: ({ usbnet }) => (usbnet !== undefined && usbnet !== null ? readingOfUsbnet(usbnet) : null),
  // LTE, NSA and SA answers read by core/at/commands/qeng.ts.
  servingCellQuery: 'AT+QENG="servingcell"',
  quirks: [
    { id: 'usbnet-keeps-pid', note: 'The PID stays the same across AT+QCFG="usbnet" modes: the interfaces (catalog signatures) or AT+QCFG="usbnet" tell the mode (sim7600.md §1).' },
    { id: 'rndis-moves-at', note: 'In RNDIS (usbnet 3) the AT port moves from if2 to if4 (reported, sim7600.md §1; catalog rows).' },
  ],
  reattach: { method: 'radio-cycle', source: 'AT+CFUN=0 / AT+CFUN=1 (27.007 §8.2), as the APN workflow does' },
  reset: { command: 'AT+CFUN=1,1', source: 'Quectel AT manuals: AT+CFUN=1,1 resets the module (the usbnet switch uses it too)' },
  doctorRules: {},
} as const satisfies VendorProfile;
