"""PyTorch peer of bench/train-step.ts (issue 7): the reference P1 causal LM (THEORY.md section 2.4) and one Adam step.

Same network as src/models (buildCausalLm): read-in h = mu_in E[x] + mu_P P[:S]; per block
h += b * MHSA(gelu(LN h)) with QK-LayerNorm over each head's N coordinates, logits q.k * N^-1, causal mask, and
h += b * MLP(gelu(LN h)) with tanh-GELU; readout LN(h) (mu_out W_out) + bias; centred output z = (f - f0)/gamma0;
mean softmax cross-entropy. Every weight is stored raw and multiplied by its table multiplier in the forward pass.
LayerNorm has no gain or bias, eps 1e-6. Adam with per-tensor rates from the table, eps outside the root.
With config.architecture == "vit" (bench/grid.ts, issue 16) the P1 ViT (section 2.2, buildVit): patch read-in
x (mu_in W_in) + mu_P P, blocks h += b * MHSA(LN h) (no QK-LN, no mask), h += b * MLP(LN h), readout from the token
mean of LN(h), no bias. "peakResidentMb": the resident peak while training (reset before the timed model is built).

With --reference FILE (written by bench/peers/export-reference.ts) it starts from our exact initial weights and
batches and reports, in "check", the differences to our raw outputs, gradient norms and the losses of 3 Adam
steps. Timing: torch.set_num_threads(1), median ms/step over repetitions after warm-up, plus process CPU time.
Prints one JSON document.
"""
import os

# One core, like the project side: torch.set_num_threads does not reach Debian's OpenBLAS threads, these do
# (they must be set before numpy/torch load the library). Override from the environment to compare more threads.
for _name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_name, "1")

import argparse
import base64
import gc
import json
import math
import resource
import statistics
import time

import numpy as np
import torch
import torch.nn.functional as F


def decode(text, dtype, shape):
    return np.frombuffer(base64.b64decode(text), dtype=dtype).reshape(shape)


class Reference:
    def __init__(self, doc):
        c = doc["config"]
        self.arch = c.get("architecture", "causalLm")
        self.S, self.N, self.H, self.L = c["sequence"], c["headDim"], c["heads"], c["depth"]
        self.D = c.get("inputDim", c["vocabulary"])
        self.V, self.B, self.M = c["vocabulary"], c["batch"], c["mlpWidth"]
        self.n = self.H * self.N
        self.logit_scale = doc["logitScale"]
        self.branch = doc["branchMultiplier"]
        self.richness = doc["richness"]
        self.eps = doc["layerNormEpsilon"]
        self.rows = doc["rows"]
        self.opt = doc["optimizer"]


def reset_peak_resident():
    """Resets VmHWM to the current resident set (Linux >= 4.0); elsewhere the peak includes start-up."""
    try:
        with open("/proc/self/clear_refs", "w") as fh:
            fh.write("5")
    except OSError:
        pass


def peak_resident_mb():
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return round(int(line.split()[1]) / 1024)
    except OSError:
        pass
    return None


def layer_norm(x, eps):
    return F.layer_norm(x, (x.shape[-1],), eps=eps)


def forward(r, w, mu, ids, mask):
    """Raw outputs f_theta [B, S, V] for weights w (raw tensors) and multipliers mu."""
    B, S, H, N, n = ids.shape[0], ids.shape[1], r.H, r.N, r.n
    vit = r.arch == "vit"
    read_in = w["readIn"] * mu["readIn"]
    h = (ids @ read_in if vit else F.embedding(ids, read_in)) + (w["positional"] * mu["positional"])[:S]
    # LM: gelu(LN h) before each sub-block, QK-LayerNorm, causal mask; ViT: LN h, plain logits, no mask.
    prepare = (lambda x: layer_norm(x, r.eps)) if vit else (lambda x: F.gelu(layer_norm(x, r.eps), approximate="tanh"))
    qk_norm = (lambda x: x) if vit else (lambda x: layer_norm(x, r.eps))
    for l in range(1, r.L + 1):
        def k(name):
            return w[f"block{l}.{name}"] * mu[f"block{l}.{name}"]
        u = prepare(h)
        q = qk_norm((u @ k("query")).view(B, S, H, N)).transpose(1, 2)
        kk = qk_norm((u @ k("key")).view(B, S, H, N)).transpose(1, 2)
        v = (u @ k("value")).view(B, S, H, N).transpose(1, 2)
        logits = (q @ kk.transpose(-1, -2)) * r.logit_scale
        if mask is not None:
            logits = logits + mask
        a = torch.softmax(logits, dim=-1)
        o = (a @ v).transpose(1, 2).reshape(B, S, n) @ k("output")
        h = h + r.branch * o
        u = prepare(h)
        m = F.gelu(u @ k("mlpIn"), approximate="tanh") @ k("mlpOut")
        h = h + r.branch * m
    if vit:
        return layer_norm(h, r.eps).mean(dim=1) @ (w["readout"] * mu["readout"])
    return layer_norm(h, r.eps) @ (w["readout"] * mu["readout"]) + w["readoutBias"] * mu["readoutBias"]


def make_model(r, initial):
    params = {row["name"]: torch.tensor(initial[row["name"]], requires_grad=True) for row in r.rows}
    mu = {row["name"]: row["multiplier"] for row in r.rows}
    frozen = {name: p.detach().clone() for name, p in params.items()}
    mask = None if r.arch == "vit" else torch.triu(torch.full((r.S, r.S), -1e9), diagonal=1)
    groups = [{"params": [params[row["name"]]], "lr": row["learningRate"]} for row in r.rows]
    optimizer = torch.optim.Adam(groups, betas=(r.opt["beta1"], r.opt["beta2"]), eps=r.opt["epsilon"], foreach=True)

    def loss_of(ids, targets):
        f = forward(r, params, mu, ids, mask)
        with torch.no_grad():
            f0 = forward(r, frozen, mu, ids, mask)
        z = (f - f0) / r.richness
        return F.cross_entropy(z.reshape(-1, r.V), targets.reshape(-1))

    def step(ids, targets):
        optimizer.zero_grad(set_to_none=True)
        loss = loss_of(ids, targets)
        loss.backward()
        optimizer.step()
        return loss.item()

    return params, mu, mask, loss_of, step


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--reference", required=True)
    parser.add_argument("--repetitions", type=int, default=7)
    parser.add_argument("--steps", type=int, default=5, help="steps per repetition")
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    with open(args.reference) as fh:
        doc = json.load(fh)
    r = Reference(doc)
    initial = {row["name"]: decode(row["values"], np.float32, row["shape"]).copy() for row in r.rows}
    if r.arch == "vit":
        batches = [
            (torch.from_numpy(decode(b["inputs"], np.float32, (r.B, r.S, r.D)).copy()),
             torch.from_numpy(decode(b["targets"], np.int32, (r.B,)).astype(np.int64)))
            for b in doc["batches"]
        ]
    else:
        batches = [
            (torch.from_numpy(decode(b["inputs"], np.int32, (r.B, r.S)).astype(np.int64)),
             torch.from_numpy(decode(b["targets"], np.int32, (r.B, r.S)).astype(np.int64)))
            for b in doc["batches"]
        ]

    # Equivalence check from our initial weights and batches.
    params, mu, mask, loss_of, step = make_model(r, initial)
    with torch.no_grad():
        raw = forward(r, params, mu, batches[0][0], mask).numpy()
    ours_raw = decode(doc["rawOutputBatch0"], np.float32, raw.shape)
    loss0 = loss_of(*batches[0])
    grads = torch.autograd.grad(loss0, [params[row["name"]] for row in r.rows])
    norm_rel = max(
        abs(float(g.norm()) - doc["gradientNorms"][row["name"]]) / max(doc["gradientNorms"][row["name"]], 1e-30)
        for g, row in zip(grads, r.rows)
    )
    losses = [step(*batches[t]) for t in range(len(batches))]
    ours = doc["losses"]
    check = {
        "how": "same initial weights and token batches as ours (bench/peers/export-reference.ts, seed 1); compare raw outputs f_theta0 on batch 0, "
               "per-tensor gradient norms at theta0, and the losses before each of 3 Adam updates (loss_1, loss_2 depend on the updates)",
        "rawOutputMaxAbsDifference": float(np.max(np.abs(raw - ours_raw))),
        "rawOutputMaxAbs": float(np.max(np.abs(ours_raw))),
        "gradientNormMaxRelativeDifference": norm_rel,
        "lossesTorch": losses,
        "lossesOurs": ours,
        "lossMaxAbsDifference": max(abs(a - b) for a, b in zip(losses, ours)),
        "lossChangeOurs": ours[-1] - ours[0],
    }
    check["passed"] = bool(check["rawOutputMaxAbsDifference"] < 1e-4 * max(1.0, check["rawOutputMaxAbs"])
                           and norm_rel < 1e-3 and check["lossMaxAbsDifference"] < 1e-4)

    # Timing on batches cycled from the reference (the values do not change the cost). Peak memory while training:
    # the resident peak is reset here (after loading the document), before the model is built, as ours does.
    for row in r.rows:
        row.pop("values", None)
    del doc, params, loss_of, step, grads, loss0
    gc.collect()
    reset_peak_resident()
    params, mu, mask, loss_of, step = make_model(r, initial)
    for t in range(args.warmup):
        step(*batches[t % len(batches)])
    times, cpu = [], []
    t_index = 0
    for _ in range(args.repetitions):
        c0 = resource.getrusage(resource.RUSAGE_SELF)
        w0 = time.perf_counter()
        for _ in range(args.steps):
            step(*batches[t_index % len(batches)])
            t_index += 1
        wall = (time.perf_counter() - w0) * 1000 / args.steps
        c1 = resource.getrusage(resource.RUSAGE_SELF)
        times.append(wall)
        cpu.append(((c1.ru_utime - c0.ru_utime) + (c1.ru_stime - c0.ru_stime)) * 1000 / args.steps)
    ms = statistics.median(times)
    print(json.dumps({
        "benchmark": "train-step-torch",
        "torch": torch.__version__,
        "threads": torch.get_num_threads(),
        "msPerStep": round(ms, 2),
        "cpuMsPerStep": round(statistics.median(cpu), 2),
        "tokensPerSecond": round(r.B * r.S * 1000 / ms),
        "repetitions": args.repetitions,
        "stepsPerRepetition": args.steps,
        "msPerStepAll": [round(t, 2) for t in times],
        "loadAverage": round(os.getloadavg()[0], 2),
        "peakResidentMb": peak_resident_mb(),
        "check": check,
    }, indent=2))


if __name__ == "__main__":
    main()
