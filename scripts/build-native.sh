#!/usr/bin/env bash
# Builds the optional native kernels (native/*.c → native/build/tl-kernels.node) with the system C compiler,
# Node's N-API headers (Debian's nodejs ships them in /usr/include/node) and OpenBLAS (libopenblas-dev). Optional:
# when a piece is missing or the build fails it says why and exits 0, and the toolkit keeps tfjs's own wasm kernels.
# Rebuilds only when a source (native/*.c, native/*.h) or this script is newer than the addon. TL_NATIVE=0 skips the build.
set -u
cd "$(dirname "$0")/.."
say() { echo "[native] $*" >&2; }
out=native/build/tl-kernels.node
sources=(native/*.c)
[[ "${TL_NATIVE:-}" == 0 ]] && { say "TL_NATIVE=0: not building the native kernels"; exit 0; }
stale=0
for file in "${sources[@]}" native/*.h "$0"; do [[ -f $out && $out -nt $file ]] || stale=1; done
((stale)) || exit 0
include=""
for dir in "$(dirname "$(dirname "$(command -v node)")")/include/node" /usr/include/node; do
  [[ -f "$dir/node_api.h" ]] && include="$dir" && break
done
blas=""
for lib in /usr/lib/x86_64-linux-gnu/libopenblas.so /usr/lib/aarch64-linux-gnu/libopenblas.so /usr/lib/libopenblas.so; do
  [[ -e $lib ]] && blas=$lib && break
done
compiler=$(command -v cc || command -v gcc || true)
if [[ -z $compiler || -z $include || -z $blas ]]; then
  say "not built (needs a C compiler, node_api.h and OpenBLAS: apt-get install -y gcc libc6-dev libopenblas-dev); using tfjs's wasm kernels"
  rm -f "$out"
  exit 0
fi
mkdir -p native/build
log=native/build/build.log
tmp=native/build/tl-kernels.tmp.node
# -march=native: the addon is built on the machine that runs it (set-up runs on every fresh machine). Reassociation
# (-fassociative-math) lets gcc vectorise the float sums; NaN and inf keep their IEEE meaning (no -ffinite-math-only),
# so a diverged run still shows a non-finite loss.
if "$compiler" -O3 -march=native -fno-math-errno -fno-trapping-math -fno-signed-zeros -fassociative-math -fPIC -shared -I"$include" "${sources[@]}" -o "$tmp" -lopenblas -lm >"$log" 2>&1 \
  && node -e "require(process.argv[1])" "$PWD/$tmp" >>"$log" 2>&1; then
  mv "$tmp" "$out"
  say "built $out"
else
  rm -f "$tmp" "$out"
  say "build failed (see $log); using tfjs's wasm kernels"
fi
exit 0
