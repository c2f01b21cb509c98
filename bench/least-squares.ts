/** The straight line through points by least squares: its slope, intercept, and the scatter of the points around it. */
export function leastSquares(xs: number[], ys: number[]): { slope: number; intercept: number; residualSd: number } {
  const n = xs.length;
  if (n !== ys.length) throw new Error(`leastSquares: ${n} x values for ${ys.length} y values`);
  if (n < 2) return { slope: 0, intercept: ys[0] ?? 0, residualSd: 0 };
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += (xs[i]! - mx) * (ys[i]! - my);
    sxx += (xs[i]! - mx) ** 2;
  }
  const slope = sxx === 0 ? 0 : sxy / sxx;
  const intercept = my - slope * mx;
  const sse = ys.reduce((a, y, i) => a + (y - (intercept + slope * xs[i]!)) ** 2, 0);
  return { slope, intercept, residualSd: Math.sqrt(sse / Math.max(1, n - 2)) };
}
