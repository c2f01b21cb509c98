import { describe, expect, it } from 'vitest';
import { cookieValue, OriginPolicy, tokensEqual } from './auth';
import { planBind } from './bind-address';

describe('tokensEqual', () => {
  it('compares tokens exactly', () => {
    expect(tokensEqual('abc', 'abc')).toBe(true);
    expect(tokensEqual('abd', 'abc')).toBe(false);
    expect(tokensEqual('ab', 'abc')).toBe(false);
    expect(tokensEqual(undefined, 'abc')).toBe(false);
  });
});

describe('OriginPolicy', () => {
  const p = new OriginPolicy(planBind('127.0.0.1').names, 7820);
  it('accepts loopback names of this port only', () => {
    expect(p.hostAllowed('127.0.0.1:7820')).toBe(true);
    expect(p.hostAllowed('localhost:7820')).toBe(true);
    expect(p.hostAllowed('[::1]:7820')).toBe(true);
    expect(p.hostAllowed('127.0.0.1:7821')).toBe(false);
    expect(p.hostAllowed('attacker.example:7820')).toBe(false);
    expect(p.hostAllowed(undefined)).toBe(false);
  });
  it('accepts no Origin or this origin, nothing else', () => {
    expect(p.originAllowed(undefined)).toBe(true);
    expect(p.originAllowed('http://localhost:7820')).toBe(true);
    expect(p.originAllowed('https://localhost:7820')).toBe(false);
    expect(p.originAllowed('http://evil.example')).toBe(false);
    expect(p.originAllowed('null')).toBe(false);
  });
});

describe('OriginPolicy over HTTPS', () => {
  const p = new OriginPolicy(planBind('198.51.100.7').names, 443, 'https');
  it('accepts its own https origin and a Host without the default port', () => {
    expect(p.hostAllowed('198.51.100.7')).toBe(true);
    expect(p.hostAllowed('198.51.100.7:443')).toBe(true);
    expect(p.originAllowed('https://198.51.100.7')).toBe(true);
    expect(p.originAllowed('http://198.51.100.7:443')).toBe(false);
    expect(p.hostAllowed('198.51.100.8')).toBe(false);
  });
});

describe('cookieValue', () => {
  it('reads the token cookie and ignores malformed or foreign cookies without throwing', () => {
    expect(cookieValue('other=%E0%A4%A; sutazai_token=abc', 'sutazai_token')).toBe('abc');
    expect(cookieValue('sutazai_token=%E0%A4%A', 'sutazai_token')).toBe('%E0%A4%A');
    expect(cookieValue('__proto__=1; constructor=2', 'sutazai_token')).toBeUndefined();
    expect(cookieValue(';;=;=x;%', 'sutazai_token')).toBeUndefined();
    expect(cookieValue(undefined, 'sutazai_token')).toBeUndefined();
  });
});
