/**
 * The serializable parameterization spec and the parameter table it resolves to (THEORY.md §2.5, §7).
 * This file is the contract between spec/, nn/, models/, train/ and probes/: extend it, do not break it.
 */

export type Architecture = 'vit' | 'causalLm' | 'simple' | 'shaped' | 'preLn';
export type OptimizerKind = 'sgd' | 'momentum' | 'adam' | 'adamw';
export type PresetName =
  | 'p1'
  | 'sp'
  | 'ntk'
  | 'mup'
  | 'meanField'
  | 'depthMup'
  | 'completeP'
  | 'shaped';

export interface OptimizerSpec {
  kind: OptimizerKind;
  /** Base learning rate η₀ (the table turns it into per-parameter rates). */
  learningRate: number;
  /** Momentum β_m for 'momentum' (jax form v ← μv + g; θ ← θ − ηv). */
  momentum?: number;
  beta1?: number;
  beta2?: number;
  /** Adam ε, added outside the square root (P1 uses 1e−20). */
  epsilon?: number;
  weightDecay?: number;
  /** Linear warmup steps then cosine decay to 0 at totalSteps (THEORY.md §2.7); omit for a constant rate. */
  warmupSteps?: number;
  totalSteps?: number;
}

/** Plain JSON: everything needed to build, train and document one network. */
export interface Spec {
  architecture: Architecture;
  preset: PresetName;
  /** N: key/query/value dimension per head. */
  headDim: number;
  /** H: number of heads. Width n = N·H. */
  heads: number;
  /** L: number of residual blocks. */
  depth: number;
  /** S: number of tokens (patches or context length). */
  tokens: number;
  /** Input features per token (D·p² for patches); vocabulary size for the LM. */
  inputDim: number;
  /** Output classes C (ViT) or vocabulary V (LM). */
  outputDim: number;
  /** α_A: logits A = q·k / N^{α_A}. */
  attentionExponent: number;
  /** α_L: branch scale b_L = β₀ (L/L_b)^{−α_L}. */
  residualExponent: number;
  /** β₀. */
  branchScale: number;
  /** γ₀: centred logits (f − f₀)/γ₀. */
  richness: number;
  /** Reference depths L_b (branch), L_η (SGD rate), L_r (read-in/readout std) of THEORY.md §2.5. */
  referenceDepth?: { branch: number; learningRate: number | null; readout: number };
  optimizer: OptimizerSpec;
  /** Optional pieces; builders document their defaults. */
  positionalTable?: boolean;
  qkLayerNorm?: boolean;
  causal?: boolean;
  mlpActivation?: 'gelu' | 'shapedRelu' | 'relu';
  /** P2 shaped attention temperature τ₀ and shaped-ReLU slopes c±. */
  temperature?: number;
  shapedReluSlopes?: [number, number];
  /** MLP hidden width m (P1: m = n, the default). */
  mlpWidth?: number;
  /** ViT images: when given, tokens must equal (side/patch)² and inputDim channels·patch². */
  image?: { side: number; channels: number; patch: number };
  /** Input kind: 'patches' (float [batch, S, inputDim], pooled readout) or 'tokens' (int ids, per-token readout).
   *  Default: 'tokens' for causalLm, 'patches' otherwise. */
  input?: 'patches' | 'tokens';
  /** P1 reference-depth convention (THEORY.md §2.5) used when referenceDepth is not given. */
  referenceConvention?: 'fixedDepth' | 'depthSweep' | 'languageModel';
  /** Optional Adam factors of P1's Table 1 [R] (default: the released code, no factor): depth (L/L_η)^{α_L−1}, richness γ₀. */
  adamFactors?: { depth?: boolean; richness?: boolean };
  /** Adam readout of a patch network (THEORY.md §2.5): 'code' (default, the reconstructed ViT row: std 1, multiplier
   *  n^{−½}, effective n^{−½}) or 'muP' (the LM's row: std n^{−½}, multiplier n^{−½}, effective n^{−1}, μP-consistent).
   *  Token networks always use the LM's row. */
  adamReadout?: 'code' | 'muP';
  /** Centre the output, z = (f − f₀)/γ₀ (default true; the SP preset sets false, then z = f). */
  centred?: boolean;
  /** Storage convention: 'stored' (table std as drawn, default) or 'unitStd' (every weight N(0,1), the std moved into
   *  the multiplier and the rate rescaled by the abc symmetry, THEORY.md §2.6). */
  storage?: 'stored' | 'unitStd';
  /** abc-symmetry factors s per row name or group: multiplier·s, std/s, rate/s² (SGD, momentum) or /s (Adam). */
  abcScale?: Record<string, number>;
}

/** One row per trainable tensor: how it is initialised, scaled in the forward pass and trained. */
export interface ParameterRow {
  /** Unique name, e.g. 'readIn', 'block3.qk', 'block3.value', 'readout'. */
  name: string;
  /** Weight group used in docs and coordinate checks: readIn | positional | qk | value | output | mlpIn | mlpOut | readout | bias | other. */
  group: string;
  /** Block index ℓ (1-based) or null outside the blocks. */
  block: number | null;
  shape: number[];
  /** Std of the centred Gaussian the stored weight is drawn from (0 → zeros). */
  initStd: number;
  /** Constant applied to the weight every time it is used in the forward pass. */
  multiplier: number;
  /** Absolute learning rate of this tensor for the spec's optimizer (schedule factors multiply it). */
  learningRate: number;
}

export interface ParameterTable {
  spec: Spec;
  /** Parameter family the rows follow: 'meanField' (P1 table), 'standard', 'ntk', 'mup' or 'shaped'. */
  family?: string;
  /** Scale of the attention logits, A = (q·k)·logitScale: N^{−α_A}, or 1/τ = 1/(τ₀√(nN)) for shaped attention. */
  logitScale: number;
  /** P2 skip weight λ = √(1 − γ²) with γ = branchMultiplier (shaped / preLn), 1 otherwise. */
  skipMultiplier: number;
  /** n = N·H. */
  width: number;
  /** b_L = β₀ (L/L_b)^{−α_L}. */
  branchMultiplier: number;
  /** The global rate η before per-group factors (e.g. η₀γ₀²n(L/L_η)^{2α_L−1} for SGD). */
  globalLearningRate: number;
  rows: ParameterRow[];
}
