/**
 * The common result of the finite-width covariance chain (THEORY.md §6.12–6.13) and the covariance SDE (§6.11):
 * token Gram matrices V for K samples at a list of recorded times t = ℓ/n, plus helpers that read correlations
 * ρ^{αβ} = V^{αβ}/√(V^{αα}V^{ββ}) and turn everything into tidy record objects (one row per observation).
 */

/** Token Gram matrices of K sample paths at R recorded times. */
export interface CovarianceTrajectories {
  /** 'chain' (finite-width network, exact in law), 'network' (brute-force n×n weights) or 'sde' (Euler–Maruyama) */
  source: 'chain' | 'sde' | 'network';
  /** m, number of tokens */
  tokens: number;
  /** K, number of sample paths */
  samples: number;
  /** t of each recorded index (layer/n for the chain, step·Δt for the SDE) */
  times: Float64Array;
  /** layer ℓ of each recorded index (chain only; SDE: the Euler step index) */
  layers: Int32Array;
  /** V entries: covariances[(r·K + k)·m² + α·m + β] for record r, sample k */
  covariances: Float64Array;
  /** 1 if the path exploded (SDE: tr V > 10⁴·tr V₀ or non-finite, §6.11 step 4); the chain never explodes */
  exploded: Uint8Array;
  /** time of explosion per sample (NaN if it did not explode); later records repeat the last state */
  explosionTimes: Float64Array;
  /** total number of eigenvalues clipped to 0 in PSD roots/projections (diagnostic, §6.11 step 1) */
  clippedEigenvalues: number;
}

/** Index r of the recorded time closest to t. */
export function recordIndexAt(traj: CovarianceTrajectories, time: number): number {
  let best = 0;
  for (let r = 1; r < traj.times.length; r++) {
    if (Math.abs(traj.times[r] - time) < Math.abs(traj.times[best] - time)) best = r;
  }
  return best;
}

function checkRecord(traj: CovarianceTrajectories, record: number, alpha = 0, beta = 0): void {
  if (!Number.isInteger(record) || record < 0 || record >= traj.times.length) {
    throw new Error(`record: expected an integer in [0, ${traj.times.length - 1}], got ${record}`);
  }
  const m = traj.tokens;
  if (!Number.isInteger(alpha) || alpha < 0 || alpha >= m) throw new Error(`alpha: expected a token index in [0, ${m - 1}], got ${alpha}`);
  if (!Number.isInteger(beta) || beta < 0 || beta >= m) throw new Error(`beta: expected a token index in [0, ${m - 1}], got ${beta}`);
}

/** V^{αβ} across samples at record r (token indices from 0). */
export function covarianceEntry(traj: CovarianceTrajectories, record: number, alpha: number, beta: number): Float64Array {
  checkRecord(traj, record, alpha, beta);
  const { tokens: m, samples: K } = traj;
  const out = new Float64Array(K);
  for (let k = 0; k < K; k++) out[k] = traj.covariances[(record * K + k) * m * m + alpha * m + beta];
  return out;
}

/** ρ^{αβ} = V^{αβ}/√(V^{αα}V^{ββ}) across samples at record r (token indices from 0). */
export function tokenCorrelation(traj: CovarianceTrajectories, record: number, alpha: number, beta: number): Float64Array {
  checkRecord(traj, record, alpha, beta);
  const { tokens: m, samples: K } = traj;
  const out = new Float64Array(K);
  for (let k = 0; k < K; k++) out[k] = correlationAt(traj.covariances, (record * K + k) * m * m, m, alpha, beta);
  return out;
}

/** ρ̄ per sample at record r: the mean of the m(m−1)/2 off-diagonal correlations of each sample. */
export function meanTokenCorrelation(traj: CovarianceTrajectories, record: number): Float64Array {
  checkRecord(traj, record);
  const { tokens: m, samples: K } = traj;
  const out = new Float64Array(K);
  for (let k = 0; k < K; k++) out[k] = meanCorrelationAt(traj.covariances, (record * K + k) * m * m, m);
  return out;
}

/**
 * Sample average of ρ̄ at every record (the P2-1L curve), over samples that did not explode (all for the chain).
 */
export function averageMeanCorrelation(traj: CovarianceTrajectories): Float64Array {
  const { tokens: m, samples: K } = traj;
  const R = traj.times.length;
  const out = new Float64Array(R);
  for (let r = 0; r < R; r++) {
    let s = 0;
    let count = 0;
    for (let k = 0; k < K; k++) {
      if (traj.exploded[k]) continue;
      s += meanCorrelationAt(traj.covariances, (r * K + k) * m * m, m);
      count++;
    }
    out[r] = count > 0 ? s / count : NaN;
  }
  return out;
}

/** Fraction of exploded sample paths. */
export function explodedFraction(traj: CovarianceTrajectories): number {
  let s = 0;
  for (let k = 0; k < traj.samples; k++) s += traj.exploded[k];
  return s / traj.samples;
}

/** Keeps only samples that did not explode (returns a Float64Array of the selected entries of x, indexed by sample). */
export function withoutExploded(traj: CovarianceTrajectories, x: Float64Array): Float64Array {
  const out: number[] = [];
  for (let k = 0; k < traj.samples; k++) if (!traj.exploded[k]) out.push(x[k]);
  return Float64Array.from(out);
}

/** ρ^{αβ} of the m×m block at offset. */
export function correlationAt(v: Float64Array, offset: number, m: number, alpha: number, beta: number): number {
  return v[offset + alpha * m + beta] / Math.sqrt(v[offset + alpha * m + alpha] * v[offset + beta * m + beta]);
}

/** Mean off-diagonal correlation ρ̄ of the m×m block at offset. */
export function meanCorrelationAt(v: Float64Array, offset: number, m: number): number {
  if (m < 2) return NaN;
  let s = 0;
  for (let a = 0; a < m; a++) {
    const vaa = v[offset + a * m + a];
    for (let b = a + 1; b < m; b++) s += v[offset + a * m + b] / Math.sqrt(vaa * v[offset + b * m + b]);
  }
  return s / ((m * (m - 1)) / 2);
}

/** One tidy row of correlation summaries. */
export interface CorrelationRecord {
  source: 'chain' | 'sde' | 'network';
  sample: number;
  time: number;
  layer: number;
  rho12: number;
  rhoMean: number;
  v11: number;
  exploded: boolean;
}

/** Tidy rows {source, sample, time, layer, rho12, rhoMean, v11, exploded}, one per (record, sample). */
export function correlationRecords(traj: CovarianceTrajectories): CorrelationRecord[] {
  const { tokens: m, samples: K } = traj;
  const rows: CorrelationRecord[] = [];
  for (let r = 0; r < traj.times.length; r++) {
    for (let k = 0; k < K; k++) {
      const off = (r * K + k) * m * m;
      rows.push({
        source: traj.source,
        sample: k,
        time: traj.times[r],
        layer: traj.layers[r],
        rho12: m >= 2 ? correlationAt(traj.covariances, off, m, 0, 1) : NaN,
        rhoMean: meanCorrelationAt(traj.covariances, off, m),
        v11: traj.covariances[off],
        exploded: traj.exploded[k] === 1,
      });
    }
  }
  return rows;
}

/** One tidy row of a Gram-matrix entry. */
export interface CovarianceRecord {
  source: 'chain' | 'sde' | 'network';
  sample: number;
  time: number;
  layer: number;
  /** 1-based token pair, e.g. "12" (or "1,12" when m > 9) */
  entry: string;
  value: number;
}

/** Tidy rows {source, sample, time, layer, entry, value} for the upper triangle of V (α ≤ β). */
export function covarianceRecords(traj: CovarianceTrajectories): CovarianceRecord[] {
  const { tokens: m, samples: K } = traj;
  const rows: CovarianceRecord[] = [];
  const sep = m > 9 ? ',' : '';
  for (let r = 0; r < traj.times.length; r++) {
    for (let k = 0; k < K; k++) {
      const off = (r * K + k) * m * m;
      for (let a = 0; a < m; a++) {
        for (let b = a; b < m; b++) {
          rows.push({
            source: traj.source, sample: k, time: traj.times[r], layer: traj.layers[r],
            entry: `${a + 1}${sep}${b + 1}`, value: traj.covariances[off + a * m + b],
          });
        }
      }
    }
  }
  return rows;
}
