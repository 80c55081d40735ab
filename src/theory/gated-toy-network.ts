/**
 * The finite XOR gated-attention network of THEORY.md §5.1–5.3, trained by exact full-batch gradient descent written
 * by hand on Float64Arrays (no autodiff). Per gate g: W_q^g ∈ ℝ^{N×D}, V_k^g ∈ ℝ^N, W_v^g ∈ ℝ^{N×D}, w^g ∈ ℝ^N;
 *   q^g(x) = N^{α−1} W_q^g x/√D,  k^g = N^{α−1} V_k^g,  A^g(x) = N^{−α} q^g·k^g = N^{α−2} (W_q^g x/√D)·V_k^g,
 *   v^g(x) = W_v^g x/√D,  f(x) = (1/(Nγ)) Σ_g e^{A^g(x)} w^g·v^g(x).
 */
import { Random } from '../base/random';
import {
  GATED_TOY_TARGETS,
  gatedToyKeys,
  gatedToyScaledInputs,
  resolveGatedToyOptions,
  type GatedToyOptions,
} from './gated-toy';
import { checkOptionKeys, integerOption, numberOption, rejectOption, startLongRun, type KeysComplete } from './solver-inputs';

export interface GatedToyNetworkOptions extends GatedToyOptions {
  /** N, the width of every gate. */
  width: number;
  /** α: A = N^{−α} q·k with the §5.1–5.2 scalings. Default 1 (the DMFT's case). */
  attentionExponent?: number;
}

/** Option keys of initGatedToyNetwork and trainGatedToyNetwork. */
export const gatedToyNetworkKeys = [...gatedToyKeys, 'width', 'attentionExponent'] as const;
const gatedToyNetworkKeysComplete: KeysComplete<GatedToyNetworkOptions, typeof gatedToyNetworkKeys> = true;
void gatedToyNetworkKeysComplete;

/** Parameters of all gates, each array row-major with gate blocks: queryWeights[g·N·D + i·D + d], key[g·N + i], … */
export interface GatedToyParameters {
  width: number;
  gates: number;
  attentionExponent: number;
  richness: number;
  queryWeights: Float64Array;
  keyVector: Float64Array;
  valueWeights: Float64Array;
  readout: Float64Array;
}

export interface GatedToyNetworkResult {
  /** ℒ_N(t) = (1/P) Σ_μ (f_t(x_μ) − f_0(x_μ) − y_μ)² after t updates, t = 0 … steps − 1. */
  losses: Float64Array;
  /** Mean over gates and inputs of (A^g(x_μ, T) − A^g(x_μ, 0))² after the last update (§5.5, α = ½ vs 1). */
  attentionChange: number;
  parameters: GatedToyParameters;
}

const DIM = 2;
const POINTS = 4;

/**
 * §5.2 initialization: V_k ~ N^{1−α} N(0, I_N); z = N^{α−1} V_k; W_q = ρ_g z u_gᵀ + N^{1−α} √(1−ρ_g²) Ξ with Ξ_{id} ~ N(0, 1);
 * W_v, w ~ N(0, 1). Gate g draws from `new Random(seed).fork(g + 1)`; u_g and ρ_g from the options (gated-toy.ts).
 */
export function initGatedToyNetwork(options: GatedToyNetworkOptions): GatedToyParameters {
  checkOptionKeys('gatedToyNetwork', options, gatedToyNetworkKeys);
  const o = resolveGatedToyOptions(options);
  if (options.width === undefined) rejectOption('width', undefined, 'an integer N ≥ 1 (required)');
  const width = integerOption('width', options.width, 1, 1);
  const alpha = numberOption('attentionExponent', options.attentionExponent, 1, { describe: 'α, a finite number' });
  const G = o.gates;
  const rho = o.overlaps;
  const u = o.directions;
  const keyScale = Math.pow(width, 1 - alpha);
  const p: GatedToyParameters = {
    width,
    gates: G,
    attentionExponent: alpha,
    richness: o.richness,
    queryWeights: new Float64Array(G * width * DIM),
    keyVector: new Float64Array(G * width),
    valueWeights: new Float64Array(G * width * DIM),
    readout: new Float64Array(G * width),
  };
  for (let g = 0; g < G; g++) {
    const random = new Random(o.seed).fork(g + 1);
    const noise = keyScale * Math.sqrt(1 - rho[g] * rho[g]);
    for (let i = 0; i < width; i++) p.keyVector[g * width + i] = keyScale * random.normal();
    for (let i = 0; i < width; i++) {
      const z = p.keyVector[g * width + i] / keyScale; // z = N^{α−1} V_k
      for (let d = 0; d < DIM; d++) p.queryWeights[(g * width + i) * DIM + d] = rho[g] * z * u[g * DIM + d] + noise * random.normal();
    }
    random.fillNormal(p.valueWeights, 1, g * width * DIM, width * DIM);
    random.fillNormal(p.readout, 1, g * width, width);
  }
  return p;
}

/** Outputs f(x_μ) (length P) and attention logits A^g(x_μ) (G × P) of the §5.1 network. */
export function gatedToyForward(p: GatedToyParameters): { outputs: Float64Array; attention: Float64Array; gateOutputs: Float64Array } {
  const x = gatedToyScaledInputs();
  const N = p.width;
  const G = p.gates;
  const attention = new Float64Array(G * POINTS);
  const gateOutputs = new Float64Array(G * POINTS);
  const outputs = new Float64Array(POINTS);
  const aScale = Math.pow(N, p.attentionExponent - 2);
  const { queryWeights, keyVector, valueWeights, readout } = p;
  for (let g = 0; g < G; g++) {
    // Σ_i V_k[i] W_q[i,d] and Σ_i w_i W_v[i,d]: A and f^g are linear in x, so two sums per gate suffice.
    let kq0 = 0;
    let kq1 = 0;
    let wv0 = 0;
    let wv1 = 0;
    for (let i = g * N; i < (g + 1) * N; i++) {
      const k = keyVector[i];
      const w = readout[i];
      kq0 += k * queryWeights[2 * i];
      kq1 += k * queryWeights[2 * i + 1];
      wv0 += w * valueWeights[2 * i];
      wv1 += w * valueWeights[2 * i + 1];
    }
    for (let m = 0; m < POINTS; m++) {
      const a = aScale * (kq0 * x[2 * m] + kq1 * x[2 * m + 1]);
      const f = (wv0 * x[2 * m] + wv1 * x[2 * m + 1]) / N; // f^g_μ = (1/N) w·v(x_μ)
      attention[g * POINTS + m] = a;
      gateOutputs[g * POINTS + m] = f;
      outputs[m] += (Math.exp(a) * f) / p.richness;
    }
  }
  return { outputs, attention, gateOutputs };
}

/**
 * Loss ℒ = (1/P) Σ_μ (f(x_μ) − f₀(x_μ) − y_μ)² and its exact gradient, written into `gradient` (same layout as the
 * parameters). With Δ_μ = y_μ − f(x_μ) + f₀(x_μ), φ^g = e^{A^g}, f^g_μ = w·v(x_μ)/N, c = −2/P:
 *   ∂ℒ/∂w_i = c Σ_μ Δ_μ φ_μ v_i(x_μ)/(Nγ);          ∂ℒ/∂W_v[i,d] = c Σ_μ Δ_μ φ_μ w_i x_{μd}/(√D Nγ);
 *   ∂ℒ/∂W_q[i,d] = c Σ_μ Δ_μ φ_μ f^g_μ/γ · N^{α−2} V_k[i] x_{μd}/√D;  ∂ℒ/∂V_k[i] = c Σ_μ Δ_μ φ_μ f^g_μ/γ · N^{α−2} (W_q x_μ)_i/√D.
 */
export function gatedToyLossGradient(p: GatedToyParameters, initialOutputs: Float64Array, gradient: GatedToyParameters): number {
  const x = gatedToyScaledInputs();
  const N = p.width;
  const { outputs, attention, gateOutputs } = gatedToyForward(p);
  const delta = new Float64Array(POINTS);
  let loss = 0;
  for (let m = 0; m < POINTS; m++) {
    delta[m] = GATED_TOY_TARGETS[m] - outputs[m] + initialOutputs[m];
    loss += delta[m] * delta[m];
  }
  const c = -2 / POINTS;
  const aScale = Math.pow(N, p.attentionExponent - 2);
  const readCoef = new Float64Array(POINTS); // c Δ_μ φ_μ/(Nγ)
  const attnCoef = new Float64Array(POINTS); // c Δ_μ φ_μ f^g_μ/γ · N^{α−2}
  const { queryWeights, keyVector, valueWeights, readout } = p;
  for (let g = 0; g < p.gates; g++) {
    for (let m = 0; m < POINTS; m++) {
      const phi = Math.exp(attention[g * POINTS + m]);
      readCoef[m] = (c * delta[m] * phi) / (N * p.richness);
      attnCoef[m] = ((c * delta[m] * phi * gateOutputs[g * POINTS + m]) / p.richness) * aScale;
    }
    // Σ_μ coef_μ x_μ per input coordinate, and the same coefficients contracted with x for v_i(x_μ), q_i(x_μ) below.
    const r0 = readCoef[0] * x[0] + readCoef[1] * x[2] + readCoef[2] * x[4] + readCoef[3] * x[6];
    const r1 = readCoef[0] * x[1] + readCoef[1] * x[3] + readCoef[2] * x[5] + readCoef[3] * x[7];
    const s0 = attnCoef[0] * x[0] + attnCoef[1] * x[2] + attnCoef[2] * x[4] + attnCoef[3] * x[6];
    const s1 = attnCoef[0] * x[1] + attnCoef[1] * x[3] + attnCoef[2] * x[5] + attnCoef[3] * x[7];
    for (let i = g * N; i < (g + 1) * N; i++) {
      const k = keyVector[i];
      const w = readout[i];
      const q0 = queryWeights[2 * i];
      const q1 = queryWeights[2 * i + 1];
      const v0 = valueWeights[2 * i];
      const v1 = valueWeights[2 * i + 1];
      // Σ_μ readCoef_μ v_i(x_μ) = v0·r0 + v1·r1 (v_i(x_μ) = W_v[i]·x_μ/√D), likewise for q_i(x_μ)
      gradient.readout[i] = v0 * r0 + v1 * r1;
      gradient.keyVector[i] = q0 * s0 + q1 * s1;
      gradient.valueWeights[2 * i] = w * r0;
      gradient.valueWeights[2 * i + 1] = w * r1;
      gradient.queryWeights[2 * i] = k * s0;
      gradient.queryWeights[2 * i + 1] = k * s1;
    }
  }
  return loss / POINTS;
}

/**
 * Trains the network by full-batch gradient descent θ ← θ − 0.5·N·γ²·η ∇_θ ℒ for `steps` steps (§5.3) and records the
 * loss before each step. Deterministic for (options.seed, width, …). The loop is fused (one pass over the neurons per
 * step, which applies the gatedToyLossGradient formulas and accumulates the sums Σ_i V_k[i] W_q[i,·], Σ_i w_i W_v[i,·]
 * that the next forward pass needs); the tests check it against gatedToyLossGradient. Work ≈ 40·G·N·steps operations
 * (checked against workLimit, naming steps); progress is reported per step.
 */
export function trainGatedToyNetwork(options: GatedToyNetworkOptions): GatedToyNetworkResult {
  const p = initGatedToyNetwork(options);
  const o = resolveGatedToyOptions(options);
  const run = startLongRun(
    'trainGatedToyNetwork', options, 'steps', o.steps, 40 * p.gates * p.width * o.steps, '40 · G · N · steps', o.steps,
  );
  const start = gatedToyForward(p);
  const x = gatedToyScaledInputs();
  const N = p.width;
  const G = p.gates;
  const rate = 0.5 * N * o.richness * o.richness * o.learningRate;
  const aScale = Math.pow(N, p.attentionExponent - 2);
  const { queryWeights, keyVector, valueWeights, readout } = p;
  // per gate: Σ_i k_i q_i0, Σ_i k_i q_i1, Σ_i w_i v_i0, Σ_i w_i v_i1 (the forward pass is linear in these)
  const sums = new Float64Array(4 * G);
  for (let g = 0; g < G; g++) {
    for (let i = g * N; i < (g + 1) * N; i++) {
      sums[4 * g] += keyVector[i] * queryWeights[2 * i];
      sums[4 * g + 1] += keyVector[i] * queryWeights[2 * i + 1];
      sums[4 * g + 2] += readout[i] * valueWeights[2 * i];
      sums[4 * g + 3] += readout[i] * valueWeights[2 * i + 1];
    }
  }
  const losses = new Float64Array(o.steps);
  const phi = new Float64Array(G * POINTS);
  const gate = new Float64Array(G * POINTS);
  const delta = new Float64Array(POINTS);
  const c = -2 / POINTS;
  for (let t = 0; t < o.steps; t++) {
    let loss = 0;
    for (let m = 0; m < POINTS; m++) {
      let out = 0;
      for (let g = 0; g < G; g++) {
        const a = aScale * (sums[4 * g] * x[2 * m] + sums[4 * g + 1] * x[2 * m + 1]);
        phi[g * POINTS + m] = Math.exp(a);
        gate[g * POINTS + m] = (sums[4 * g + 2] * x[2 * m] + sums[4 * g + 3] * x[2 * m + 1]) / N;
        out += (phi[g * POINTS + m] * gate[g * POINTS + m]) / p.richness;
      }
      delta[m] = GATED_TOY_TARGETS[m] - out + start.outputs[m];
      loss += delta[m] * delta[m];
    }
    losses[t] = loss / POINTS;
    for (let g = 0; g < G; g++) {
      let r0 = 0;
      let r1 = 0;
      let s0 = 0;
      let s1 = 0;
      for (let m = 0; m < POINTS; m++) {
        const read = (-rate * c * delta[m] * phi[g * POINTS + m]) / (N * p.richness);
        const attn = ((-rate * c * delta[m] * phi[g * POINTS + m] * gate[g * POINTS + m]) / p.richness) * aScale;
        r0 += read * x[2 * m];
        r1 += read * x[2 * m + 1];
        s0 += attn * x[2 * m];
        s1 += attn * x[2 * m + 1];
      }
      let kq0 = 0;
      let kq1 = 0;
      let wv0 = 0;
      let wv1 = 0;
      for (let i = g * N; i < (g + 1) * N; i++) {
        const k = keyVector[i];
        const w = readout[i];
        const q0 = queryWeights[2 * i];
        const q1 = queryWeights[2 * i + 1];
        const v0 = valueWeights[2 * i];
        const v1 = valueWeights[2 * i + 1];
        const k2 = k + q0 * s0 + q1 * s1;
        const w2 = w + v0 * r0 + v1 * r1;
        const q20 = q0 + k * s0;
        const q21 = q1 + k * s1;
        const v20 = v0 + w * r0;
        const v21 = v1 + w * r1;
        keyVector[i] = k2;
        readout[i] = w2;
        queryWeights[2 * i] = q20;
        queryWeights[2 * i + 1] = q21;
        valueWeights[2 * i] = v20;
        valueWeights[2 * i + 1] = v21;
        kq0 += k2 * q20;
        kq1 += k2 * q21;
        wv0 += w2 * v20;
        wv1 += w2 * v21;
      }
      sums[4 * g] = kq0;
      sums[4 * g + 1] = kq1;
      sums[4 * g + 2] = wv0;
      sums[4 * g + 3] = wv1;
    }
    run.progress.report(t + 1);
  }
  const end = gatedToyForward(p);
  let change = 0;
  for (let j = 0; j < end.attention.length; j++) change += (end.attention[j] - start.attention[j]) ** 2;
  return { losses, attentionChange: change / end.attention.length, parameters: p };
}
