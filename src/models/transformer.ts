/**
 * The one transformer body behind every builder (THEORY.md §2.2–2.4, §6.2–6.4). With b = b_L and λ the skip weight
 * (1 for P1 networks, √(1 − b²) for P2 networks), block ℓ is
 *   vit:      h ← h + b·MHSA(LN h);        h ← h + b·MLP(LN h)
 *   causalLm: h ← h + b·MHSA(gelu(LN h));  h ← h + b·MLP(gelu(LN h))      (QK-LN and causal mask by default)
 *   simple:   h ← h + b·(μ W^ℓ) gelu(MHSA(gelu h))                           (no LN, §2.3)
 *   shaped:   h ← λh + b·A h W^V/√n;       h ← λh + b·√(c/m) φ_s(h W^pre/√n) W^post   (no normalization, §6.3–6.4)
 *   preLn:    h ← λh + b·Attn(LN h);       h ← λh + b·MLP(LN h)           (P2's Pre-LN baseline, softmax attention)
 * Read-in h = x·W⁰_eff (+ P/σ_P); readout from the token mean (patches) or per token (token input) of LN(h)
 * (vit, causalLm, preLn) or of h itself (simple, shaped).
 */
import * as tf from '@tensorflow/tfjs';
import { nativeAxpby, nativeKernelsActive } from '../backend/native-ops';
import { multiHeadAttention } from '../nn/attention';
import { layerNorm } from '../nn/layer-norm';
import { geluTanh as gelu, mlpBlock, type MlpActivation } from '../nn/mlp';
import { addPositional, patchReadIn, tokenReadIn } from '../nn/read-in';
import { meanPool, readoutLayer } from '../nn/readout';
import { effectiveWeight, project, type WeightLike } from '../nn/scaled-dense';
import { mlpActivationOf, shapedReluSlopesOf } from '../spec/families';
import { hasPositionalTable, readsTokens } from '../spec/resolve';
import type { Body, BodyOutput, Collector } from './model';

type Weights = Record<string, WeightLike>;

function record(collect: Collector | null, name: string, t: tf.Tensor): void {
  if (collect) collect.activations[name] = t;
}

/** The body for spec.architecture (see the file comment). */
export const transformerBody: Body = (w: Weights, input, table, collect): BodyOutput => {
  const spec = table.spec;
  const arch = spec.architecture;
  const tokens = readsTokens(spec);
  const p2 = arch === 'shaped' || arch === 'preLn';
  const normed = arch === 'vit' || arch === 'causalLm' || arch === 'preLn';
  const b = table.branchMultiplier;
  const skip = table.skipMultiplier;
  const activation: MlpActivation = mlpActivationOf(spec);
  const slopes = shapedReluSlopesOf(spec);
  const attentionOptions = {
    heads: spec.heads,
    headDim: spec.headDim,
    logitScale: table.logitScale,
    qkLayerNorm: spec.qkLayerNorm ?? arch === 'causalLm',
    causal: spec.causal ?? arch === 'causalLm',
    shaped: arch === 'shaped',
    collect: collect !== null,
  };
  if (!tokens && (input.rank !== 3 || input.shape[2] !== spec.inputDim)) {
    throw new Error(`input: expected patches [batch, S, ${spec.inputDim}], got shape [${input.shape}]`);
  }
  let h = tokens ? tokenReadIn(input, w.readIn) : patchReadIn(input, w.readIn);
  if (hasPositionalTable(spec)) h = addPositional(h, w.positional);
  record(collect, 'readIn', h);
  collect?.residual.push(h);
  const prepare = (x: tf.Tensor3D): tf.Tensor3D => {
    if (arch === 'causalLm') return gelu(layerNorm(x)) as tf.Tensor3D;
    if (arch === 'simple') return gelu(x) as tf.Tensor3D;
    return normed ? layerNorm(x) : x;
  };
  const update = (x: tf.Tensor3D, branch: tf.Tensor3D): tf.Tensor3D =>
    nativeKernelsActive() ? nativeAxpby(x, branch, skip, b) : (skip === 1 ? tf.add(x, tf.mul(branch, b)) : tf.add(tf.mul(x, skip), tf.mul(branch, b))) as tf.Tensor3D;
  for (let l = 1; l <= spec.depth; l++) {
    const key = (name: string) => w[`block${l}.${name}`];
    const attn = multiHeadAttention(prepare(h), { query: key('query'), key: key('key'), value: key('value'), output: p2 ? undefined : key('output') }, attentionOptions);
    if (collect) {
      collect.logits.push(attn.logits!);
      collect.attention.push(attn.attention!);
      collect.queries.push(attn.queries!);
      collect.keys.push(attn.keys!);
    }
    if (arch === 'simple') {
      const branch = project(gelu(attn.output), key('mix')) as tf.Tensor3D;
      record(collect, `block${l}.attention`, attn.output);
      record(collect, `block${l}.mlp`, branch);
      h = update(h, branch);
    } else {
      record(collect, `block${l}.attention`, attn.output);
      h = update(h, attn.output);
      const m = mlpBlock(prepare(h), key('mlpIn'), key('mlpOut'), activation, slopes, table.width);
      record(collect, `block${l}.mlpPre`, m.preActivation);
      record(collect, `block${l}.mlp`, m.output);
      h = update(h, m.output);
    }
    collect?.residual.push(h);
  }
  const finalStream = normed ? layerNorm(h) : h;
  const features = tokens ? finalStream : meanPool(finalStream);
  record(collect, 'features', features);
  const f = readoutLayer(features, w.readout, w.readoutBias === undefined ? undefined : effectiveWeight(w.readoutBias));
  return { f, features };
};
