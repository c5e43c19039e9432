// Error codes of +CME ERROR (3GPP TS 27.007 §9.2) and +CMS ERROR (3GPP TS 27.005 §3.2.5),
// with the action a user can take. Names are the 27.007 texts: with AT+CMEE=2 the SIM7600
// prints them verbatim (transcripts T-13: `+CME ERROR: SIM busy`), so the same table maps both ways.

export interface ErrorCodeInfo {
  name: string;
  /** What to do about it, in the user's words; absent when there is nothing useful to say. */
  hint?: string;
}

const RETRY_SIM = 'The SIM is still starting up (normal for a few seconds after boot or reset): retry shortly.';
const INSERT_SIM = 'Insert a SIM card (power the modem off first), then retry.';
const ENTER_PIN = 'The SIM is locked: enter its PIN (simhat asks for it, or AT+CPIN="<pin>").';
const ENTER_PUK = 'The SIM is PUK-blocked after too many wrong PINs: unlock it with the PUK from the SIM card holder (AT+CPIN="<puk>","<new pin>").';
const NO_NETWORK = 'No network service: check the antenna, coverage and that the SIM is active.';

export const CME_ERRORS: ReadonlyMap<number, ErrorCodeInfo> = new Map<number, ErrorCodeInfo>([
  [0, { name: 'phone failure' }],
  [1, { name: 'no connection to phone' }],
  [2, { name: 'phone-adaptor link reserved' }],
  [3, { name: 'operation not allowed', hint: 'The modem refused this in its current state (e.g. radio off, SIM missing or locked).' }],
  [4, { name: 'operation not supported', hint: 'This modem or firmware does not support the command.' }],
  [5, { name: 'PH-SIM PIN required', hint: 'The modem is locked to another SIM: enter the phone-lock code.' }],
  [6, { name: 'PH-FSIM PIN required' }],
  [7, { name: 'PH-FSIM PUK required' }],
  [10, { name: 'SIM not inserted', hint: INSERT_SIM }],
  [11, { name: 'SIM PIN required', hint: ENTER_PIN }],
  [12, { name: 'SIM PUK required', hint: ENTER_PUK }],
  [13, { name: 'SIM failure', hint: 'The SIM does not answer: reseat it, clean the contacts, or try another SIM.' }],
  [14, { name: 'SIM busy', hint: RETRY_SIM }],
  [15, { name: 'SIM wrong', hint: 'The modem rejects this SIM: try another SIM or check the modem is not carrier-locked.' }],
  [16, { name: 'incorrect password', hint: 'Wrong PIN or password: check it (attempts are limited, the SIM blocks after 3 wrong PINs).' }],
  [17, { name: 'SIM PIN2 required', hint: 'Enter the SIM PIN2.' }],
  [18, { name: 'SIM PUK2 required', hint: 'Enter the SIM PUK2.' }],
  [20, { name: 'memory full' }],
  [21, { name: 'invalid index' }],
  [22, { name: 'not found' }],
  [23, { name: 'memory failure' }],
  [24, { name: 'text string too long' }],
  [25, { name: 'invalid characters in text string' }],
  [26, { name: 'dial string too long' }],
  [27, { name: 'invalid characters in dial string' }],
  [30, { name: 'no network service', hint: NO_NETWORK }],
  [31, { name: 'network timeout', hint: 'The network did not answer in time: retry; check signal strength.' }],
  [32, { name: 'network not allowed - emergency calls only', hint: 'The network refuses this SIM (emergency calls only): check the SIM is active and allowed here.' }],
  [40, { name: 'network personalization PIN required' }],
  [41, { name: 'network personalization PUK required' }],
  [42, { name: 'network subset personalization PIN required' }],
  [43, { name: 'network subset personalization PUK required' }],
  [44, { name: 'service provider personalization PIN required' }],
  [45, { name: 'service provider personalization PUK required' }],
  [46, { name: 'corporate personalization PIN required' }],
  [47, { name: 'corporate personalization PUK required' }],
  [50, { name: 'incorrect parameters', hint: 'The modem refused a parameter value.' }],
  [100, { name: 'unknown' }],
  [103, { name: 'illegal MS', hint: 'The network rejected the SIM (illegal MS): contact the operator.' }],
  [106, { name: 'illegal ME', hint: 'The network rejected this device (illegal ME): contact the operator.' }],
  [107, { name: 'GPRS services not allowed', hint: 'The SIM has no data service here: check the plan includes data (and roaming, if abroad).' }],
  [111, { name: 'PLMN not allowed', hint: 'This network does not allow the SIM: check roaming or choose another operator.' }],
  [112, { name: 'location area not allowed' }],
  [113, { name: 'roaming not allowed in this location area', hint: 'Roaming is not allowed here: enable roaming on the SIM plan.' }],
  [132, { name: 'service option not supported' }],
  [133, { name: 'requested service option not subscribed', hint: 'The plan does not include this service: check the APN and the data plan.' }],
  [134, { name: 'service option temporarily out of order', hint: 'Temporary network problem: retry later.' }],
  [148, { name: 'unspecified GPRS error', hint: 'The data session was refused: check the APN (and user/password) for your operator.' }],
  [149, { name: 'PDP authentication failure', hint: 'The operator refused the APN user/password: check them and the auth type (PAP/CHAP).' }],
  [150, { name: 'invalid mobile class' }],
]);

export const CMS_ERRORS: ReadonlyMap<number, ErrorCodeInfo> = new Map<number, ErrorCodeInfo>([
  [300, { name: 'ME failure' }],
  [301, { name: 'SMS service of ME reserved' }],
  [302, { name: 'operation not allowed' }],
  [303, { name: 'operation not supported' }],
  [304, { name: 'invalid PDU mode parameter' }],
  [305, { name: 'invalid text mode parameter' }],
  [310, { name: 'SIM not inserted', hint: INSERT_SIM }],
  [311, { name: 'SIM PIN required', hint: ENTER_PIN }],
  [312, { name: 'PH-SIM PIN required' }],
  [313, { name: 'SIM failure' }],
  [314, { name: 'SIM busy', hint: RETRY_SIM }],
  [315, { name: 'SIM wrong' }],
  [316, { name: 'SIM PUK required', hint: ENTER_PUK }],
  [317, { name: 'SIM PIN2 required' }],
  [318, { name: 'SIM PUK2 required' }],
  [320, { name: 'memory failure' }],
  [321, { name: 'invalid memory index' }],
  [322, { name: 'memory full' }],
  [330, { name: 'SMSC address unknown', hint: 'No SMS service centre number is set (AT+CSCA).' }],
  [331, { name: 'no network service', hint: NO_NETWORK }],
  [332, { name: 'network timeout' }],
  [340, { name: 'no +CNMA acknowledgement expected' }],
  [500, { name: 'unknown error' }],
]);

function byName(table: ReadonlyMap<number, ErrorCodeInfo>, aliases: Record<string, number>): Map<string, number> {
  const m = new Map<string, number>();
  for (const [code, info] of table) m.set(normalizeName(info.name), code);
  for (const [text, code] of Object.entries(aliases)) m.set(normalizeName(text), code);
  return m;
}

/**
 * Verbose texts differ between firmwares in case, spacing and punctuation ("SIM busy", "Sim Busy",
 * "SIM  busy", "operationnotallowed", "network not allowed - emergency calls only"): compared on
 * letters and digits only.
 */
function normalizeName(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '');
}

/**
 * Other wording for a 27.007 code (issue 12: "no network", "timeout"...), so the hint still appears.
 * Only wordings that can mean one code; "some vendor text" stays unmapped.
 */
const CME_ALIASES: Record<string, number> = {
  'no network': 30,
  'no network service available': 30,
  'network not available': 30,
  timeout: 31,
  'network timeout error': 31,
  'operation not permitted': 3,
  'not allowed': 3,
  'not supported': 4,
  'operation not supported by the device': 4,
  'no sim': 10,
  'sim not present': 10,
  'sim card not inserted': 10,
  'sim not ready': 14,
  'pin required': 11,
  'puk required': 12,
  'wrong password': 16,
  'incorrect pin': 16,
  'invalid parameter': 50,
  'invalid parameters': 50,
  'unknown error': 100,
  'pdp authentication error': 149,
};

const CMS_ALIASES: Record<string, number> = {
  'unknown': 500,
  'sim not ready': 314,
};

const CME_BY_NAME = byName(CME_ERRORS, CME_ALIASES);
const CMS_BY_NAME = byName(CMS_ERRORS, CMS_ALIASES);

export function cmeCodeForText(text: string): number | undefined {
  return CME_BY_NAME.get(normalizeName(text));
}

export function cmsCodeForText(text: string): number | undefined {
  return CMS_BY_NAME.get(normalizeName(text));
}
