"""NumPy peer of the P2 covariance samplers (issue 7; THEORY.md sections 6.7, 6.11-6.12), vectorised over samples.

chain: the exact-in-law finite-width chain for shaped attention (src/theory/covariance-chain.ts, default options):
  C = chol(V); Xi = G L^T with G m x m N(0,1), L the Bartlett factor of Wishart_m(n_k, I) (law of B_q B_k^T);
  A = softmax(C Xi C^T / (tau0 sqrt(n n_k))) + I - 11^T/m; B m x m N(0,1), W_perp ~ Wishart_m(n - m, I);
  M = C (B B^T + W_perp) C^T / n, R = C B^T C^T / sqrt(n);
  V <- lambda^2 V + gamma^2 A M A^T + lambda gamma (R A^T + A R^T).
sde: Euler-Maruyama for the shaped-attention SDE (src/theory/covariance-sde.ts, model 'attention'):
  V <- V + b(V) dt + sqrt(kappa/2) C (Xi1 + Xi1^T) C^T sqrt(dt) + gamma^2 (P V + V P^T) sqrt(dt),
  P = (S - rowmean S)/(m tau0), S = C Xi2 C^T, b(V) = (gamma^2/tau0^2)[tr(CC) V/m^2 + (diag V (Vd)^T + (Vd) diag V^T)/(2m)],
  C = J V J, d = diag C - tr C/m; a path explodes (frozen) when tr V > 1e4 tr V0.
Reports samples x layers (steps) per second (median of repetitions after a warm-up) and the sample mean and standard
error of the mean off-diagonal correlation at the last layer / time T. Prints one JSON document.
"""
import os

# One core, like the project side: torch.set_num_threads does not reach Debian's OpenBLAS threads, these do
# (they must be set before numpy/torch load the library). Override from the environment to compare more threads.
for _name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_name, "1")

import argparse
import json
import resource
import statistics
import time

import numpy as np

M_TOKENS, WIDTH, DEPTH, GAMMA2, TAU0, RHO0 = 4, 200, 150, 1 / 8, 1.0, 0.2


def initial(K, m):
    v0 = np.full((m, m), RHO0) + (1 - RHO0) * np.eye(m)
    return np.broadcast_to(v0, (K, m, m)).copy()


def factor(v):
    """C with C C^T = V per sample: Cholesky, eigen-clipped root where it fails."""
    try:
        return np.linalg.cholesky(v)
    except np.linalg.LinAlgError:
        w, q = np.linalg.eigh(v)
        return q * np.sqrt(np.clip(w, 0, None))[:, None, :]


def bartlett(rng, K, m, dof):
    """Lower-triangular L with L L^T ~ Wishart_m(dof, I)."""
    l = np.tril(rng.standard_normal((K, m, m)), -1)
    idx = np.arange(m)
    l[:, idx, idx] = np.sqrt(rng.chisquare(dof - idx, size=(K, m)))
    return l


def mean_correlation(v):
    m = v.shape[-1]
    d = np.sqrt(np.einsum("kii->ki", v))
    corr = v / (d[:, :, None] * d[:, None, :])
    off = ~np.eye(m, dtype=bool)
    return corr[:, off].mean(axis=1)


def chain(K, depth, rng, m=M_TOKENS, n=WIDTH):
    lam, gam = np.sqrt(1 - GAMMA2), np.sqrt(GAMMA2)
    scale = 1 / (TAU0 * np.sqrt(n * n))
    offset = np.eye(m) - 1 / m
    v = initial(K, m)
    for _ in range(depth):
        c = factor(v)
        ct = c.transpose(0, 2, 1)
        xi = rng.standard_normal((K, m, m)) @ bartlett(rng, K, m, n).transpose(0, 2, 1)
        logits = c @ xi @ ct * scale
        e = np.exp(logits - logits.max(axis=2, keepdims=True))
        a = e / e.sum(axis=2, keepdims=True) + offset
        b = rng.standard_normal((K, m, m))
        w = bartlett(rng, K, m, n - m)
        g = w @ w.transpose(0, 2, 1) + b @ b.transpose(0, 2, 1)
        big_m = c @ g @ ct / n
        r = c @ b.transpose(0, 2, 1) @ ct / np.sqrt(n)
        at = a.transpose(0, 2, 1)
        ram = r @ at
        v = lam * lam * v + GAMMA2 * a @ big_m @ at + lam * gam * (ram + ram.transpose(0, 2, 1))
        v = 0.5 * (v + v.transpose(0, 2, 1))
    return v, np.zeros(K, dtype=bool)


def sde(K, steps, dt, rng, m=M_TOKENS):
    g2 = GAMMA2
    kappa = g2 * g2 + 2 * (1 - g2) * g2
    k_drift = g2 / TAU0**2
    v = initial(K, m)
    limit = 1e4 * np.trace(v[0])
    alive = np.ones(K, dtype=bool)
    root = np.sqrt(dt)
    for _ in range(steps):
        c = factor(v)
        ct = c.transpose(0, 2, 1)
        row = v.mean(axis=2)
        cc = v - row[:, :, None] - row[:, None, :] + v.mean(axis=(1, 2))[:, None, None]
        tr_cc = np.einsum("kab,kab->k", cc, cc)
        diag_c = np.einsum("kii->ki", cc)
        d = diag_c - diag_c.mean(axis=1, keepdims=True)
        vd = np.einsum("kab,kb->ka", v, d)
        diag_v = np.einsum("kii->ki", v)
        drift = k_drift * (tr_cc[:, None, None] * v / (m * m) + (diag_v[:, :, None] * vd[:, None, :] + vd[:, :, None] * diag_v[:, None, :]) / (2 * m))
        xi = rng.standard_normal((K, m, m))
        xi = xi + xi.transpose(0, 2, 1)
        noise = np.sqrt(kappa / 2) * root * (c @ xi @ ct)
        s = c @ rng.standard_normal((K, m, m)) @ ct
        p = (s - s.mean(axis=2, keepdims=True)) / (m * TAU0)
        pv = p @ v
        noise += g2 * root * (pv + pv.transpose(0, 2, 1))
        inc = drift * dt + noise
        new = v + 0.5 * (inc + inc.transpose(0, 2, 1))
        tr = np.einsum("kii->k", new)
        ok = np.isfinite(tr) & (tr <= limit)
        v = np.where((alive & ok)[:, None, None] | (alive & np.isfinite(tr) & ~ok)[:, None, None], new, v)
        alive &= ok
    return v, ~alive


def measure(fn, units, repetitions):
    times, cpu, result = [], [], None
    fn()  # warm-up
    for _ in range(repetitions):
        c0 = resource.getrusage(resource.RUSAGE_SELF)
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
        c1 = resource.getrusage(resource.RUSAGE_SELF)
        cpu.append((c1.ru_utime - c0.ru_utime) + (c1.ru_stime - c0.ru_stime))
    wall = statistics.median(times)
    return {
        "samplesLayersPerSecond": round(units / wall),
        "cpuSamplesLayersPerSecond": round(units / statistics.median(cpu)),
        "secondsAll": [round(t, 4) for t in times],
    }, result


def summary(v, exploded):
    rho = mean_correlation(v[~exploded])
    return {"meanCorrelation": float(rho.mean()), "standardError": float(rho.std(ddof=1) / np.sqrt(len(rho))),
            "standardDeviation": float(rho.std(ddof=1)), "quantiles": [float(q) for q in np.quantile(rho, [0.1, 0.5, 0.9])],
            "exploded": int(exploded.sum())}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--samples", type=int, default=2048)
    parser.add_argument("--depth", type=int, default=DEPTH)
    parser.add_argument("--step-size", type=float, default=1 / 800)
    parser.add_argument("--horizon", type=float, default=0.75)
    parser.add_argument("--repetitions", type=int, default=3)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    rng = np.random.default_rng(args.seed)
    K = args.samples
    steps = max(1, int(np.ceil(args.horizon / args.step_size - 1e-9)))
    dt = args.horizon / steps
    chain_timing, (v, exploded) = measure(lambda: chain(K, args.depth, rng), K * args.depth, args.repetitions)
    sde_timing, (w, w_exploded) = measure(lambda: sde(K, steps, dt, rng), K * steps, args.repetitions)
    print(json.dumps({
        "benchmark": "covariance-numpy",
        "numpy": np.__version__,
        "threads": os.environ.get("OPENBLAS_NUM_THREADS", "default"),
        "samples": K, "tokens": M_TOKENS, "width": WIDTH, "depth": args.depth, "sdeSteps": steps, "stepSize": dt,
        "chain": {**chain_timing, **summary(v, exploded)},
        "sde": {**sde_timing, **summary(w, w_exploded)},
        "loadAverage": round(os.getloadavg()[0], 2),
    }, indent=2))


if __name__ == "__main__":
    main()
