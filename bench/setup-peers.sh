#!/usr/bin/env bash
# Installs the Python peers of the benchmarks (issue 7): Debian's python3-torch, python3-numpy and the pthread
# OpenBLAS. Installs with apt-get only when running as root and something is missing; otherwise prints the command.
# Never fails: bench/compare.ts skips a peer (with a note) when its import does not work.
# Writes nothing; prints one status line per peer to stderr.
set -u
# Debian's interpreter: a python3 earlier on PATH (pyenv, venv) would not see the Debian packages.
python=/usr/bin/python3
[[ -x $python ]] || python=$(command -v python3 || echo python3)
packages=(python3-torch python3-numpy libopenblas0-pthread libopenblas-dev)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[[ -x $python ]] || command -v "$python" >/dev/null 2>&1 || missing+=(python3)
if ((${#missing[@]})); then
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
    echo "[setup-peers] installing ${missing[*]} (apt-get, ~1-2 min the first time)" >&2
    export DEBIAN_FRONTEND=noninteractive
    if ! apt-get install -y -q --no-install-recommends "${missing[@]}" >/tmp/setup-peers-apt.log 2>&1; then
      apt-get update -q >/dev/null 2>&1 || true
      apt-get install -y -q --no-install-recommends "${missing[@]}" >/tmp/setup-peers-apt.log 2>&1 ||
        echo "[setup-peers] apt-get failed (see /tmp/setup-peers-apt.log); the peers that need ${missing[*]} will be skipped" >&2
    fi
  else
    echo "[setup-peers] missing ${missing[*]}; to compare against the peers run: sudo apt-get install -y ${missing[*]}" >&2
  fi
fi
for module in numpy torch; do
  if "$python" -c "import $module" >/dev/null 2>&1; then
    echo "[setup-peers] $python $module: $("$python" -c "import $module; print($module.__version__)" 2>/dev/null)" >&2
  else
    echo "[setup-peers] $python $module: not available, its peer will be skipped" >&2
  fi
done
exit 0
