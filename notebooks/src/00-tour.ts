// %% [markdown]
// # A tour of transformer-limits
//
// This notebook checks that the toolkit works in your kernel: it picks the compute backend, runs a small tfjs
// computation, builds and prints a DataFrame, and shows a plot. Every figure notebook builds on these pieces.
// The scale (`smoke`, `quick`, `paper`) comes from the runner (`npx transformer-limits notebooks --scale …`).
//
// The mathematics behind every function — each equation as the code computes it, and the test that checks it — is in
// [docs/THEORY.md](../docs/THEORY.md) (source comments cite it as "THEORY.md §…"); the figures, their settings and
// claims are listed in [docs/FIGURES.md](../docs/FIGURES.md).

// %%
import * as tf from '@tensorflow/tfjs';
import * as dfd from 'danfojs-node';
import * as tl from 'transformer-limits';

const backend = await tl.initBackend();
console.log(`backend: ${backend}, scale: ${tl.currentScale()}, kernels: ${tl.nativeKernelsActive() ? "native (OpenBLAS + fused)" : "tfjs"}`);

// %% [markdown]
// A small computation on the backend: the Gram matrix of random tokens, V = X Xᵀ / n, whose diagonal concentrates
// at 1 with fluctuations of order n^{-1/2}.

// %%
const widths = tl.byScale({ smoke: [16, 64, 256], quick: [16, 64, 256, 1024], paper: [16, 64, 256, 1024, 4096] });
const records = widths.map((n) => {
  const spread = tf.tidy(() => {
    const x = tf.randomNormal([32, n], 0, 1, 'float32', 42);
    const gram = tf.matMul(x, x.transpose()).div(n);
    return tf.moments(tf.sub(gram, tf.eye(32))).variance.sqrt().dataSync()[0];
  });
  return { width: n, rmsDeviation: spread };
});
const frame = new dfd.DataFrame(records);
frame.print();

// %%
const fit = tl.fitPowerLaw(widths, records.map((r) => r.rmsDeviation));
const figure = tl.logLogFigure(
  [{ name: 'RMS(V − I)', x: widths, y: records.map((r) => r.rmsDeviation) }],
  {
    title: 'Gram-matrix fluctuations shrink like n^{-1/2}',
    xTitle: 'width n',
    yTitle: 'RMS deviation',
    references: [{ exponent: -0.5, prefactor: records[0].rmsDeviation * Math.sqrt(widths[0]), xMin: widths[0], xMax: widths[widths.length - 1], name: 'n^{-1/2}' }],
    note: 'data: Gaussian tokens (no data set)',
  },
);
await tl.show(figure, { name: 'gram-fluctuations' });
console.log(`fitted slope ${fit.slope.toFixed(3)} ± ${fit.slopeSE.toFixed(3)}`);
