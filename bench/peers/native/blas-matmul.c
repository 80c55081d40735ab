/*
 * Experimental N-API addon for bench/peers/native-matmul.ts (issue 7 item 2): batched single-precision
 * C_i = op(A_i)·op(B_i) with OpenBLAS's cblas_sgemm on matrices that live inside one ArrayBuffer (the wasm heap
 * of tfjs-backend-wasm), so the kernel neither copies nor transposes. Build: bench/peers/native/build.sh.
 */
#include <node_api.h>
#include <cblas.h>
#include <stdint.h>

extern void openblas_set_num_threads(int);

static int64_t arg_int(napi_env env, napi_value v) {
  int64_t x = 0;
  napi_get_value_int64(env, v, &x);
  return x;
}

/* sgemm(heap, aOffset, bOffset, outOffset, batch, strideA, strideB, M, K, N, transA, transB); offsets in bytes,
 * strides in floats (0 broadcasts one matrix over the batch). */
static napi_value sgemm(napi_env env, napi_callback_info info) {
  size_t argc = 12;
  napi_value argv[12];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (argc != 12) {
    napi_throw_error(env, NULL, "sgemm: expected 12 arguments");
    return NULL;
  }
  void *data = NULL;
  size_t length = 0;
  if (napi_get_arraybuffer_info(env, argv[0], &data, &length) != napi_ok) {
    napi_throw_type_error(env, NULL, "sgemm: heap must be an ArrayBuffer");
    return NULL;
  }
  char *heap = (char *)data;
  int64_t aOff = arg_int(env, argv[1]), bOff = arg_int(env, argv[2]), oOff = arg_int(env, argv[3]);
  int64_t batch = arg_int(env, argv[4]), sA = arg_int(env, argv[5]), sB = arg_int(env, argv[6]);
  int M = (int)arg_int(env, argv[7]), K = (int)arg_int(env, argv[8]), N = (int)arg_int(env, argv[9]);
  int tA = (int)arg_int(env, argv[10]), tB = (int)arg_int(env, argv[11]);
  size_t end = (size_t)oOff + (size_t)batch * M * N * 4;
  if (end > length) {
    napi_throw_range_error(env, NULL, "sgemm: output outside the heap");
    return NULL;
  }
  const float *a = (const float *)(heap + aOff);
  const float *b = (const float *)(heap + bOff);
  float *c = (float *)(heap + oOff);
  for (int64_t i = 0; i < batch; i++) {
    cblas_sgemm(CblasRowMajor, tA ? CblasTrans : CblasNoTrans, tB ? CblasTrans : CblasNoTrans, M, N, K, 1.0f,
                a + i * sA, tA ? M : K, b + i * sB, tB ? K : N, 0.0f, c + i * (int64_t)M * N, N);
  }
  return NULL;
}

static napi_value set_threads(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  openblas_set_num_threads((int)arg_int(env, argv[0]));
  return NULL;
}

static napi_value init(napi_env env, napi_value exports) {
  napi_value f;
  napi_create_function(env, "sgemm", NAPI_AUTO_LENGTH, sgemm, NULL, &f);
  napi_set_named_property(env, exports, "sgemm", f);
  napi_create_function(env, "setThreads", NAPI_AUTO_LENGTH, set_threads, NULL, &f);
  napi_set_named_property(env, exports, "setThreads", f);
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
