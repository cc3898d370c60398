/**
 * Logistic regression: the learned part of understanding. Small enough to read, fitted on the
 * development sets by scripts/train-model.ts, shipped as weights in src/nlu/model/.
 */
export interface LogisticModel {
  features: readonly string[];
  weights: readonly number[];
  bias: number;
}

export function logit(model: LogisticModel, x: ArrayLike<number>): number {
  let z = model.bias;
  for (let i = 0; i < model.weights.length; i++) z += model.weights[i] * x[i];
  return z;
}

export function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

export interface FitOptions {
  /** Newton steps; the loss is convex and small, so a handful converge. */
  iterations: number;
  /** L2 penalty; keeps weights small so the model transfers beyond the sets it was fitted on. */
  l2: number;
}

export const DEFAULT_FIT: FitOptions = { iterations: 25, l2: 1e-3 };

/** Newton's method (iteratively reweighted least squares) on the L2-penalised log loss. */
export function fitLogistic(
  features: readonly string[],
  rows: readonly (readonly number[])[],
  labels: readonly number[],
  options: FitOptions = DEFAULT_FIT,
): LogisticModel {
  const d = features.length + 1; // last column: bias
  const w = new Float64Array(d);
  for (let iteration = 0; iteration < options.iterations; iteration++) {
    const grad = new Float64Array(d);
    const hess = Array.from({ length: d }, () => new Float64Array(d));
    const x = new Float64Array(d);
    for (let i = 0; i < rows.length; i++) {
      for (let j = 0; j < d - 1; j++) x[j] = rows[i][j];
      x[d - 1] = 1;
      let z = 0;
      for (let j = 0; j < d; j++) z += w[j] * x[j];
      const p = sigmoid(z);
      const err = p - labels[i];
      const curvature = Math.max(p * (1 - p), 1e-9);
      for (let j = 0; j < d; j++) {
        grad[j] += err * x[j];
        const hj = hess[j];
        const cx = curvature * x[j];
        for (let k = 0; k <= j; k++) hj[k] += cx * x[k];
      }
    }
    for (let j = 0; j < d; j++) {
      for (let k = 0; k < j; k++) hess[k][j] = hess[j][k];
      if (j < d - 1) {
        grad[j] += options.l2 * rows.length * w[j];
        hess[j][j] += options.l2 * rows.length;
      }
      hess[j][j] += 1e-9;
    }
    const step = solve(hess, grad);
    let size = 0;
    for (let j = 0; j < d; j++) {
      w[j] -= step[j];
      size += Math.abs(step[j]);
    }
    if (size < 1e-7) break;
  }
  return { features: [...features], weights: Array.from(w.subarray(0, d - 1)), bias: w[d - 1] };
}

/** Gaussian elimination with partial pivoting; the systems here are at most ~20×20. */
function solve(a: Float64Array[], b: Float64Array): Float64Array {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(m[r][col]) > Math.abs(m[pivot][col])) pivot = r;
    [m[col], m[pivot]] = [m[pivot], m[col]];
    const diag = m[col][col] || 1e-12;
    for (let r = col + 1; r < n; r++) {
      const f = m[r][col] / diag;
      if (f) for (let c = col; c <= n; c++) m[r][c] -= f * m[col][c];
    }
  }
  const out = new Float64Array(n);
  for (let r = n - 1; r >= 0; r--) {
    let s = m[r][n];
    for (let c = r + 1; c < n; c++) s -= m[r][c] * out[c];
    out[r] = s / (m[r][r] || 1e-12);
  }
  return out;
}
