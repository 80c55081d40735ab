#!/usr/bin/env bash
# Builds the experimental OpenBLAS matmul addon (bench/peers/native/blas-matmul.c) into out/native/blas-matmul.node
# with the system compiler, Node's headers (/usr/include/node or Node's own include dir) and Debian's OpenBLAS.
# Never fails the caller: prints why and exits 0 when a piece is missing (the benchmark then skips the native row).
set -u
cd "$(dirname "$0")/../../.."
out=out/native/blas-matmul.node
include=""
for dir in /usr/include/node "$(dirname "$(dirname "$(command -v node)")")/include/node"; do
  [[ -f "$dir/node_api.h" ]] && include="$dir" && break
done
header=""
for h in /usr/include/x86_64-linux-gnu/cblas.h /usr/include/cblas.h /usr/include/openblas/cblas.h; do [[ -f $h ]] && header=$(dirname "$h") && break; done
if ! command -v cc >/dev/null 2>&1 || [[ -z $include || -z $header ]]; then
  echo "[native] cannot build the OpenBLAS matmul addon (needs cc, node_api.h, cblas.h: apt-get install build-essential libopenblas-dev libnode-dev)" >&2
  exit 0
fi
mkdir -p out/native
if cc -O2 -shared -fPIC -DNODE_GYP_MODULE_NAME=blas_matmul -I"$include" -I"$header" bench/peers/native/blas-matmul.c -o "$out" -lopenblas 2>/tmp/native-build.log; then
  echo "[native] built $out" >&2
else
  echo "[native] build failed (see /tmp/native-build.log); the native row is skipped" >&2
fi
exit 0
