import { describe, expect, it } from 'vitest';
import { leastSquares } from './least-squares';

describe('leastSquares', () => {
  it('finds the line through points on it, with no scatter', () => {
    const fit = leastSquares([0, 1, 2, 3], [5, 7, 9, 11]);
    expect(fit.slope).toBeCloseTo(2, 12);
    expect(fit.intercept).toBeCloseTo(5, 12);
    expect(fit.residualSd).toBeCloseTo(0, 12);
  });

  it('finds no slope in points that only scatter, and measures the scatter', () => {
    const fit = leastSquares([0, 1, 2, 3], [10, 12, 10, 12]);
    expect(fit.slope).toBeCloseTo(0.4, 12);
    // Residuals -0.4, 1.2, -1.2, 0.4 around 10.4 + 0.4x: sse 3.2 over n - 2.
    expect(fit.residualSd).toBeCloseTo(Math.sqrt(3.2 / 2), 12);
  });

  it('says which input is wrong when the lengths differ', () => {
    expect(() => leastSquares([0, 1], [1])).toThrow('2 x values for 1 y values');
  });
});
