import { describe, expect, it } from 'vitest';
import { interpolate, requiredVariables } from './interpolate';

const env: Record<string, string> = { SET: 'value', EMPTY: '' };
const look = (n: string) => env[n];

describe('interpolate', () => {
  it.each([
    ['$SET', 'value'],
    ['${SET}', 'value'],
    ['a-${SET}-b', 'a-value-b'],
    ['${UNSET}', ''],
    ['${UNSET:-dflt}', 'dflt'],
    ['${EMPTY:-dflt}', 'dflt'],
    ['${EMPTY-dflt}', ''],
    ['${UNSET-dflt}', 'dflt'],
    ['${SET:+alt}', 'alt'],
    ['${EMPTY:+alt}', ''],
    ['${EMPTY+alt}', 'alt'],
    ['${UNSET:-${SET}}', 'value'],
    ['$$SET', '$SET'],
    ['cost: $$5', 'cost: $5'],
  ])('%s → %s', (input, out) => {
    expect(interpolate(input, look)).toBe(out);
  });

  it('fails on a required variable with its name and message', () => {
    expect(() => interpolate('${UNSET:?set the password}', look)).toThrow(
      'required variable UNSET is missing: set the password',
    );
    expect(() => interpolate('${EMPTY:?}', look)).toThrow('required variable EMPTY is empty');
    expect(interpolate('${EMPTY?x}', look)).toBe('');
  });

  it('rejects malformed expressions', () => {
    expect(() => interpolate('${SET', look)).toThrow(/unclosed/);
    expect(() => interpolate('${1BAD}', look)).toThrow(/invalid interpolation/);
    expect(interpolate('price $5, hash $2a$14$1l.y, trailing $', look)).toBe('price $5, hash $2a$14$1l.y, trailing $');
  });

  it('lists required variables', () => {
    expect(requiredVariables('a ${A:?x} ${B?y} ${C:-z} $D')).toEqual(['A', 'B']);
  });
});

describe('interpolate: unset variables', () => {
  it('reports variables used without a value or a default, once per use', () => {
    const unset: string[] = [];
    interpolate('${UNSET}-$ALSO-${SET}-${NODEF:-d}-${PLUS:+x}-${EMPTY}', look, (n) => unset.push(n));
    expect(unset).toEqual(['UNSET', 'ALSO']);
  });
});
