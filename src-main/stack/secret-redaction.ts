import { SECRET_NAME } from './secrets-store';

export const REDACTED = '<secret>';

/**
 * A copy of `value` with every secret replaced by `<secret>`: any string field named like a
 * secret (…PASSWORD, …_KEY, …TOKEN, …), and every occurrence of a secret's value inside other
 * strings (a DATABASE_URL that embeds the password). Values shorter than 6 characters are only
 * hidden by name, so that a short value cannot blank out unrelated text.
 */
export function redactSecrets<T>(value: T, secretValues: string[]): T {
  const values = [...new Set(secretValues.filter((v) => v.length >= 6))].sort((a, b) => b.length - a.length);
  return JSON.parse(JSON.stringify(value), (key: string, v: unknown) => {
    if (typeof v !== 'string') return v;
    if (SECRET_NAME.test(key) && v !== '') return REDACTED;
    let out = v;
    for (const s of values) out = out.split(s).join(REDACTED);
    return out;
  }) as T;
}
