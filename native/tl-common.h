/*
 * Shared by the native kernels (tl-kernels.c, tl-attention.c): argument reading from N-API calls on the wasm heap,
 * OpenBLAS's sgemm, the branch-free exp and LayerNorm rows (forward and gradient). Everything here is static: each
 * translation unit gets its own copy, so nothing is exported from the addon but its module table.
 */
#ifndef TL_COMMON_H
#define TL_COMMON_H
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
static inline int read_args(napi_env env, napi_callback_info info, size_t expected, Args *a, const char *name) {
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

static inline float *at(Args *a, int i) { return (float *)(a->heap + (int64_t)a->v[i]); }
static inline int64_t n_of(Args *a, int i) { return (int64_t)a->v[i]; }

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



/* y = (x − x̄)·r, r = (mean((x − x̄)²) + eps)^{−½} per row of `cols`. */
static inline void layer_norm_rows(const float *x, float *y, float *r, int64_t rows, int64_t cols, float eps) {
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
static inline void layer_norm_grad_rows(const float *g, const float *y, const float *r, float *dx, int64_t rows, int64_t cols) {
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

/* Attention kernels (tl-attention.c). */
napi_value tl_attention(napi_env env, napi_callback_info info);
napi_value tl_attention_grad(napi_env env, napi_callback_info info);

#endif
