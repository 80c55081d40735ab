/*
 * transformer-limits native kernels (optional; issue 7): single-precision kernels that tfjs-backend-wasm's hot ops
 * are replaced with when this addon builds (scripts/build-native.sh, cc + Debian's OpenBLAS + Node's N-API headers).
 * Every kernel works in place on the wasm heap of tfjs-backend-wasm (one ArrayBuffer): tensors are passed as byte
 * offsets into it, so nothing is copied. The TypeScript side is src/backend/native-kernels.ts; the equations of each
 * kernel are written there next to its registration, and test/backend/native-kernels.test.ts checks every value and
 * gradient against tfjs's own composed ops.
 *
 * Kernels: sgemm (batched C_i = α·op(A_i)·op(B_i), OpenBLAS), layer_norm(+grad), gelu(+grad), axpby,
 * attention(+grad) (multi-head, optional QK-LayerNorm, causal mask, additive offset for shaped attention; in
 * tl-attention.c),
 * crossEntropy(+grad) (mean softmax cross-entropy with integer targets), adam.
 */
#include "tl-common.h"

/* ---- matmul ---------------------------------------------------------------------------------------------------- */

/* sgemm(heap, a, b, c, batch, strideA, strideB, M, K, N, transA, transB, alpha): C_i = α·op(A_i)·op(B_i);
 * strides in floats (0 broadcasts one matrix over the batch). */
static napi_value sgemm(napi_env env, napi_callback_info info) {
  Args a;
  if (!read_args(env, info, 12, &a, "sgemm")) return NULL;
  const float *A = at(&a, 0), *B = at(&a, 1);
  float *C = at(&a, 2);
  int64_t batch = n_of(&a, 3), sA = n_of(&a, 4), sB = n_of(&a, 5);
  int M = (int)n_of(&a, 6), K = (int)n_of(&a, 7), N = (int)n_of(&a, 8);
  int tA = (int)n_of(&a, 9), tB = (int)n_of(&a, 10);
  float alpha = (float)a.v[11];
  if ((size_t)(a.v[2] + (double)batch * M * N * 4) > a.length) {
    napi_throw_range_error(env, NULL, "sgemm: output outside the heap");
    return NULL;
  }
  for (int64_t i = 0; i < batch; i++) {
    cblas_sgemm(RowMajor, tA ? Trans : NoTrans, tB ? Trans : NoTrans, M, N, K, alpha, A + i * sA, tA ? M : K,
                B + i * sB, tB ? K : N, 0.0f, C + i * (int64_t)M * N, N);
  }
  return NULL;
}

/* ---- layer norm ------------------------------------------------------------------------------------------------ */
/* layerNorm(heap, x, y, rows, cols, eps) */
static napi_value layer_norm(napi_env env, napi_callback_info info) {
  Args a;
  if (!read_args(env, info, 5, &a, "layerNorm")) return NULL;
  const float *x = at(&a, 0);
  float *y = at(&a, 1);
  const int64_t rows = n_of(&a, 2), cols = n_of(&a, 3);
  float r; /* the gradient recomputes it, so it is not kept */
  for (int64_t i = 0; i < rows; i++) layer_norm_rows(x + i * cols, y + i * cols, &r, 1, cols, (float)a.v[4]);
  return NULL;
}

/* layerNormGrad(heap, g, x, dx, rows, cols, eps): recomputes y = LN(x) and r (into dx and a scratch row), then
 * dx = r·(g − mean(g) − y·mean(g∘y)). */
static napi_value layer_norm_grad(napi_env env, napi_callback_info info) {
  Args a;
  if (!read_args(env, info, 6, &a, "layerNormGrad")) return NULL;
  const float *g = at(&a, 0), *x = at(&a, 1);
  float *dx = at(&a, 2);
  const int64_t rows = n_of(&a, 3), cols = n_of(&a, 4);
  const float eps = (float)a.v[5];
  for (int64_t i = 0; i < rows; i++) {
    float r;
    layer_norm_rows(x + i * cols, dx + i * cols, &r, 1, cols, eps);
    layer_norm_grad_rows(g + i * cols, dx + i * cols, &r, dx + i * cols, 1, cols);
  }
  return NULL;
}

/* ---- GELU (tanh form, as x·σ(2z)) --------------------------------------------------------------------------- */

#define GELU_SCALE 1.5957691216057308f /* 2√(2/π) */
#define GELU_CUBIC 0.044715f

static inline float gelu_gate(float x) { return 1.0f / (1.0f + exp_fast(-GELU_SCALE * x * (1.0f + GELU_CUBIC * x * x))); }

/* gelu(heap, x, y, n): y = x·s, s = σ(2√(2/π)(x + 0.044715x³)). */
static napi_value gelu(napi_env env, napi_callback_info info) {
  Args a;
  if (!read_args(env, info, 3, &a, "gelu")) return NULL;
  const float *x = at(&a, 0);
  float *y = at(&a, 1);
  int64_t n = n_of(&a, 2);
  for (int64_t i = 0; i < n; i++) y[i] = x[i] * gelu_gate(x[i]);
  return NULL;
}

/* geluGrad(heap, g, x, dx, n): dx = g·(s + x·s(1 − s)·2√(2/π)(1 + 3·0.044715x²)), s recomputed from x. */
static napi_value gelu_grad(napi_env env, napi_callback_info info) {
  Args a;
  if (!read_args(env, info, 4, &a, "geluGrad")) return NULL;
  const float *g = at(&a, 0), *x = at(&a, 1);
  float *dx = at(&a, 2);
  int64_t n = n_of(&a, 3);
  for (int64_t i = 0; i < n; i++) {
    const float xi = x[i], si = gelu_gate(xi);
    const float slope = GELU_SCALE * (1.0f + 3.0f * GELU_CUBIC * xi * xi);
    dx[i] = g[i] * (si + si * (1.0f - si) * xi * slope);
  }
  return NULL;
}

/* ---- out = α·x + β·y ------------------------------------------------------------------------------------------- */

/* axpby(heap, x, y, out, n, alpha, beta); y < 0 means "no y" (out = α·x). */
static napi_value axpby(napi_env env, napi_callback_info info) {
  Args a;
  if (!read_args(env, info, 6, &a, "axpby")) return NULL;
  const float *x = at(&a, 0);
  float *out = at(&a, 2);
  int64_t n = n_of(&a, 3);
  const float alpha = (float)a.v[4], beta = (float)a.v[5];
  if (a.v[1] < 0) {
    for (int64_t i = 0; i < n; i++) out[i] = alpha * x[i];
  } else {
    const float *y = at(&a, 1);
    for (int64_t i = 0; i < n; i++) out[i] = alpha * x[i] + beta * y[i];
  }
  return NULL;
}

/* ---- softmax cross-entropy ------------------------------------------------------------------------------------
 * loss = (1/R) Σ_r (log Σ_c exp z_rc − z_r,t_r) over R rows of C classes (integer targets t_r);
 * ∂loss/∂z_rc = (g/R)(softmax(z_r)_c − [c = t_r]). Returns the first bad target (≥ 0) or −1. */
static int64_t check_targets(const int32_t *t, int64_t rows, int64_t classes) {
  for (int64_t r = 0; r < rows; r++)
    if (t[r] < 0 || t[r] >= classes) return r;
  return -1;
}

static int throw_bad_target(napi_env env, const int32_t *t, int64_t r, int64_t classes) {
  char message[160];
  snprintf(message, sizeof message, "targets: expected class indices in [0, %lld), got %d at position %lld", (long long)classes,
           t[r], (long long)r);
  napi_throw_range_error(env, NULL, message);
  return 0;
}

/* crossEntropy(heap, z, targets, out, rows, classes) */
static napi_value cross_entropy(napi_env env, napi_callback_info info) {
  Args a;
  if (!read_args(env, info, 5, &a, "crossEntropy")) return NULL;
  const float *z = at(&a, 0);
  const int32_t *t = (const int32_t *)at(&a, 1);
  float *out = at(&a, 2);
  const int64_t rows = n_of(&a, 3), C = n_of(&a, 4);
  const int64_t bad = check_targets(t, rows, C);
  if (bad >= 0) {
    throw_bad_target(env, t, bad, C);
    return NULL;
  }
  double total = 0.0;
  for (int64_t r = 0; r < rows; r++) {
    const float *zr = z + r * C;
    float max = -INFINITY;
    for (int64_t c = 0; c < C; c++) max = zr[c] > max ? zr[c] : max;
    float sum = 0.0f;
    for (int64_t c = 0; c < C; c++) sum += exp_fast(zr[c] - max);
    total += (double)(max + logf(sum) - zr[t[r]]);
  }
  out[0] = (float)(total / (double)rows);
  return NULL;
}

/* crossEntropyGrad(heap, g, z, targets, dz, rows, classes); g is the scalar upstream gradient. */
static napi_value cross_entropy_grad(napi_env env, napi_callback_info info) {
  Args a;
  if (!read_args(env, info, 6, &a, "crossEntropyGrad")) return NULL;
  const float g = *at(&a, 0);
  const float *z = at(&a, 1);
  const int32_t *t = (const int32_t *)at(&a, 2);
  float *dz = at(&a, 3);
  const int64_t rows = n_of(&a, 4), C = n_of(&a, 5);
  const float scale = g / (float)rows;
  for (int64_t r = 0; r < rows; r++) {
    const float *zr = z + r * C;
    float *dr = dz + r * C;
    float max = -INFINITY;
    for (int64_t c = 0; c < C; c++) max = zr[c] > max ? zr[c] : max;
    float sum = 0.0f;
    for (int64_t c = 0; c < C; c++) {
      dr[c] = exp_fast(zr[c] - max);
      sum += dr[c];
    }
    const float inv = scale / sum;
    for (int64_t c = 0; c < C; c++) dr[c] *= inv;
    dr[t[r]] -= scale;
  }
  return NULL;
}

/* ---- Adam ------------------------------------------------------------------------------------------------------ */

/* adam(heap, theta, m, u, g, theta', m', u', n, beta1, beta2, correction1, correction2, epsilon, eta, decay):
 *   m′ = β₁m + (1−β₁)g;  u′ = β₂u + (1−β₂)g²;  θ′ = θ − η((m′/c₁)/(√(u′/c₂) + ε) + λθ). */
static napi_value adam(napi_env env, napi_callback_info info) {
  Args a;
  if (!read_args(env, info, 15, &a, "adam")) return NULL;
  const float *theta = at(&a, 0), *m = at(&a, 1), *u = at(&a, 2), *g = at(&a, 3);
  float *theta2 = at(&a, 4), *m2 = at(&a, 5), *u2 = at(&a, 6);
  const int64_t n = n_of(&a, 7);
  const float beta1 = (float)a.v[8], beta2 = (float)a.v[9], c1 = (float)a.v[10], c2 = (float)a.v[11];
  const float epsilon = (float)a.v[12], eta = (float)a.v[13], decay = (float)a.v[14];
  const float one1 = 1.0f - beta1, one2 = 1.0f - beta2;
  for (int64_t i = 0; i < n; i++) {
    const float gi = g[i];
    const float mi = beta1 * m[i] + one1 * gi;
    const float ui = beta2 * u[i] + one2 * (gi * gi);
    const float direction = (mi / c1) / (sqrtf(ui / c2) + epsilon) + decay * theta[i];
    m2[i] = mi;
    u2[i] = ui;
    theta2[i] = theta[i] - eta * direction;
  }
  return NULL;
}

static napi_value set_blas_threads(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  double threads = 1;
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (argc != 1 || napi_get_value_double(env, argv[0], &threads) != napi_ok || threads < 1) {
    napi_throw_range_error(env, NULL, "setBlasThreads: expected one integer ≥ 1");
    return NULL;
  }
  openblas_set_num_threads((int)threads);
  return NULL;
}

NAPI_MODULE_INIT() {
  const struct {
    const char *name;
    napi_callback f;
  } table[] = {{"sgemm", sgemm},           {"layerNorm", layer_norm}, {"layerNormGrad", layer_norm_grad},
               {"gelu", gelu},             {"geluGrad", gelu_grad},   {"axpby", axpby},
               {"attention", tl_attention},   {"attentionGrad", tl_attention_grad}, {"adam", adam},
               {"crossEntropy", cross_entropy}, {"crossEntropyGrad", cross_entropy_grad},
               {"setBlasThreads", set_blas_threads}};
  for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
    napi_value f;
    napi_create_function(env, table[i].name, NAPI_AUTO_LENGTH, table[i].f, NULL, &f);
    napi_set_named_property(env, exports, table[i].name, f);
  }
  return exports;
}
