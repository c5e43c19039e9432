// Api methods of the SIM PIN dialog and the carrier picker (issue 14): tries left and entering the PIN or
// PUK (./sim-pin.ts), country -> provider -> plan browsing (./carrier-browse.ts).
import { browseCarriers } from './carrier-browse.js';
import type { Impl, Parts } from './parts.js';
import { enterSimPin, pinVendorOf, readSimPin } from './sim-pin.js';

type SimMethods = Pick<Impl, 'simPin' | 'enterPin' | 'browseCarriers'>;

export function simMethods(p: Parts): SimMethods {
  const vendorOf = async (modemId: string) => {
    await p.modems.ready();
    return pinVendorOf(p.modems.get(modemId).usb?.vid ?? '');
  };
  return {
    simPin: async ({ modemId }) => readSimPin(await p.sessions.engine(modemId), await vendorOf(modemId)),
    // Entering a PIN changes the SIM's state: one writer at a time (issue 15 item 4).
    async enterPin({ modemId, pin, puk }) {
      const vendor = await vendorOf(modemId);
      const release = p.sessions.claim(modemId, 'entering the SIM PIN');
      try {
        return await enterSimPin(await p.sessions.engine(modemId), vendor, { pin, ...(puk ? { puk } : {}) });
      } finally {
        release();
      }
    },
    browseCarriers: async (req) => browseCarriers(p.env.apn(), req),
  };
}
