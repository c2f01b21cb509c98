/**
 * Compose-spec variable interpolation: `$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR-default}`,
 * `${VAR:?error}`, `${VAR?error}`, `${VAR:+alt}`, `${VAR+alt}`, and `$$` for a literal `$`.
 * Defaults may themselves contain interpolations. Throws with the variable's name on `?`.
 */
export class InterpolationError extends Error {}

/** Called for `$VAR` and `${VAR}` (no default) whose variable is not set: compose warns about each. */
export type UnsetListener = (name: string) => void;

export function interpolate(
  input: string,
  lookup: (name: string) => string | undefined,
  onUnset?: UnsetListener,
): string {
  let out = '';
  let i = 0;
  while (i < input.length) {
    const ch = input[i]!;
    if (ch !== '$') {
      out += ch;
      i++;
      continue;
    }
    const next = input[i + 1];
    if (next === '$') {
      out += '$';
      i += 2;
      continue;
    }
    if (next === '{') {
      const end = findClosingBrace(input, i + 2);
      if (end < 0) throw new InterpolationError(`unclosed '\${' in "${input}"`);
      out += expand(input.slice(i + 2, end), lookup, onUnset);
      i = end + 1;
      continue;
    }
    const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(input.slice(i + 1));
    if (m) {
      const value = lookup(m[0]);
      if (value === undefined) onUnset?.(m[0]);
      out += value ?? '';
      i += 1 + m[0].length;
      continue;
    }
    // As in compose, a `$` followed by neither a name, `{` nor `$` stays as it is (`$2a$14$...`).
    out += '$';
    i++;
  }
  return out;
}

function findClosingBrace(s: string, from: number): number {
  let depth = 1;
  for (let j = from; j < s.length; j++) {
    if (s[j] === '$' && s[j + 1] === '{') {
      depth++;
      j++;
    } else if (s[j] === '}') {
      depth--;
      if (depth === 0) return j;
    }
  }
  return -1;
}

function expand(body: string, lookup: (name: string) => string | undefined, onUnset?: UnsetListener): string {
  const m = /^([A-Za-z_][A-Za-z0-9_]*)(?:(:?)([-?+])([\s\S]*))?$/.exec(body);
  if (!m) throw new InterpolationError(`invalid interpolation '\${${body}}'`);
  const [, name, colon, op, rest = ''] = m;
  const value = lookup(name!);
  const unset = colon ? value === undefined || value === '' : value === undefined;
  switch (op) {
    case undefined:
      if (value === undefined) onUnset?.(name!);
      return value ?? '';
    case '-':
      return unset ? interpolate(rest, lookup, onUnset) : value!;
    case '+':
      return unset ? '' : interpolate(rest, lookup, onUnset);
    case '?':
      if (unset)
        throw new InterpolationError(
          `required variable ${name} is ${value === undefined ? 'missing' : 'empty'}${rest ? `: ${interpolate(rest, lookup)}` : ''}`,
        );
      return value!;
    default:
      throw new InterpolationError(`invalid interpolation '\${${body}}'`);
  }
}

/** The variables a string requires (`${VAR:?…}` / `${VAR?…}`), for secrets generation. */
export function requiredVariables(input: string): string[] {
  const out: string[] = [];
  const re = /\$\{([A-Za-z_][A-Za-z0-9_]*):?\?/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(input))) out.push(m[1]!);
  return out;
}
