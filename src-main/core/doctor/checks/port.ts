// Doctor checks of the AT port: it opens and answers, and nobody else holds it (issue 6, issue 15).
import type { AtFacts } from '../facts.js';
import type { Fix } from '../report.js';
import { describeHolders, isModemManager, portHolderAdvice } from '../port-advice.js';
import { check, fail, fix, pass, pick, skip, warn, type Judgement } from './entry.js';

/** ModemManager: the udev rule is the lasting cure; anyone else: free-port (which names them, never kills). */
function holderFix(at: AtFacts): Fix {
  return at.holders?.some(isModemManager) ? fix('udev-rule') : fix('free-port');
}

function openFailed(at: AtFacts & { port: string }): Judgement | undefined {
  const ev = at.evidence.slice(0, 1);
  const f = at.openFailure;
  if (!f) return undefined;
  switch (f.code) {
    case 'busy':
      return fail(`${at.port} is held by another program (${f.message}). Only one program can talk AT at a time. ${portHolderAdvice(at.port, at.holders ?? [])}`, ev, holderFix(at));
    case 'denied':
      return fail(`No permission to open ${at.port}: add yourself to the dialout group (sudo usermod -aG dialout $USER, then log in again) or run as root.`, ev);
    case 'not-found':
      return fail(`${at.port} does not exist. The modem may be resetting, unplugged, or in a composition where this port moved; run \`simhat devices\`.`, ev);
    case 'open-failed':
      return fail(`Cannot open ${at.port}: ${f.message}`, ev);
    default:
      return fail(
        `${at.port} opened but the modem did not answer AT (${f.message}). Wrong port (try the AT interface, e.g. if02/if04), the modem still booting, or another program using it.`,
        at.evidence,
      );
  }
}

const portAt = check({
  id: 'port.at',
  title: 'AT port answers',
  requires: [],
  gathers: { at: ['AT', 'ATI'], host: ['usb-view'] },
  fixes: ['free-port', 'udev-rule', 'serial-driver'],
  judge({ facts }) {
    const at = facts.at;
    if (!at || !at.port) {
      if (facts.usb?.present) {
        return fail(
          'The modem is on the bus but no AT port was found for it. Give the port with --port (e.g. /dev/ttyUSB2), or check the serial driver.',
          facts.usb.evidence,
          facts.usb.interfaces.some((i) => i.role === 'at' && !i.driver) ? fix('serial-driver') : null,
        );
      }
      if (facts.usb && !facts.usb.present) return skip('No modem on the USB bus, so there is no AT port to try.');
      return fail('No AT port known: give it with --port (e.g. /dev/ttyUSB2 or /dev/serial/by-id/...-if02-port0).');
    }
    const failed = openFailed({ ...at, port: at.port });
    if (failed) return failed;
    if (!at.answered) return fail(`${at.port} did not answer AT.`, at.evidence.slice(0, 2));
    // Unplugged or reset in the middle (issue 15): the SIM and the network were never asked.
    if (at.portLost) {
      return fail(
        `${at.port} vanished during ${at.portLost.command} (${at.portLost.message}): the modem was unplugged, reset or lost power. Nothing after it was checked; plug it back in (or wait for it to reboot) and run the doctor again.`,
        pick(at.evidence, at.portLost.command),
      );
    }
    return pass(`${at.port} answers AT.`, pick(at.evidence, 'AT'));
  },
});

const portConflict = check({
  id: 'port.conflict',
  title: 'No other program holds the AT port',
  requires: [],
  gathers: { host: ['port-holders'] },
  fixes: ['free-port', 'udev-rule'],
  judge({ facts }) {
    const at = facts.at;
    if (!at || !at.port) return skip('No AT port known.');
    const holders = at.holders ?? [];
    if (holders.length > 0) {
      const who = describeHolders(holders);
      const why = holders.some(isModemManager) ? portHolderAdvice(at.port, holders) : `Two programs on one AT port steal each other's answers. ${portHolderAdvice(at.port, holders)}`;
      return (at.openFailure?.code === 'busy' ? fail : warn)(`${at.port} is also open in ${who}. ${why}`, [], holderFix(at));
    }
    if (at.openFailure?.code === 'busy') return fail(`${at.port} is locked by another program (${at.openFailure.message}). ${portHolderAdvice(at.port, [])}`, [], fix('free-port'));
    if (at.openFailure) return skip('The port could not be opened, so who else holds it is unknown.');
    return pass(`simhat has ${at.port} to itself.`);
  },
});

export const PORT_CHECKS = [portAt, portConflict] as const;
