import { describe, expect, it } from 'vitest';
import { AuthFailures } from './auth-failures';

describe('AuthFailures', () => {
  it('lets a client fail up to the limit, then asks it to wait until its oldest failure leaves the window', () => {
    let now = 1_000_000;
    const f = new AuthFailures(3, 60_000, () => now);
    for (let i = 0; i < 3; i++) {
      expect(f.retryAfterSeconds('10.0.0.1')).toBe(0);
      f.record('10.0.0.1');
      now += 10_000;
    }
    expect(f.retryAfterSeconds('10.0.0.1')).toBe(30);
    expect(f.retryAfterSeconds('10.0.0.2')).toBe(0);
    now += 30_000;
    expect(f.retryAfterSeconds('10.0.0.1')).toBe(0);
  });

  it('forgets clients whose failures are old, and keeps at most maxClients', () => {
    let now = 0;
    const f = new AuthFailures(2, 1000, () => now, 50);
    for (let i = 0; i < 200; i++) f.record(`c${i}`);
    expect(f.trackedClients).toBe(50);
    now += 2000;
    expect(f.retryAfterSeconds('c199')).toBe(0);
    expect(f.trackedClients).toBe(49);
  });
});
