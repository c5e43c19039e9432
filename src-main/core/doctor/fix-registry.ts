// The doctor's fixes as a registry (issue 10, item 4): each fix one entry with its id, its default
// label and its place in the order `--fix` / "Fix all" applies them. The executable half of every
// entry lives in src-main/service/fixes.ts, keyed by the same ids (a missing runner fails to compile).
// docs/doctor-json.md lists every id; test/unit/doctor/doctor-json-doc.test.ts keeps the two in step.

export interface FixEntry<Id extends string = string> {
  id: Id;
  /** What the action does, in the user's words; a check may give a more precise one. */
  label: string;
  /** Position in the apply order: a fix that changes what later ones depend on comes first. */
  order: number;
}

function fix<const Id extends string>(e: FixEntry<Id>): FixEntry<Id> {
  return e;
}

/** Every fix, in apply order: a driver, then a port, then the mode (which resets), the SIM, the radio, the APN, the host. */
export const FIX_ENTRIES = [
  fix({ id: 'serial-driver', order: 10, label: 'Bind the generic USB serial driver to this PID (new_id) so the AT port appears' }),
  fix({ id: 'udev-rule', order: 20, label: 'Install the udev rule that keeps ModemManager off the AT ports' }),
  fix({ id: 'free-port', order: 30, label: 'Stop the program holding the AT port' }),
  fix({ id: 'switch-rndis', order: 40, label: 'Switch the modem to RNDIS: it resets and comes back with a usb0 network interface' }),
  fix({ id: 'switch-ecm', order: 50, label: 'Switch the modem to ECM: it resets and comes back with a CDC Ethernet interface' }),
  fix({ id: 'enter-pin', order: 60, label: 'Enter the SIM PIN' }),
  fix({ id: 'radio-on', order: 70, label: 'Switch the radio on (AT+CFUN=1)' }),
  fix({ id: 'apply-apn', order: 80, label: 'Apply the APN preset' }),
  fix({ id: 'dhcp-up', order: 90, label: 'Bring the interface up and ask the modem for an address (DHCP)' }),
  fix({ id: 'route-policy', order: 100, label: 'Set the default-route metric for the chosen policy' }),
] as const;

export type FixId = (typeof FIX_ENTRIES)[number]['id'];

/** Fix ids in the order `--fix` applies them. */
export const FIX_IDS: readonly FixId[] = [...FIX_ENTRIES].sort((a, b) => a.order - b.order).map((e) => e.id);

const BY_ID = new Map<string, FixEntry<FixId>>(FIX_ENTRIES.map((e) => [e.id, e]));

export function fixEntry(id: FixId): FixEntry<FixId> {
  return BY_ID.get(id)!;
}

export function isFixId(id: string): id is FixId {
  return BY_ID.has(id);
}
