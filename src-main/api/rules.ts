// The building blocks of Api payload validation (./validate.ts): rules that check a value and build the
// copy the service gets. Only OWN keys count and copies are built from null-prototype objects, so no key
// of the caller's can reach a prototype (issue 15).
/** Returns the error message, or null when the value fits. */
type Check = (value: unknown, path: string) => string | null;
type Copy = (value: unknown) => unknown;
export interface Rule {
  check: Check;
  /** Builds the value the service gets; only called after check passed. Default: the value itself. */
  copy?: Copy;
}

const CONTROL = /[\u0000-\u001f\u007f]/;

/** Names that mean something to JavaScript objects: never a parameter, whatever the shape says. */
const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

export function str(opts: { max?: number; min?: number; pattern?: RegExp; optional?: boolean; allowEmpty?: boolean } = {}): Rule {
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

export function oneOf(values: readonly string[], optional = false): Rule {
  return {
    check: (v, path) => {
      if (v === undefined && optional) return null;
      return typeof v === 'string' && values.includes(v) ? null : `${path} must be one of ${values.join(', ')}`;
    },
  };
}

export function int(min: number, max: number, optional = false): Rule {
  return {
    check: (v, path) => {
      if (v === undefined && optional) return null;
      return Number.isInteger(v) && (v as number) >= min && (v as number) <= max ? null : `${path} must be an integer ${min}..${max}`;
    },
  };
}

/** Any finite number (a setting's range is the service's to judge, with the field's label: settings-rules.ts). */
export function finite(optional = false): Rule {
  return { check: (v, path) => (v === undefined && optional ? null : typeof v === 'number' && Number.isFinite(v) ? null : `${path} must be a number`) };
}

export function bool(optional = false): Rule {
  return { check: (v, path) => (v === undefined && optional ? null : typeof v === 'boolean' ? null : `${path} must be true or false`) };
}

export function arrayOf(item: Rule, maxItems: number, optional = false): Rule {
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

export function obj(shape: Record<string, Rule>, optional = false): Rule {
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
export function optionalRule(rule: Rule): Rule {
  return { check: (v, p) => (v === undefined ? null : rule.check(v, p)), ...(rule.copy ? { copy: rule.copy } : {}) };
}

export const anyJson: Rule = {
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
