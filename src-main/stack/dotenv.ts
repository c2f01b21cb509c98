import { interpolate, InterpolationError, type UnsetListener } from './interpolate';

/** A problem in a dotenv file, with the line it is on. */
export class DotenvError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
  }
}

const ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', '\\': '\\', '"': '"', $: '$$' };

/**
 * Reads a dotenv file as docker compose does: `KEY=VALUE` (or `KEY: VALUE`), `export ` prefixes,
 * `#` comments, a bare `KEY` that takes its value from `lookup`, single-quoted values kept
 * literally, double-quoted values (which may span lines) with `\n`, `\t`, `\"` escapes, and
 * `${VAR}` interpolation in unquoted and double-quoted values, looked up in `lookup` first and
 * then in the keys defined earlier in the same file.
 */
export function parseDotenv(
  text: string,
  lookup: (name: string) => string | undefined = () => undefined,
  onUnset?: UnsetListener,
): Record<string, string> {
  const out: Record<string, string> = {};
  const src = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const resolve = (name: string) => lookup(name) ?? out[name];
  let i = 0;
  let line = 1;
  const expand = (value: string, at: number): string => {
    try {
      return interpolate(value, resolve, onUnset);
    } catch (err) {
      if (err instanceof InterpolationError) throw new DotenvError(at, err.message);
      throw err;
    }
  };
  while (i < src.length) {
    const c = src[i]!;
    if (c === '\n') {
      line++;
      i++;
      continue;
    }
    if (c === ' ' || c === '\t') {
      i++;
      continue;
    }
    const end = src.indexOf('\n', i) < 0 ? src.length : src.indexOf('\n', i);
    if (c === '#') {
      i = end;
      continue;
    }
    const start = line;
    let rest = src.slice(i, end).replace(/^export\s+/, '');
    const m = /^([A-Za-z0-9_.\-[\]]+)\s*(?:([=:])\s*)?/.exec(rest);
    if (!m || (!m[2] && rest.slice(m[0].length).trim() !== '')) {
      throw new DotenvError(start, `'${src.slice(i, end)}' is not KEY=VALUE`);
    }
    const key = m[1]!;
    if (!m[2]) {
      const v = lookup(key);
      if (v !== undefined) out[key] = v;
      i = end;
      continue;
    }
    rest = rest.slice(m[0].length);
    const valueStart = end - rest.length;
    const quote = rest[0];
    if (quote === '"' || quote === "'") {
      let j = valueStart + 1;
      let value = '';
      for (; j < src.length; j++) {
        const ch = src[j]!;
        if (ch === '\n') line++;
        if (ch === '\\' && j + 1 < src.length) {
          const next = src[j + 1]!;
          if (next === quote) {
            value += quote;
            j++;
            continue;
          }
          if (quote === '"' && next in ESCAPES) {
            value += ESCAPES[next];
            j++;
            continue;
          }
          value += ch;
          continue;
        }
        if (ch === quote) break;
        value += ch;
      }
      if (j >= src.length) throw new DotenvError(start, `unterminated quoted value for ${key}`);
      out[key] = quote === '"' ? expand(value, start) : value;
      const after = src.indexOf('\n', j) < 0 ? src.length : src.indexOf('\n', j);
      const trailing = src.slice(j + 1, after).trim();
      if (trailing && !trailing.startsWith('#'))
        throw new DotenvError(line, `unexpected '${trailing}' after the quoted value of ${key}`);
      i = after;
      continue;
    }
    const raw = rest.split(' #')[0]!.trimEnd();
    out[key] = expand(raw, start);
    i = end;
  }
  return out;
}
