/*
 * Multi-head attention on the wasm heap (issues 7, 16). Layout: q, k, v, o are [B, S, H·N] (head a = coordinates
 * a·N … a·N + N − 1 of each token), probabilities P are [B, H, S, S], LayerNorm factors rq, rk are [B, S, H]. With q̂, k̂
 * the per-head LayerNormed queries/keys (or q, k themselves without QK-LN):
 *   P_{ss′} = softmax_{s′ ≤ s (causal) or all s′}(scale·q̂_s·k̂_{s′}),  σ = P (+ I − U when shaped),
 *   o_s = Σ_{s′} σ_{ss′} v_{s′},
 * with U the zero-logit attention: 1/S everywhere, or 1/(s+1) on s′ ≤ s when causal (src/nn/masks.ts).
 * Every product is an OpenBLAS sgemm on a head's block read in place (row stride H·N, no gathering): scale·Q̂K̂ᵀ and
 * P·V forward; dO·Vᵀ, Pᵀ·dO, dA·K̂, dAᵀ·Q̂ backward. Causal: the S rows are cut into tiles of T; a tile of rows
 * [r₀, r₁) only meets keys t < r₁ (and a tile of keys [c₀, c₁) only rows s ≥ c₀), so blocks above the diagonal are
 * never computed (≈ ½ + T/(2S) of the dense work). The softmax is fused over each row of logits in place.
 */
#include "tl-common.h"

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

/* Causal tile height: small enough to skip most of the upper triangle, large enough for sgemm to be efficient. */
static int64_t tile_of(const Shape *sh) { return sh->causal ? (sh->S >= 256 ? 64 : sh->S >= 64 ? 32 : 16) : sh->S; }

static inline int64_t min64(int64_t a, int64_t b) { return a < b ? a : b; }

/* C[r₀:r₁) = α·op(A)·op(B) with row-major strides: one sgemm. */
static void gemm(int tA, int tB, int64_t M, int64_t N, int64_t K, float alpha, const float *A, int64_t lda, const float *B,
                 int64_t ldb, float *C, int64_t ldc) {
  if (M <= 0 || N <= 0) return;
  cblas_sgemm(RowMajor, tA ? Trans : NoTrans, tB ? Trans : NoTrans, (int)M, (int)N, (int)K, alpha, A, (int)lda, B, (int)ldb,
              0.0f, C, (int)ldc);
}

/* In place over one row of logits: softmax over t < last, zeros on [last, S). */
static void softmax_row(float *row, int64_t last, int64_t S) {
  float max = -INFINITY;
  for (int64_t t = 0; t < last; t++) max = row[t] > max ? row[t] : max;
  float sum = 0.0f;
  for (int64_t t = 0; t < last; t++) {
    row[t] = exp_fast(row[t] - max);
    sum += row[t];
  }
  const float inv = 1.0f / sum;
  for (int64_t t = 0; t < last; t++) row[t] *= inv;
  for (int64_t t = last; t < S; t++) row[t] = 0.0f;
}

/* x_s += sign·(y_s − (U·y)_s) for the N-column head block x (stride n) and y (stride n): the shaped term (I − U)y,
 * or with transposed = 1 the gradient term (I − U)ᵀy. mean is a scratch row of N. */
static void add_identity_minus_uniform(float *x, const float *y, const Shape *sh, int transposed, float *mean) {
  const int64_t S = sh->S, N = sh->N, n = sh->H * sh->N;
  for (int64_t j = 0; j < N; j++) mean[j] = 0.0f;
  if (!sh->causal) {
    for (int64_t s = 0; s < S; s++)
      for (int64_t j = 0; j < N; j++) mean[j] += y[s * n + j];
    for (int64_t j = 0; j < N; j++) mean[j] /= (float)S; /* U = 1/S: Uy = Uᵀy = the mean row */
    for (int64_t s = 0; s < S; s++)
      for (int64_t j = 0; j < N; j++) x[s * n + j] += y[s * n + j] - mean[j];
  } else if (!transposed) {
    for (int64_t s = 0; s < S; s++) { /* (Uy)_s = mean of y_0 … y_s */
      const float inv = 1.0f / (float)(s + 1);
      for (int64_t j = 0; j < N; j++) {
        mean[j] += y[s * n + j];
        x[s * n + j] += y[s * n + j] - mean[j] * inv;
      }
    }
  } else {
    for (int64_t t = S - 1; t >= 0; t--) { /* (Uᵀy)_t = Σ_{s ≥ t} y_s/(s + 1) */
      const float inv = 1.0f / (float)(t + 1);
      for (int64_t j = 0; j < N; j++) {
        mean[j] += y[t * n + j] * inv;
        x[t * n + j] += y[t * n + j] - mean[j];
      }
    }
  }
}

/* tl_attention(heap, q, k, v, o, P, qhat, khat, rq, rk, B, S, H, N, scale, causal, qkln, shaped, eps): without QK-LN
 * q̂ = q, k̂ = k are copied into qhat, khat and rq = rk = 1, so the gradient kernel reads the same inputs either way. */
napi_value tl_attention(napi_env env, napi_callback_info info) {
  Args a;
  if (!read_args(env, info, 18, &a, "attention")) return NULL;
  const float *q = at(&a, 0), *k = at(&a, 1), *v = at(&a, 2);
  float *o = at(&a, 3), *P = at(&a, 4), *qh = at(&a, 5), *kh = at(&a, 6), *rq = at(&a, 7), *rk = at(&a, 8);
  Shape sh = shape_of(&a, 9);
  const float eps = (float)a.v[17];
  const int64_t B = sh.B, S = sh.S, H = sh.H, N = sh.N, n = H * N, T = tile_of(&sh);
  if (sh.qkln) {
    layer_norm_rows(q, qh, rq, B * S * H, N, eps);
    layer_norm_rows(k, kh, rk, B * S * H, N, eps);
  } else {
    memcpy(qh, q, sizeof(float) * B * S * n);
    memcpy(kh, k, sizeof(float) * B * S * n);
    for (int64_t i = 0; i < B * S * H; i++) rq[i] = rk[i] = 1.0f;
  }
  float *mean = (float *)malloc(sizeof(float) * N);
  if (!mean) {
    napi_throw_error(env, NULL, "attention: out of memory");
    return NULL;
  }
  for (int64_t b = 0; b < B; b++) {
    for (int64_t h = 0; h < H; h++) {
      const int64_t head = b * S * n + h * N; /* the head's S×N block, row stride n */
      const float *Q = qh + head, *K = kh + head, *V = v + head;
      float *O = o + head, *Pbh = P + (b * H + h) * S * S;
      for (int64_t r0 = 0; r0 < S; r0 += T) {
        const int64_t r1 = min64(S, r0 + T), cols = sh.causal ? r1 : S;
        gemm(0, 1, r1 - r0, cols, N, sh.scale, Q + r0 * n, n, K, n, Pbh + r0 * S, S); /* logits of rows [r₀, r₁) */
        for (int64_t s = r0; s < r1; s++) softmax_row(Pbh + s * S, sh.causal ? s + 1 : S, S);
        gemm(0, 0, r1 - r0, N, cols, 1.0f, Pbh + r0 * S, S, V, n, O + r0 * n, n); /* O = P·V on the same rows */
      }
      if (sh.shaped) add_identity_minus_uniform(O, V, &sh, 0, mean);
    }
  }
  free(mean);
  return NULL;
}

/* tl_attention_grad(heap, dO, qhat, khat, v, P, rq, rk, dq, dk, dv, B, S, H, N, scale, causal, qkln, shaped): gradients
 * of o with respect to q, k, v (through QK-LN when on):
 *   dσ = dO·Vᵀ;  dV = σᵀ·dO = Pᵀ·dO (+ (I − U)ᵀ·dO);  dA_{ss′} = scale·P_{ss′}(dσ_{ss′} − Σ_t P_{st} dσ_{st});
 *   dq̂ = dA·K̂;  dk̂ = dAᵀ·Q̂;  then the LayerNorm gradient. */
napi_value tl_attention_grad(napi_env env, napi_callback_info info) {
  Args a;
  if (!read_args(env, info, 18, &a, "attentionGrad")) return NULL;
  const float *dO = at(&a, 0), *qh = at(&a, 1), *kh = at(&a, 2), *v = at(&a, 3), *P = at(&a, 4);
  float *dq = at(&a, 7), *dk = at(&a, 8), *dv = at(&a, 9);
  Shape sh = shape_of(&a, 10);
  const int64_t B = sh.B, S = sh.S, H = sh.H, N = sh.N, n = H * N, T = tile_of(&sh);
  float *D = (float *)malloc(sizeof(float) * (S * S + N)); /* dσ, then dA, of one head; a scratch row */
  if (!D) {
    napi_throw_error(env, NULL, "attentionGrad: out of memory");
    return NULL;
  }
  float *mean = D + S * S;
  for (int64_t b = 0; b < B; b++) {
    for (int64_t h = 0; h < H; h++) {
      const int64_t head = b * S * n + h * N;
      const float *G = dO + head, *Q = qh + head, *K = kh + head, *V = v + head, *Pbh = P + (b * H + h) * S * S;
      float *DQ = dq + head, *DK = dk + head, *DV = dv + head;
      for (int64_t r0 = 0; r0 < S; r0 += T) {
        const int64_t r1 = min64(S, r0 + T), cols = sh.causal ? r1 : S;
        gemm(0, 1, r1 - r0, cols, N, 1.0f, G + r0 * n, n, V, n, D + r0 * S, S); /* dσ rows [r₀, r₁) */
        for (int64_t s = r0; s < r1; s++) {
          const float *p = Pbh + s * S;
          float *d = D + s * S;
          const int64_t last = sh.causal ? s + 1 : S;
          float weighted = 0.0f;
          for (int64_t t = 0; t < last; t++) weighted += p[t] * d[t];
          for (int64_t t = 0; t < last; t++) d[t] = sh.scale * p[t] * (d[t] - weighted);
          for (int64_t t = last; t < cols; t++) d[t] = 0.0f;
        }
        gemm(0, 0, r1 - r0, N, cols, 1.0f, D + r0 * S, S, K, n, DQ + r0 * n, n); /* dq̂ = dA·K̂ */
      }
      for (int64_t c0 = 0; c0 < S; c0 += T) { /* key tiles [c₀, c₁): only rows s ≥ c₀ when causal */
        const int64_t c1 = min64(S, c0 + T), s0 = sh.causal ? c0 : 0;
        gemm(1, 0, c1 - c0, N, S - s0, 1.0f, Pbh + s0 * S + c0, S, G + s0 * n, n, DV + c0 * n, n); /* Pᵀ·dO */
        gemm(1, 0, c1 - c0, N, S - s0, 1.0f, D + s0 * S + c0, S, Q + s0 * n, n, DK + c0 * n, n); /* dAᵀ·Q̂ */
      }
      if (sh.shaped) add_identity_minus_uniform(DV, G, &sh, 1, mean);
    }
  }
  free(D);
  if (sh.qkln) {
    const float *rq = at(&a, 5), *rk = at(&a, 6);
    layer_norm_grad_rows(dq, qh, rq, dq, B * S * H, N);
    layer_norm_grad_rows(dk, kh, rk, dk, B * S * H, N);
  }
  return NULL;
}
