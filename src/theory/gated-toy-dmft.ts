/**
 * Discrete-time DMFT of the XOR gated-attention toy at α = 1 (THEORY.md §5.4): the N → ∞ limit of full-batch gradient
 * descent on the finite network of gated-toy-network.ts, written on P × P kernels per gate.
 */
import {
  GATED_TOY_TARGETS,
  gatedToyGateProjections,
  gatedToyInputGram,
  gatedToyKeys,
  resolveGatedToyOptions,
  type GatedToyOptions,
} from './gated-toy';
import { booleanOption, checkOptionKeys, choiceOption, startLongRun, type KeysComplete } from './solver-inputs';

export interface GatedToyDmftOptions extends GatedToyOptions {
  /**
   * Q^g(0): 'corrected' = ρ_g² a^g a^{gᵀ} + (1 − ρ_g²) C^x (the network's value, §5.4); 'notebook' = C^x (the authors'
   * notebook, right only for a cold start; kept to show the discrepancy, THEORY.md §9.1). Default 'corrected'.
   */
  initialQueryKernel?: 'corrected' | 'notebook';
  /**
   * Keep the O(e²) terms of the exact N → ∞ map of one gradient step (default false = §5.4 as written):
   *   f += … + e² (C^x r)(r·f);  V += … + e² Z (C^x r)(C^x r)ᵀ;  Z += … + e² rᵀV r;
   *   A += … + e² (C^x b)(b·A);  Q += … + e² K (C^x b)(C^x b)ᵀ;  K += … + e² bᵀQ b.
   * They follow from w′ = w + e Σ_ν r_ν v(x_ν), v′(x_μ) = v(x_μ) + e (C^x r)_μ w (and q, k with b) with no approximation.
   */
  secondOrderTerms?: boolean;
}

/** Option keys of gatedToyDmft. */
export const gatedToyDmftKeys = [...gatedToyKeys, 'initialQueryKernel', 'secondOrderTerms'] as const;
const gatedToyDmftKeysComplete: KeysComplete<GatedToyDmftOptions, typeof gatedToyDmftKeys> = true;
void gatedToyDmftKeysComplete;

export interface GatedToyDmftResult {
  /** ℒ(t) = mean_μ Δ_μ² after t updates, t = 0 … steps − 1. */
  losses: Float64Array;
  /** Final A^g_μ, row-major G × P. */
  attention: Float64Array;
  /** Final gate outputs f^g_μ, row-major G × P. */
  gateOutputs: Float64Array;
}

/**
 * Integrates the §5.4 map. Per gate g (vectors over the P inputs): f^g = 0, Z_g = 1, V^g = C^x, K_g = 1, A^g = ρ_g a^g,
 * Q^g(0) as chosen. Each step, with φ^g = e^{A^g}, Δ_μ = y_μ − (1/γ) Σ_g φ^g_μ f^g_μ, e = ηγ/P, r^g = φ^g ⊙ Δ,
 * b^g = f^g ⊙ φ^g ⊙ Δ and every right-hand side taken at the start of the step:
 *   f^g += e (V^g + Z_g C^x) r^g;  V^g += e (C^x r^g f^{gᵀ} + f^g (C^x r^g)ᵀ);  Z_g += 2e f^g·r^g;
 *   A^g += e (Q^g + K_g C^x) b^g;  Q^g += e (C^x b^g A^{gᵀ} + A^g (C^x b^g)ᵀ);  K_g += 2e A^g·b^g.
 * The gate directions u_g, overlaps ρ_g and G come from the options (gated-toy.ts). Work ≈ 20·G·P²·steps operations
 * (checked against workLimit, naming steps); progress is reported per step.
 */
export function gatedToyDmft(options: GatedToyDmftOptions = {}): GatedToyDmftResult {
  checkOptionKeys('gatedToyDmft', options, gatedToyDmftKeys);
  const o = resolveGatedToyOptions(options);
  const initial = choiceOption('initialQueryKernel', options.initialQueryKernel, 'corrected', ['corrected', 'notebook'] as const);
  const second = booleanOption('secondOrderTerms', options.secondOrderTerms, false);
  const G = o.gates;
  const P = GATED_TOY_TARGETS.length;
  const PP = P * P;
  const run = startLongRun('gatedToyDmft', options, 'steps', o.steps, 20 * G * PP * o.steps, '20 · G · P² · steps', o.steps);
  const cx = gatedToyInputGram();
  const rho = o.overlaps;
  const a = gatedToyGateProjections(o.directions, G);
  const f = new Float64Array(G * P);
  const A = new Float64Array(G * P);
  const V = new Float64Array(G * PP);
  const Q = new Float64Array(G * PP);
  const Z = new Float64Array(G).fill(1);
  const K = new Float64Array(G).fill(1);
  for (let g = 0; g < G; g++) {
    const r2 = initial === 'corrected' ? rho[g] * rho[g] : 0;
    for (let m = 0; m < P; m++) {
      A[g * P + m] = rho[g] * a[g * P + m];
      for (let n = 0; n < P; n++) {
        V[g * PP + m * P + n] = cx[m * P + n];
        Q[g * PP + m * P + n] = r2 * a[g * P + m] * a[g * P + n] + (1 - r2) * cx[m * P + n];
      }
    }
  }
  const e = (o.learningRate * o.richness) / P;
  const losses = new Float64Array(o.steps);
  const delta = new Float64Array(P);
  const phi = new Float64Array(G * P);
  const r = new Float64Array(P);
  const b = new Float64Array(P);
  const cr = new Float64Array(P);
  const cb = new Float64Array(P);
  const df = new Float64Array(P);
  const dA = new Float64Array(P);
  for (let t = 0; t < o.steps; t++) {
    let loss = 0;
    for (let m = 0; m < P; m++) {
      let out = 0;
      for (let g = 0; g < G; g++) {
        phi[g * P + m] = Math.exp(A[g * P + m]);
        out += phi[g * P + m] * f[g * P + m];
      }
      delta[m] = GATED_TOY_TARGETS[m] - out / o.richness;
      loss += delta[m] * delta[m];
    }
    losses[t] = loss / P;
    for (let g = 0; g < G; g++) {
      const go = g * P;
      const gm = g * PP;
      for (let m = 0; m < P; m++) {
        r[m] = phi[go + m] * delta[m];
        b[m] = f[go + m] * r[m];
      }
      let fr = 0;
      let ab = 0;
      let rVr = 0;
      let bQb = 0;
      for (let m = 0; m < P; m++) {
        let sr = 0;
        let sb = 0;
        let sf = 0;
        let sa = 0;
        for (let n = 0; n < P; n++) {
          sr += cx[m * P + n] * r[n];
          sb += cx[m * P + n] * b[n];
          sf += (V[gm + m * P + n] + Z[g] * cx[m * P + n]) * r[n];
          sa += (Q[gm + m * P + n] + K[g] * cx[m * P + n]) * b[n];
        }
        cr[m] = sr;
        cb[m] = sb;
        df[m] = e * sf;
        dA[m] = e * sa;
        fr += f[go + m] * r[m];
        ab += A[go + m] * b[m];
        for (let n = 0; n < P; n++) {
          rVr += r[m] * V[gm + m * P + n] * r[n];
          bQb += b[m] * Q[gm + m * P + n] * b[n];
        }
      }
      if (second) {
        for (let m = 0; m < P; m++) {
          df[m] += e * e * cr[m] * fr;
          dA[m] += e * e * cb[m] * ab;
        }
      }
      for (let m = 0; m < P; m++) {
        for (let n = 0; n < P; n++) {
          V[gm + m * P + n] += e * (cr[m] * f[go + n] + f[go + m] * cr[n]) + (second ? e * e * Z[g] * cr[m] * cr[n] : 0);
          Q[gm + m * P + n] += e * (cb[m] * A[go + n] + A[go + m] * cb[n]) + (second ? e * e * K[g] * cb[m] * cb[n] : 0);
        }
      }
      Z[g] += 2 * e * fr + (second ? e * e * rVr : 0);
      K[g] += 2 * e * ab + (second ? e * e * bQb : 0);
      for (let m = 0; m < P; m++) {
        f[go + m] += df[m];
        A[go + m] += dA[m];
      }
    }
    run.progress.report(t + 1);
  }
  return { losses, attention: A, gateOutputs: f };
}
