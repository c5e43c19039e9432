// Runtime validation of Api payloads at every transport boundary (IPC handler, WebSocket server, the
// daemon's socket): a renderer, a browser tab or a socket client is untrusted input. Each method's params
// are a closed object: unknown keys, wrong types, over-long strings and control characters are refused
// before the service sees them. Only OWN keys count (issue 15: `key in shape` let `constructor`,
// `toString` and an own `__proto__` through), and what the service receives is a fresh copy built from
// null-prototype objects, so no key of the caller's can reach a prototype.
import type { ApiError, MethodName, Params } from './contract.js';
import { API_METHODS, isMethodName } from './wire.js';

/** Returns the error message, or null when the value fits. */
type Check = (value: unknown, path: string) => string | null;
type Copy = (value: unknown) => unknown;
interface Rule {
  check: Check;
  /** Builds the value the service gets; only called after check passed. Default: the value itself. */
  copy?: Copy;
}

const CONTROL = /[\u0000-\u001f\u007f]/;

/** Names that mean something to JavaScript objects: never a parameter, whatever the shape says. */
const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

function str(opts: { max?: number; min?: number; pattern?: RegExp; optional?: boolean; allowEmpty?: boolean } = {}): Rule {
  const max = opts.max ?? 200;
  return {
    check: (v, path) => {
      if (v === undefined) return opts.optional ? null : `${path} is required`;
      if (typeof v !== 'string') return `${path} must be a string`;
      if (v.length > max) return `${path} is longer than ${max} characters`;
      if (opts.min !== undefined && v.length < opts.min) return `${path} is too short`;
      if (!opts.allowEmpty && v.length === 0 && !opts.optional) return `${path} must not be empty`;
      if (CONTROL.test(v)) return `${path} contains control characters`;
      if (opts.pattern && v.length > 0 && !opts.pattern.test(v)) return `${path} has an invalid format`;
      return null;
    },
  };
}

function oneOf(values: readonly string[], optional = false): Rule {
  return {
    check: (v, path) => {
      if (v === undefined && optional) return null;
      return typeof v === 'string' && values.includes(v) ? null : `${path} must be one of ${values.join(', ')}`;
    },
  };
}

function int(min: number, max: number, optional = false): Rule {
  return {
    check: (v, path) => {
      if (v === undefined && optional) return null;
      return Number.isInteger(v) && (v as number) >= min && (v as number) <= max ? null : `${path} must be an integer ${min}..${max}`;
    },
  };
}

/** Any finite number (a setting's range is the service's to judge, with the field's label: settings-rules.ts). */
function finite(optional = false): Rule {
  return { check: (v, path) => (v === undefined && optional ? null : typeof v === 'number' && Number.isFinite(v) ? null : `${path} must be a number`) };
}

function bool(optional = false): Rule {
  return { check: (v, path) => (v === undefined && optional ? null : typeof v === 'boolean' ? null : `${path} must be true or false`) };
}

function arrayOf(item: Rule, maxItems: number, optional = false): Rule {
  return {
    check: (v, path) => {
      if (v === undefined && optional) return null;
      if (!Array.isArray(v)) return `${path} must be a list`;
      if (v.length > maxItems) return `${path} has more than ${maxItems} items`;
      // Own indexes only: a sparse list or one with extra properties is not JSON data.
      if (Reflect.ownKeys(v).length !== v.length + 1) return `${path} must be a plain list`;
      for (let i = 0; i < v.length; i++) {
        const e = item.check(v[i], `${path}[${i}]`);
        if (e) return e;
      }
      return null;
    },
    copy: (v) => (v === undefined ? undefined : (v as unknown[]).map((x) => (item.copy ? item.copy(x) : x))),
  };
}

/** True for `{}` literals, JSON.parse objects, structured clones and null-prototype objects. */
export function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

function obj(shape: Record<string, Rule>, optional = false): Rule {
  // Looked up with Object.hasOwn on a null-prototype copy: inherited names are never parameters.
  const rules: Record<string, Rule> = Object.assign(Object.create(null) as Record<string, Rule>, shape);
  const keys = Object.keys(rules);
  return {
    check: (v, path) => {
      if (v === undefined && optional) return null;
      if (typeof v !== 'object' || v === null || Array.isArray(v)) return `${path} must be an object`;
      if (!isPlainObject(v)) return `${path} must be a plain object`;
      for (const key of Reflect.ownKeys(v)) {
        const name = typeof key === 'string' ? key : String(key);
        const where = `${path ? path + '.' : ''}${name}`;
        if (typeof key !== 'string' || FORBIDDEN_KEYS.has(key) || !Object.hasOwn(rules, key)) return `${where} is not a known parameter`;
        // A getter would run code of the caller's (and could answer differently twice): data only.
        if (!('value' in (Object.getOwnPropertyDescriptor(v, key) as PropertyDescriptor))) return `${where} must be a plain value`;
      }
      for (const key of keys) {
        const value = Object.hasOwn(v, key) ? (v as Record<string, unknown>)[key] : undefined;
        const e = (rules[key] as Rule).check(value, path ? `${path}.${key}` : key);
        if (e) return e;
      }
      return null;
    },
    copy: (v) => {
      if (v === undefined) return undefined;
      const out = Object.create(null) as Record<string, unknown>;
      for (const key of keys) {
        if (!Object.hasOwn(v as object, key)) continue;
        const value = (v as Record<string, unknown>)[key];
        const rule = rules[key] as Rule;
        out[key] = rule.copy ? rule.copy(value) : value;
      }
      return out;
    },
  };
}

/** A rule that accepts undefined before delegating (used where a sub-object is optional). */
function optionalRule(rule: Rule): Rule {
  return { check: (v, p) => (v === undefined ? null : rule.check(v, p)), ...(rule.copy ? { copy: rule.copy } : {}) };
}

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
const anyJson: Rule = {
  check: (v, path) => jsonDataProblem(v, path, 0) ?? (JSON.stringify(v ?? null).length > 1_000_000 ? `${path} is too large` : null),
  // A fresh copy of plain JSON data built from null-prototype objects: nothing of the caller's reaches the store.
  copy: (v) => (v === undefined ? undefined : nullProtoCopy(v)),
};

/** Free JSON data (an imported presets file): plain objects and lists only, no key that names an Object member. */
function jsonDataProblem(v: unknown, path: string, depth: number): string | null {
  if (depth > 16) return `${path} is nested too deeply`;
  if (v === null || ['string', 'number', 'boolean'].includes(typeof v)) return null;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const e = jsonDataProblem(v[i], `${path}[${i}]`, depth + 1);
      if (e) return e;
    }
    return null;
  }
  if (!isPlainObject(v)) return `${path} must be JSON data`;
  for (const key of Reflect.ownKeys(v)) {
    const name = String(key);
    if (typeof key !== 'string' || FORBIDDEN_KEYS.has(key) || key in Object.prototype) return `${path}.${name} is not a known parameter`;
    const d = Object.getOwnPropertyDescriptor(v, key) as PropertyDescriptor;
    if (!('value' in d)) return `${path}.${name} must be a plain value`;
    const e = jsonDataProblem(d.value, `${path}.${name}`, depth + 1);
    if (e) return e;
  }
  return null;
}

function nullProtoCopy(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(nullProtoCopy);
  if (v === null || typeof v !== 'object') return v;
  const out = Object.create(null) as Record<string, unknown>;
  for (const [k, x] of Object.entries(v)) out[k] = nullProtoCopy(x);
  return out;
}
const SCHEMAS: { [M in MethodName]: Rule } = {
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

/** Thrown (and sent back as { code: 'invalid-argument' }) when a payload does not match the contract. */
export class ApiValidationError extends Error {
  override name = 'ApiValidationError';
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

/**
 * Validates a method name and its params; returns the params typed, or throws ApiValidationError.
 * The params returned are a fresh copy of null-prototype objects holding only the shape's own keys.
 */
export function validateCall<M extends MethodName>(method: unknown, params: unknown): { method: M; params: Params<M> } {
  if (!isMethodName(method)) throw new ApiValidationError(`unknown method ${JSON.stringify(String(method).slice(0, 40))}`);
  const p = params === undefined || params === null ? {} : params;
  const schema = SCHEMAS[method];
  const err = schema.check(p, '');
  if (err) throw new ApiValidationError(err, err.split(/[ .[]/)[0] || undefined);
  return { method: method as M, params: (schema.copy ? schema.copy(p) : p) as Params<M> };
}

export const VALIDATED_METHODS: readonly MethodName[] = API_METHODS;

/** Maps anything thrown into the { code, message, hint } shape that crosses boundaries. */
export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiValidationError) {
    return { code: 'invalid-argument', message: err.message, ...(err.field ? { field: err.field } : {}) };
  }
  if (err && typeof err === 'object') {
    const e = err as { code?: unknown; message?: unknown; hint?: unknown; field?: unknown; name?: unknown };
    const code = typeof e.code === 'string' && /^[a-z][a-z0-9-]*$/.test(e.code) ? e.code : 'internal';
    const message = typeof e.message === 'string' ? e.message : String(err);
    const out: ApiError = { code, message };
    if (typeof e.hint === 'string') out.hint = e.hint;
    if (typeof e.field === 'string') out.field = e.field;
    return out;
  }
  return { code: 'internal', message: String(err) };
}

/** An Error carrying an ApiError (what the service throws and what clients rebuild from envelopes). */
export class ApiCallError extends Error {
  override name = 'ApiCallError';
  readonly code: string;
  readonly hint?: string;
  readonly field?: string;
  constructor(error: ApiError) {
    super(error.message);
    this.code = error.code;
    if (error.hint !== undefined) this.hint = error.hint;
    if (error.field !== undefined) this.field = error.field;
  }
}
