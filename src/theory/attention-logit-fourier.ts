/**
 * Density of the initial attention logit by numerical Fourier inversion of its characteristic function
 * (THEORY.md §4.4), in standardized units Y = A/σ where E e^{itY} = (1 + t²)^{−N/2}:
 *   p_Y(y) = (1/π) ∫₀^∞ cos(ty) (1 + t²)^{−N/2} dt.
 * - truncation: Ω where the envelope (1 + Ω²)^{−N/2} reaches `envelopeTolerance` (10⁻¹² by default), Ω = (ε^{−2/N} − 1)^{½};
 * - rule: composite Gauss–Legendre with `nodesPerPanel` nodes per panel and panel width nodesPerPanel·π/(20 y_max), so the
 *   mean node spacing is the §4.4 step π/(20 y_max) with y_max = `maxAbsValue` (8 standard deviations √N by default);
 * - tail: two integration-by-parts terms of ∫_Ω^∞ cos(ty)φ(t)dt = −sin(Ωy)φ(Ω)/y − cos(Ωy)φ′(Ω)/y² + O(φ″/y³), added when
 *   Ω|y| ≥ 10 (they matter only for N ≤ 3, where the integrand decays slowly).
 */

const GAUSS_LEGENDRE_8 = {
  nodes: [-0.9602898564975363, -0.7966664774136267, -0.525532409916329, -0.1834346424956498, 0.1834346424956498, 0.525532409916329, 0.7966664774136267, 0.9602898564975363],
  weights: [0.1012285362903763, 0.2223810344533745, 0.3137066458778873, 0.362683783378362, 0.362683783378362, 0.3137066458778873, 0.2223810344533745, 0.1012285362903763],
};

export interface FourierInversionOptions {
  /** Envelope value at the truncation frequency Ω (§4.4: 10⁻¹²). */
  envelopeTolerance?: number;
  /** Largest |y| (standardized units) to be evaluated; sets the step. Default 8√N. */
  maxAbsValue?: number;
}

/**
 * Precomputes the quadrature of p_Y(y) = (1/π)∫₀^Ω cos(ty)(1+t²)^{−N/2} dt (+ tail terms) and returns y ↦ p_Y(y).
 * Cost per evaluation ∝ number of nodes ≈ 20 Ω y_max/π (N = 4: ≈ 1e5; N = 8: ≈ 5e3). THEORY.md §4.4.
 */
export function standardizedFourierDensity(headDim: number, options: FourierInversionOptions = {}): (y: number) => number {
  if (!Number.isInteger(headDim) || headDim < 1) throw new Error(`headDim: expected an integer N ≥ 1, got ${headDim}`);
  const tolerance = options.envelopeTolerance ?? 1e-12;
  if (!(tolerance > 0 && tolerance < 1)) throw new Error(`envelopeTolerance: expected a number in (0, 1), got ${tolerance}`);
  const maxAbsValue = options.maxAbsValue ?? 8 * Math.sqrt(headDim);
  if (!(maxAbsValue > 0)) throw new Error(`maxAbsValue: expected a positive number, got ${maxAbsValue}`);
  const half = headDim / 2;
  const cutoff = Math.sqrt(Math.pow(tolerance, -2 / headDim) - 1);
  const perPanel = GAUSS_LEGENDRE_8.nodes.length;
  const panels = Math.max(1, Math.ceil(cutoff / ((perPanel * Math.PI) / (20 * maxAbsValue))));
  const width = cutoff / panels;
  const count = panels * perPanel;
  if (count > 5e7) throw new Error(`envelopeTolerance: ${tolerance} needs ${count} nodes at N = ${headDim}; raise it`);
  const t = new Float64Array(count);
  const w = new Float64Array(count);
  for (let p = 0; p < panels; p++) {
    const centre = (p + 0.5) * width;
    for (let k = 0; k < perPanel; k++) {
      const node = centre + 0.5 * width * GAUSS_LEGENDRE_8.nodes[k];
      t[p * perPanel + k] = node;
      w[p * perPanel + k] = 0.5 * width * GAUSS_LEGENDRE_8.weights[k] * Math.pow(1 + node * node, -half);
    }
  }
  const envelope = Math.pow(1 + cutoff * cutoff, -half);
  const envelopeSlope = -headDim * cutoff * Math.pow(1 + cutoff * cutoff, -half - 1);
  return (y: number) => {
    let sum = 0;
    for (let j = 0; j < count; j++) sum += w[j] * Math.cos(t[j] * y);
    const z = Math.abs(y);
    if (cutoff * z >= 10) {
      sum += -Math.sin(cutoff * z) * envelope / z - (Math.cos(cutoff * z) * envelopeSlope) / (z * z);
    }
    return sum / Math.PI;
  };
}

/** Characteristic function of the standardized logit, E e^{itY} = (1 + t²)^{−N/2} (THEORY.md §4.2). */
export function standardizedCharacteristicFunction(t: number, headDim: number): number {
  return Math.pow(1 + t * t, -headDim / 2);
}
