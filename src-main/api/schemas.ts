// Each Api method's params as a closed shape (./validate.ts applies them at every transport boundary).
// Shapes and alphabets only: the service and the AT/net validators judge the values and name the field.
import type { MethodName } from './contract.js';
import { anyJson, arrayOf, bool, finite, int, isPlainObject, obj, oneOf, optionalRule, str, type Rule } from './rules.js';

// Ids are ours (modem ids, op ids, preset ids): a conservative alphabet.
const ID = /^[A-Za-z0-9._:@/%-]+$/;
const id = (optional = false) => str({ max: 160, pattern: ID, optional });
const MODES = ['rndis', 'ecm', 'qmi', 'mbim', 'ppp-only', 'unknown'] as const;
const POLICIES = ['failover', 'primary'] as const;

// APN settings: shape only here; the AT layer's validators (3GPP TS 23.003 §9.1) judge the values.
const apnSettings = obj({
  apn: str({ max: 100, allowEmpty: true }),
  ipType: oneOf(['IP', 'IPV6', 'IPV4V6']),
  username: str({ max: 64, allowEmpty: true }),
  password: str({ max: 64, allowEmpty: true }),
  auth: oneOf(['none', 'pap', 'chap', 'either']),
});

const empty = obj({});

// The user's answer to the APN decider's ranked list (issue 13). Candidate ids come from the ranking
// ("android/310-260/metropcs-260", "us/t-mobile/0", "preset:<name>"): any printable text, looked up, never sent.
const APN_CHOICES: Record<string, Rule> = {
  'try-all': obj({ kind: oneOf(['try-all']) }),
  pick: obj({ kind: oneOf(['pick']), id: str({ max: 200 }) }),
  manual: obj({ kind: oneOf(['manual']), settings: apnSettings }),
};
const choiceRule = (v: unknown): Rule | undefined => {
  const kind = isPlainObject(v) && Object.hasOwn(v, 'kind') ? v['kind'] : undefined;
  return typeof kind === 'string' && Object.hasOwn(APN_CHOICES, kind) ? APN_CHOICES[kind] : undefined;
};
const apnChoice: Rule = {
  check: (v, path) => {
    if (v === undefined) return null;
    if (!isPlainObject(v)) return `${path} must be an object`;
    const rule = choiceRule(v);
    return rule ? rule.check(v, path) : `${path}.kind must be one of try-all, pick, manual`;
  },
  copy: (v) => (v === undefined ? undefined : (choiceRule(v)?.copy?.(v) ?? v)),
};

// Shape only (the service judges the values and names the field: ./settings-rules.ts). Addresses and
// names reach ping/DNS command lines, so the alphabet is closed here already.
const pingTargets = arrayOf(str({ max: 45, pattern: /^[0-9a-fA-F.:]+$/ }), 8, true);
const dnsName = str({ max: 253, pattern: /^[A-Za-z0-9.-]+$/, optional: true });
const settingsPatch = obj({
  settings: obj({
    policy: oneOf(POLICIES, true),
    pingTargets,
    dnsName,
    theme: oneOf(['system', 'light', 'dark'], true),
    checkIntervalS: finite(true),
    maxResetsPerHour: finite(true),
    hubPowerCycle: bool(true),
    historyRetentionDays: finite(true),
    historyMaxMiB: finite(true),
  }),
});

// Values that reach command lines are judged again where they are used (core/net/validate.ts,
// core/at/validate.ts); here the shapes and alphabets.
const IFACE = /^[A-Za-z0-9_.:-]{1,15}$/;
const iface = str({ max: 15, pattern: IFACE, optional: true });
const STACKS = ['auto', 'nm', 'dhcpcd', 'networkd', 'dhclient', 'udhcpc'] as const;
const netTarget = { modemId: id(true), iface, stack: oneOf(STACKS, true) };
const metric = int(0, 999_999, true);
const timeoutMs = int(100, 3_600_000, true);
const ipType = oneOf(['IP', 'IPV6', 'IPV4V6']);
const authChoice = oneOf(['none', 'pap', 'chap', 'auto']);
const contexts = arrayOf(int(1, 24), 24, true);
const pin = str({ max: 8, pattern: /^[0-9]{4,8}$/, optional: true });
const apnValue = str({ max: 100, allowEmpty: true, optional: true });
const apnTarget = obj({
  apn: str({ max: 100, allowEmpty: true }),
  ipType,
  auth: authChoice,
  username: str({ max: 64, allowEmpty: true, optional: true }),
  password: str({ max: 64, allowEmpty: true, optional: true }),
  label: str({ max: 120, optional: true }),
});
const presetFields = obj({
  name: str({ max: 64, optional: true }),
  apn: apnValue,
  ipType: oneOf(['IP', 'IPV6', 'IPV4V6'], true),
  auth: oneOf(['none', 'pap', 'chap', 'auto'], true),
  username: str({ max: 64, allowEmpty: true, optional: true }),
  password: str({ max: 64, allowEmpty: true, optional: true }),
  contexts,
  note: str({ max: 200, allowEmpty: true, optional: true }),
  carrierId: id(true),
});
const doctorParams = { modemId: id(true), iface, pingTargets, dnsName, noProbes: bool(true), policy: oneOf(POLICIES, true) };
// The import payload is the content of a presets file: the store checks every entry (core/apn/preset.ts).

export const SCHEMAS: { [M in MethodName]: Rule } = {
  appInfo: empty,
  listModems: empty,
  // A serial port path (or COMn): no control characters (str refuses them), of sane length.
  attachPort: obj({ port: str({ max: 1024 }), iface, baudRate: int(50, 4_000_000, true) }),
  listDevices: obj({ probe: bool(true) }),
  getStatus: obj({ modemId: id(), iface }),
  signalHistory: obj({ modemId: id() }),
  getMode: obj({ modemId: id() }),
  switchMode: obj({ modemId: id(), target: oneOf(MODES, true), timeoutMs }),
  revertMode: obj({ modemId: id(true), timeoutMs }),
  searchCarriers: obj({ query: str({ max: 100, allowEmpty: true }), country: str({ max: 2, pattern: /^[a-z]{2}$/, optional: true }), limit: int(1, 500, true) }),
  searchProviders: obj({ query: str({ max: 100 }), limit: int(1, 9999, true) }),
  suggestApn: obj({ modemId: id() }),
  validateApn: obj({ settings: apnSettings }),
  applyApn: obj({
    modemId: id(),
    choice: apnChoice,
    presetId: id(true),
    settings: optionalRule(apnSettings),
    targets: arrayOf(apnTarget, 32, true),
    overrides: obj(
      {
        ipType: oneOf(['IP', 'IPV6', 'IPV4V6'], true),
        username: str({ max: 64, allowEmpty: true, optional: true }),
        password: str({ max: 64, allowEmpty: true, optional: true }),
        auth: oneOf(['none', 'pap', 'chap', 'auto'], true),
      },
      true,
    ),
    contexts,
    tryCandidates: bool(true),
    timeoutMs,
  }),
  apnState: obj({ modemId: id() }),
  listPresets: empty,
  savePreset: obj({
    preset: obj({
      name: str({ max: 64 }),
      settings: apnSettings,
      carrierId: id(true),
    }),
  }),
  deletePreset: obj({ id: id() }),
  presetBook: empty,
  addPreset: obj({ fields: presetFields }),
  editPreset: obj({ name: str({ max: 64 }), fields: presetFields }),
  exportPresets: obj({ names: arrayOf(str({ max: 64 }), 1000, true) }),
  importPresets: obj({ data: anyJson, replace: bool(true) }),
  networkStatus: obj(netTarget),
  networkUp: obj({ ...netTarget, policy: oneOf(POLICIES, true), metric, persist: bool(true), leaseTimeoutMs: timeoutMs }),
  networkDown: obj({ ...netTarget, unpersist: bool(true) }),
  setPolicy: obj({ ...netTarget, policy: oneOf(POLICIES), metric }),
  persistNetwork: obj({ ...netTarget, policy: oneOf(POLICIES, true), metric }),
  unpersistNetwork: obj(netTarget),
  checkConnectivity: obj({ ...netTarget, pingTargets, dnsName }),
  checkNetwork: obj({ ...netTarget, pingTargets, dnsName }),
  connect: obj({
    modemId: id(true),
    iface,
    presetId: id(true),
    settings: optionalRule(apnSettings),
    choice: apnChoice,
    mode: oneOf(['rndis', 'ecm', 'qmi'], true),
    policy: oneOf(POLICIES, true),
    pingTargets,
    dnsName,
    noProbes: bool(true),
    modeTimeoutMs: timeoutMs,
    leaseTimeoutMs: timeoutMs,
  }),
  runDoctor: obj(doctorParams),
  applyFix: obj({ modemId: id(true), iface, fixId: str({ max: 40, pattern: /^[a-z][a-z-]*$/ }), pin, apn: apnValue }),
  runFixes: obj({ ...doctorParams, only: arrayOf(str({ max: 40, pattern: /^[a-z][a-z-]*$/ }), 32, true), pin, apn: apnValue }),
  exportReport: obj({ modemId: id(true), iface }),
  // The AT console sends what the user typed, but one command line only: no CR/LF/control characters
  // (they would smuggle a second command), printable ASCII, starting with AT (vendor manual §2).
  atSend: obj({ modemId: id(), command: str({ max: 512, pattern: /^[Aa][Tt][\x20-\x7e]*$/ }), timeoutMs }),
  cancel: obj({ opId: id() }),
  getSettings: empty,
  validateSettings: settingsPatch,
  updateSettings: settingsPatch,
  getLogs: obj({ limit: int(1, 5000, true) }),
  getConnection: empty,
  getHistory: obj({ sinceMs: int(1000, 366 * 86_400_000, true) }),
  keepOnlineState: empty,
  setKeepOnline: obj({ enabled: bool() }),
  openExternal: obj({ url: str({ max: 500, pattern: /^https:\/\// }) }),
  // Digits only: the PIN goes into AT+CPIN="<pin>" (the AT layer's validatePin judges it again).
  simPin: obj({ modemId: id() }),
  enterPin: obj({ modemId: id(), pin: str({ max: 8, pattern: /^\d{4,8}$/ }), puk: str({ max: 8, pattern: /^\d{8}$/, optional: true }) }),
  browseCarriers: obj({
    country: str({ max: 2, pattern: /^[a-z]{2}$/, optional: true }),
    providerId: str({ max: 80, pattern: /^[a-z]{2}\/[a-z0-9-]+$/, optional: true }),
    query: str({ max: 100, optional: true, allowEmpty: true }),
    ids: arrayOf(str({ max: 100, pattern: /^[a-z]{2}\/[a-z0-9-]+\/\d+$/ }), 50, true),
    limit: int(1, 500, true),
  }),
};
