/*
 * transformer-limits native kernels (optional; issue 7): single-precision kernels that tfjs-backend-wasm's hot ops
 * are replaced with when this addon builds (scripts/build-native.sh, cc + Debian's OpenBLAS + Node's N-API headers).
 * Every kernel works in place on the wasm heap of tfjs-backend-wasm (one ArrayBuffer): tensors are passed as byte
 * offsets into it, so nothing is copied. The TypeScript side is src/backend/native-kernels.ts; the equations of each
 * kernel are written there next to its registration, and test/backend/native-kernels.test.ts checks every value and
 * gradient against tfjs's own composed ops.
 *
 * Kernels: sgemm (batched C_i = α·op(A_i)·op(B_i), OpenBLAS), layer_norm(+grad), gelu(+grad), axpby,
 * attention(+grad) (multi-head, optional QK-LayerNorm, causal mask, additive offset for shaped attention),
 * crossEntropy(+grad) (mean softmax cross-entropy with integer targets), adam.
 */
#include <node_api.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* OpenBLAS (declared here so only the shared library is needed, not its headers). */
enum { RowMajor = 101, NoTrans = 111, Trans = 112 };
extern void cblas_sgemm(int order, int transA, int transB, int M, int N, int K, float alpha, const float *A, int lda,
                        const float *B, int ldb, float beta, float *C, int ldc);
extern void openblas_set_num_threads(int);

/* ---- argument helpers ------------------------------------------------------------------------------------------ */

#define MAX_ARGS 24
typedef struct {
  char *heap;
  size_t length;
  double v[MAX_ARGS];
  size_t argc;
} Args;

/* Reads (heap, x1, x2, …): the heap ArrayBuffer and `expected` numbers. Returns 0 (with a JS exception) on error. */
static int read_args(napi_env env, napi_callback_info info, size_t expected, Args *a, const char *name) {
  napi_value argv[MAX_ARGS + 1];
  size_t argc = MAX_ARGS + 1;
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (argc != expected + 1) {
    char message[128];
    snprintf(message, sizeof message, "%s: expected %zu arguments, got %zu", name, expected + 1, argc);
    napi_throw_error(env, NULL, message);
    return 0;
  }
  void *data = NULL;
  if (napi_get_arraybuffer_info(env, argv[0], &data, &a->length) != napi_ok) {
    napi_throw_type_error(env, NULL, "native kernels: the first argument must be the wasm heap ArrayBuffer");
    return 0;
  }
  a->heap = (char *)data;
  a->argc = expected;
  for (size_t i = 0; i < expected; i++) {
    if (napi_get_value_double(env, argv[i + 1], &a->v[i]) != napi_ok) {
      napi_throw_type_error(env, NULL, "native kernels: arguments after the heap must be numbers");
      return 0;
    }
  }
  return 1;
}

static float *at(Args *a, int i) { return (float *)(a->heap + (int64_t)a->v[i]); }
static int64_t n_of(Args *a, int i) { return (int64_t)a->v[i]; }

/* ---- exp ---------------------------------------------------------------------------------------------------------
 * exp(x) = 2^k·exp(r), k = rint(x/ln 2), r = x − k ln 2 (two-part ln 2), exp(r) ≈ 1 + r + r²P(r) with Cephes' expf
 * polynomial (≈ 1 ulp on |r| ≤ ln2/2). Branch-free so loops over it vectorise; NaN stays NaN; x is clamped to
 * [−87.3, 88.3] (exp underflows to ≈ 1.2·10⁻³⁸ instead of 0 below, which no caller distinguishes). */
static inline float exp_fast(float x) {
  x = x < -87.3f ? -87.3f : x;
  x = x > 88.3f ? 88.3f : x;
  const float k = rintf(x * 1.44269504088896341f);
  float r = fmaf(k, -0.693359375f, x);
  r = fmaf(k, 2.12194440e-4f, r);
  float p = 1.9875691500e-4f;
  p = fmaf(p, r, 1.3981999507e-3f);
  p = fmaf(p, r, 8.3334519073e-3f);
  p = fmaf(p, r, 4.1665795894e-2f);
  p = fmaf(p, r, 1.6666665459e-1f);
  p = fmaf(p, r, 5.0000001201e-1f);
  p = fmaf(p, r * r, r) + 1.0f;
  union {
    int32_t i;
    float f;
  } scale = {.i = ((int32_t)k + 127) << 23};
  return p * scale.f;
}

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

/* y = (x − x̄)·r, r = (mean((x − x̄)²) + eps)^{−½} per row of `cols`. */
static void layer_norm_rows(const float *x, float *y, float *r, int64_t rows, int64_t cols, float eps) {
  for (int64_t i = 0; i < rows; i++) {
    const float *xi = x + i * cols;
    float *yi = y + i * cols;
    float sum = 0.0f;
    for (int64_t j = 0; j < cols; j++) sum += xi[j];
    const float mean = sum / (float)cols;
    float square = 0.0f;
    for (int64_t j = 0; j < cols; j++) {
      const float c = xi[j] - mean;
      yi[j] = c;
      square += c * c;
    }
    const float ri = 1.0f / sqrtf(square / (float)cols + eps);
    for (int64_t j = 0; j < cols; j++) yi[j] *= ri;
    r[i] = ri;
  }
}

/* dx = r·(g − mean(g) − y·mean(g∘y)) per row (in place allowed: dx may alias g). */
static void layer_norm_grad_rows(const float *g, const float *y, const float *r, float *dx, int64_t rows, int64_t cols) {
  for (int64_t i = 0; i < rows; i++) {
    const float *gi = g + i * cols, *yi = y + i * cols;
    float *di = dx + i * cols;
    float sg = 0.0f, sgy = 0.0f;
    for (int64_t j = 0; j < cols; j++) {
      sg += gi[j];
      sgy += gi[j] * yi[j];
    }
    const float mg = sg / (float)cols, mgy = sgy / (float)cols, ri = r[i];
    for (int64_t j = 0; j < cols; j++) di[j] = ri * (gi[j] - mg - yi[j] * mgy);
  }
}

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

/* ---- multi-head attention ---------------------------------------------------------------------------------------
 * Layout: q, k, v, o are [B, S, H·N] (head a = coordinates a·N … a·N + N − 1 of each token), probabilities P are
 * [B, H, S, S], LayerNorm factors rq, rk are [B, S, H]. With q̂, k̂ the per-head LayerNormed queries/keys (or q, k
 * themselves without QK-LN):
 *   P_{ss′} = softmax_{s′ ≤ s (causal) or all s′}(scale·q̂_s·k̂_{s′}),  σ = P (+ I − U when shaped),
 *   o_s = Σ_{s′} σ_{ss′} v_{s′},
 * with U the zero-logit attention: 1/S everywhere, or 1/(s+1) on s′ ≤ s when causal (src/nn/masks.ts).
 */
typedef struct {
  int64_t B, S, H, N;
  float scale;
  int causal, qkln, shaped;
} Shape;

static Shape shape_of(Args *a, int i) {
  Shape s = {n_of(a, i), n_of(a, i + 1), n_of(a, i + 2), n_of(a, i + 3), (float)a->v[i + 4], (int)n_of(a, i + 5),
             (int)n_of(a, i + 6), (int)n_of(a, i + 7)};
  return s;
}

/* (I − U)_{st}: the shaped-attention offset. */
static float shaped_offset(const Shape *sh, int64_t s, int64_t t) {
  const int64_t count = sh->causal ? s + 1 : sh->S;
  return (s == t ? 1.0f : 0.0f) - (t < count ? 1.0f / (float)count : 0.0f);
}

/* Copies head h of batch b from a [B, S, H·N] tensor into a contiguous S×N block, and back. */
static void gather_head(const float *x, float *block, int64_t b, int64_t h, const Shape *sh) {
  const int64_t n = sh->H * sh->N;
  for (int64_t s = 0; s < sh->S; s++) memcpy(block + s * sh->N, x + (b * sh->S + s) * n + h * sh->N, sizeof(float) * sh->N);
}

static void scatter_head(const float *block, float *x, int64_t b, int64_t h, const Shape *sh) {
  const int64_t n = sh->H * sh->N;
  for (int64_t s = 0; s < sh->S; s++) memcpy(x + (b * sh->S + s) * n + h * sh->N, block + s * sh->N, sizeof(float) * sh->N);
}

/* attention(heap, q, k, v, o, P, qhat, khat, rq, rk, B, S, H, N, scale, causal, qkln, shaped, eps): without QK-LN
 * q̂ = q, k̂ = k are copied into qhat, khat and rq = rk = 1, so the gradient kernel reads the same inputs either way. */
static napi_value attention(napi_env env, napi_callback_info info) {
  Args a;
  if (!read_args(env, info, 18, &a, "attention")) return NULL;
  const float *q = at(&a, 0), *k = at(&a, 1), *v = at(&a, 2);
  float *o = at(&a, 3), *P = at(&a, 4), *qh = at(&a, 5), *kh = at(&a, 6), *rq = at(&a, 7), *rk = at(&a, 8);
  Shape sh = shape_of(&a, 9);
  const float eps = (float)a.v[17];
  const int64_t B = sh.B, S = sh.S, H = sh.H, N = sh.N;
  if (sh.qkln) {
    layer_norm_rows(q, qh, rq, B * S * H, N, eps);
    layer_norm_rows(k, kh, rk, B * S * H, N, eps);
  } else {
    memcpy(qh, q, sizeof(float) * B * S * H * N);
    memcpy(kh, k, sizeof(float) * B * S * H * N);
    for (int64_t i = 0; i < B * S * H; i++) rq[i] = rk[i] = 1.0f;
  }
  /* Per (batch, head): the head's q̂, k̂, v gathered into contiguous S×N blocks so every inner loop is unit-stride. */
  float *Q = (float *)malloc(sizeof(float) * (4 * S * N + S * S));
  if (!Q) {
    napi_throw_error(env, NULL, "attention: out of memory");
    return NULL;
  }
  float *K = Q + S * N, *V = K + S * N, *O = V + S * N, *W = O + S * N;
  for (int64_t b = 0; b < B; b++) {
    for (int64_t h = 0; h < H; h++) {
      gather_head(qh, Q, b, h, &sh);
      gather_head(kh, K, b, h, &sh);
      gather_head(v, V, b, h, &sh);
      float *Pbh = P + (b * H + h) * S * S;
      for (int64_t s = 0; s < S; s++) {
        const float *qs = Q + s * N;
        float *row = Pbh + s * S;
        const int64_t last = sh.causal ? s + 1 : S;
        float max = -INFINITY;
        for (int64_t t = 0; t < last; t++) {
          const float *kt = K + t * N;
          float dot = 0.0f;
          for (int64_t j = 0; j < N; j++) dot += qs[j] * kt[j];
          row[t] = dot * sh.scale;
          max = row[t] > max ? row[t] : max;
        }
        float sum = 0.0f;
        for (int64_t t = 0; t < last; t++) {
          row[t] = exp_fast(row[t] - max);
          sum += row[t];
        }
        const float inv = 1.0f / sum;
        for (int64_t t = 0; t < last; t++) row[t] *= inv;
        for (int64_t t = last; t < S; t++) row[t] = 0.0f;
        for (int64_t t = 0; t < S; t++) W[s * S + t] = row[t] + (sh.shaped ? shaped_offset(&sh, s, t) : 0.0f);
      }
      /* O = σ·V */
      for (int64_t s = 0; s < S; s++) {
        float *os = O + s * N;
        for (int64_t j = 0; j < N; j++) os[j] = 0.0f;
        for (int64_t t = 0; t < S; t++) {
          const float w = W[s * S + t];
          const float *vt = V + t * N;
          for (int64_t j = 0; j < N; j++) os[j] += w * vt[j];
        }
      }
      scatter_head(O, o, b, h, &sh);
    }
  }
  free(Q);
  return NULL;
}

/* attentionGrad(heap, dO, qhat, khat, v, P, rq, rk, dq, dk, dv, B, S, H, N, scale, causal, qkln, shaped): gradients
 * of o with respect to q, k, v (through QK-LN when on):
 *   dσ_{ss′} = dO_s·v_{s′};  dv_{s′} = Σ_s σ_{ss′} dO_s;  dA_{ss′} = P_{ss′}(dσ_{ss′} − Σ_t P_{st} dσ_{st});
 *   dq̂_s = scale Σ_{s′} dA_{ss′} k̂_{s′};  dk̂_{s′} = scale Σ_s dA_{ss′} q̂_s;  then the LayerNorm gradient. */
static napi_value attention_grad(napi_env env, napi_callback_info info) {
  Args a;
  if (!read_args(env, info, 18, &a, "attentionGrad")) return NULL;
  const float *dO = at(&a, 0), *qh = at(&a, 1), *kh = at(&a, 2), *v = at(&a, 3), *P = at(&a, 4);
  float *dq = at(&a, 7), *dk = at(&a, 8), *dv = at(&a, 9);
  Shape sh = shape_of(&a, 10);
  const int64_t B = sh.B, S = sh.S, H = sh.H, N = sh.N;
  float *Q = (float *)malloc(sizeof(float) * (7 * S * N + S * S));
  if (!Q) {
    napi_throw_error(env, NULL, "attentionGrad: out of memory");
    return NULL;
  }
  float *K = Q + S * N, *V = K + S * N, *G = V + S * N, *DQ = G + S * N, *DK = DQ + S * N, *DV = DK + S * N;
  float *dA = DV + S * N;
  for (int64_t b = 0; b < B; b++) {
    for (int64_t h = 0; h < H; h++) {
      gather_head(qh, Q, b, h, &sh);
      gather_head(kh, K, b, h, &sh);
      gather_head(v, V, b, h, &sh);
      gather_head(dO, G, b, h, &sh);
      const float *Pbh = P + (b * H + h) * S * S;
      memset(DV, 0, sizeof(float) * S * N);
      for (int64_t s = 0; s < S; s++) {
        const float *gs = G + s * N;
        const float *row = Pbh + s * S;
        float weighted = 0.0f;
        for (int64_t t = 0; t < S; t++) {
          const float *vt = V + t * N;
          float *dvt = DV + t * N;
          const float w = row[t] + (sh.shaped ? shaped_offset(&sh, s, t) : 0.0f);
          float d = 0.0f;
          for (int64_t j = 0; j < N; j++) {
            d += gs[j] * vt[j];
            dvt[j] += w * gs[j];
          }
          dA[s * S + t] = d;
          weighted += row[t] * d;
        }
        for (int64_t t = 0; t < S; t++) dA[s * S + t] = row[t] * (dA[s * S + t] - weighted) * sh.scale;
      }
      memset(DK, 0, sizeof(float) * S * N);
      for (int64_t s = 0; s < S; s++) {
        const float *qs = Q + s * N;
        float *dqs = DQ + s * N;
        for (int64_t j = 0; j < N; j++) dqs[j] = 0.0f;
        const int64_t last = sh.causal ? s + 1 : S;
        for (int64_t t = 0; t < last; t++) {
          const float w = dA[s * S + t];
          const float *kt = K + t * N;
          float *dkt = DK + t * N;
          for (int64_t j = 0; j < N; j++) {
            dqs[j] += w * kt[j];
            dkt[j] += w * qs[j];
          }
        }
      }
      scatter_head(DQ, dq, b, h, &sh);
      scatter_head(DK, dk, b, h, &sh);
      scatter_head(DV, dv, b, h, &sh);
    }
  }
  free(Q);
  if (sh.qkln) {
    const float *rq = at(&a, 5), *rk = at(&a, 6);
    layer_norm_grad_rows(dq, qh, rq, dq, B * S * H, N);
    layer_norm_grad_rows(dk, kh, rk, dk, B * S * H, N);
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
               {"attention", attention},   {"attentionGrad", attention_grad}, {"adam", adam},
               {"crossEntropy", cross_entropy}, {"crossEntropyGrad", cross_entropy_grad},
               {"setBlasThreads", set_blas_threads}};
  for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
    napi_value f;
    napi_create_function(env, table[i].name, NAPI_AUTO_LENGTH, table[i].f, NULL, &f);
    napi_set_named_property(env, exports, table[i].name, f);
  }
  return exports;
}
