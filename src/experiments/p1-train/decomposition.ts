/**
 * Splitting the change of the last block's keys and attention logits into the part driven by the update of W^Q, W^K
 * and the part driven by the drift of the block's input (THEORY.md §2.9; FIGURES.md P1-T3). With u(t) = LN(h_{L−1}(t))
 * the input of the last attention and μ_K the key multiplier,
 *   k(t) − k(0) = μ_K (W^K(t) − W^K(0)) u(t)  +  μ_K W^K(0) (u(t) − u(0))
 *                 └── weight-driven ─────┘      └── input-driven ─────┘
 * and likewise A(t) − A(0) = [A(t) − A_{W(0)}(u(t))] + [A_{W(0)}(u(t)) − A(0)], A_W(u) = N^{−α_A} q_W(u)·k_W(u).
 * The §2.9 argument (keys move like N^{α_A−1}, A by O(1)) is about the weight-driven part; the input-driven part of
 * k is O(1) whatever α_A, because u moves by O(1) in the mean-field parameterization and μ_K W^K(0) maps it to O(1).
 */
import * as tf from '@tensorflow/tfjs';
import { dense } from '../../backend';
import type { Model } from '../../models/types';
import { layerNorm } from '../../nn/layer-norm';
import { readValues, rmsDifference } from '../../probes/read';
import { logitScaleOf } from '../../spec/scales';

export interface WeightDrivenChanges {
  /** RMS over probes, tokens, heads and coordinates of μ_K(W^K(t) − W^K(0))u(t) (queries likewise). */
  keyWeightChange: number;
  queryWeightChange: number;
  /** RMS over probes, heads and (s, s′) of A(t) − A_{W(0)}(u(t)). */
  logitWeightChange: number;
  /** RMS of μ_K W^K(0)(u(t) − u(0)) and of A_{W(0)}(u(t)) − A(0): the input-driven parts. */
  keyInputChange: number;
  logitInputChange: number;
}

/** The last block's W^Q and W^K at initialization (copies; dispose them with tf.dispose). */
export function captureAttentionWeights(model: Model): { query: tf.Tensor; key: tf.Tensor } {
  const L = model.spec.depth;
  return { query: model.params[`block${L}.query`].clone(), key: model.params[`block${L}.key`].clone() };
}

function multiplier(model: Model, name: string): number {
  const row = model.table.rows.find((r) => r.name === name);
  if (!row) throw new Error(`model: no parameter row '${name}'`);
  return row.multiplier;
}

/** Logits [B, H, S, S] = N^{−α_A} q·k for queries/keys [B, S, n] cut into H heads of N. */
function logitsOf(q: tf.Tensor, k: tf.Tensor, heads: number, headDim: number, scale: number): tf.Tensor {
  const [B, S] = q.shape;
  const qh = tf.transpose(q.reshape([B, S, heads, headDim]), [0, 2, 1, 3]).reshape([B * heads, S, headDim]);
  const kh = tf.transpose(k.reshape([B, S, heads, headDim]), [0, 2, 3, 1]).reshape([B * heads, headDim, S]);
  return tf.mul(tf.matMul(qh, kh), scale);
}

/**
 * The weight-driven and input-driven parts of the last block's key and logit changes on the probe inputs
 * (see the file comment), from the initial W^Q, W^K (captureAttentionWeights) and the stream entering the last
 * block at t = 0 (`initialStream`, [B, S, n]). Only for the ViT (LN before attention, no QK-LN).
 */
export function weightDrivenChanges(model: Model, initial: { query: tf.Tensor; key: tf.Tensor }, initialStream: tf.Tensor, currentStream: tf.Tensor): WeightDrivenChanges {
  const spec = model.spec;
  if (spec.architecture !== 'vit') throw new Error(`architecture: weightDrivenChanges needs a 'vit', got '${spec.architecture}'`);
  const L = spec.depth;
  const muQ = multiplier(model, `block${L}.query`);
  const muK = multiplier(model, `block${L}.key`);
  const scale = model.table.logitScale ?? logitScaleOf(spec);
  let values: Float64Array[] = [];
  tf.tidy(() => {
    const u0 = layerNorm(initialStream);
    const u = layerNorm(currentStream);
    const wq = tf.mul(model.params[`block${L}.query`], muQ) as tf.Tensor2D;
    const wk = tf.mul(model.params[`block${L}.key`], muK) as tf.Tensor2D;
    const wq0 = tf.mul(initial.query, muQ) as tf.Tensor2D;
    const wk0 = tf.mul(initial.key, muK) as tf.Tensor2D;
    const q = dense(u, wq);
    const k = dense(u, wk);
    const qOld = dense(u, wq0);
    const kOld = dense(u, wk0);
    const kInit = dense(u0, wk0);
    const qInit = dense(u0, wq0);
    const logits = (a: tf.Tensor, b: tf.Tensor) => logitsOf(a, b, spec.heads, spec.headDim, scale);
    values = [k, kOld, q, qOld, kInit, logits(q, k), logits(qOld, kOld), logits(qInit, kInit)].map((t) => readValues(t));
  });
  const [k, kOld, q, qOld, kInit, a, aOld, aInit] = values;
  return {
    keyWeightChange: rmsDifference(k, kOld),
    queryWeightChange: rmsDifference(q, qOld),
    logitWeightChange: rmsDifference(a, aOld),
    keyInputChange: rmsDifference(kOld, kInit),
    logitInputChange: rmsDifference(aOld, aInit),
  };
}
