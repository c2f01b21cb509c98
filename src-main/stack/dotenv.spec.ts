import { describe, expect, it } from 'vitest';
import { DotenvError, parseDotenv } from './dotenv';

function errorOf(fn: () => unknown): DotenvError {
  try {
    fn();
  } catch (err) {
    return err as DotenvError;
  }
  throw new Error('expected an error');
}

describe('parseDotenv (compose semantics)', () => {
  it('reads KEY=VALUE with comments, export, quotes, escapes and YAML-style KEY: VALUE', () => {
    expect(parseDotenv('# c\nA=1\nexport B = two # note\nC="q \\"x\\"\\n"\nD=\'lit $X\'\nE: five\nF=a#b\n\n')).toEqual({
      A: '1',
      B: 'two',
      C: 'q "x"\n',
      D: 'lit $X',
      E: 'five',
      F: 'a#b',
    });
  });

  it('interpolates unquoted and double-quoted values from the environment first, then earlier keys', () => {
    const env: Record<string, string> = { HOST: 'db.local', DB_TYPE: 'from-env' };
    const out = parseDotenv(
      'DB_TYPE=postgresql\nVECTOR=weaviate\nPROFILES=${VECTOR:-weaviate},${DB_TYPE:-postgresql}\nURL="http://${HOST}/"\nRAW=\'${HOST}\'\nCOST=$$5\n',
      (n) => env[n],
    );
    expect(out).toEqual({
      DB_TYPE: 'postgresql',
      VECTOR: 'weaviate',
      PROFILES: 'weaviate,from-env',
      URL: 'http://db.local/',
      RAW: '${HOST}',
      COST: '$5',
    });
  });

  it('takes a bare KEY from the environment and skips it when unset', () => {
    expect(parseDotenv('TOKEN\nMISSING\n', (n) => (n === 'TOKEN' ? 'abc' : undefined))).toEqual({ TOKEN: 'abc' });
  });

  it('keeps multi-line quoted values and counts their lines for later errors', () => {
    expect(parseDotenv('CERT="line1\nline2"\nNEXT=1\n')).toEqual({ CERT: 'line1\nline2', NEXT: '1' });
    const e = errorOf(() => parseDotenv('CERT="line1\nline2"\nbad key=1\n'));
    expect([e.line, e.message]).toEqual([3, "'bad key=1' is not KEY=VALUE"]);
  });

  it('names the line of an unterminated quote and of a bad interpolation', () => {
    expect(errorOf(() => parseDotenv('A=1\nB="open\n')).line).toBe(2);
    const e = errorOf(() => parseDotenv('A=1\nB=${REQ:?must be set}\n'));
    expect([e.line, e.message]).toEqual([2, 'required variable REQ is missing: must be set']);
  });
});
