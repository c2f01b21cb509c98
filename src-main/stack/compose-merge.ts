/** Keys whose lists add up across files (as docker compose merges them); other lists replace. */
const APPENDED = new Set([
  'ports',
  'expose',
  'volumes',
  'extra_hosts',
  'cap_add',
  'cap_drop',
  'security_opt',
  'dns',
  'tmpfs',
  'profiles',
]);

/** Compose's override semantics: mappings merge key by key, most lists replace, a few append. */
export function mergeService(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const prev = out[key];
    if (key === 'volumes' && Array.isArray(prev) && Array.isArray(value)) {
      out[key] = mergeByTarget(prev, value);
    } else if (key === 'depends_on' && prev !== undefined && value !== undefined) {
      out[key] = deepMerge(dependsOnMap(prev), dependsOnMap(value));
    } else if (APPENDED.has(key) && Array.isArray(prev) && Array.isArray(value)) {
      out[key] = dedupe([...prev, ...value]);
    } else if ((key === 'environment' || key === 'labels') && prev !== undefined && value !== undefined) {
      out[key] = { ...toMap(prev), ...toMap(value) };
    } else if (isPlainObject(prev) && isPlainObject(value)) {
      out[key] = deepMerge(prev, value);
    } else {
      out[key] = value;
    }
  }
  return out;
}

export function deepMerge(a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...a };
  for (const [k, v] of Object.entries(b)) {
    out[k] = isPlainObject(out[k]) && isPlainObject(v) ? deepMerge(out[k] as Record<string, unknown>, v) : v;
  }
  return out;
}

/** Mounts merge by container path: a later file's mount at the same target replaces the earlier one. */
function mergeByTarget(base: unknown[], over: unknown[]): unknown[] {
  const targetOf = (m: unknown): string | undefined => {
    if (isPlainObject(m)) return typeof m.target === 'string' ? m.target : undefined;
    if (typeof m !== 'string') return undefined;
    const parts = m.split(':');
    return parts.length === 1 ? parts[0] : parts[1];
  };
  const replaced = new Set(over.map(targetOf).filter((t) => t !== undefined));
  return dedupe([...base.filter((m) => !replaced.has(targetOf(m) as string)), ...over]);
}

/** depends_on in either form as a mapping, so a list in one file and a mapping in another merge. */
function dependsOnMap(value: unknown): Record<string, unknown> {
  if (Array.isArray(value)) return Object.fromEntries(value.map((n) => [String(n), { condition: 'service_started' }]));
  return isPlainObject(value) ? value : {};
}

function toMap(value: unknown): Record<string, unknown> {
  if (Array.isArray(value)) {
    const out: Record<string, unknown> = {};
    for (const item of value) {
      const s = String(item);
      const eq = s.indexOf('=');
      if (eq < 0) out[s] = null;
      else out[s.slice(0, eq)] = s.slice(eq + 1);
    }
    return out;
  }
  return isPlainObject(value) ? value : {};
}

function dedupe(list: unknown[]): unknown[] {
  const seen = new Set<string>();
  return list.filter((x) => {
    const k = JSON.stringify(x);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
