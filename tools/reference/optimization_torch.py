#!/usr/bin/python3
"""Golden values for lesson 03 (optimization for fine-tuning) and the library's schemes (package org.tlnlp.train),
computed by PyTorch's autograd and by NumPy from the papers' formulas: the independent side the Java tests compare
with.

  golden DIR   write DIR/*.json (the course keeps them in testdata/optimization/); nothing here is needed to build
               the course or to pass its tests

Run with the system's Python (/usr/bin/python3) and Debian's python3-torch and python3-numpy. Each file records the
versions that made it. Matrices are float32 values written as their shortest decimal, so the Java side (float32
NDArrays) sees exactly the numbers used here.

Nothing in the Java code is derived from this script. Every formula is written here from its paper:
  - discriminative fine-tuning and slanted triangular rates: Howard and Ruder (2018), ULMFiT, eq. 2 and 3
  - gradual unfreezing: the same paper, section 3.3 (one more layer group from the top each epoch)
  - L2-SP: Li, Grandvalet and Davoine (2018), eq. 3; its gradient by torch.autograd
  - the diagonal (empirical) Fisher of EWC: Kirkpatrick et al. (2017), from per-example gradients by torch.autograd,
    one backward pass per example
  - average forgetting: Chaudhry et al. (2018), Riemannian Walk, eq. 7-8; backward transfer: Lopez-Paz and Ranzato
    (2017), GEM
"""
import json
import math
import os
import sys

import numpy as np
import torch


def versions():
    return {"torch": torch.__version__, "numpy": np.__version__, "python": sys.version.split()[0]}


def list32(a):
    """float32 values as their shortest decimal form (Java's Float.parseFloat gives back the very same floats)."""
    a = np.asarray(a, dtype=np.float32)
    if a.ndim == 0:
        return float(repr(a.item()))
    if a.ndim == 1:
        return [float(repr(v)) for v in a]
    return [list32(row) for row in a]


def num(x):
    x = float(x)
    return None if math.isnan(x) else x


def write(out, name, payload):
    payload = {"generator": "tools/reference/optimization_torch.py golden", "versions": versions(), **payload}
    path = os.path.join(out, name)
    with open(path, "w") as f:
        json.dump(payload, f, separators=(",", ":"), allow_nan=False)
        f.write("\n")
    print(f"wrote {path} ({os.path.getsize(path)} bytes)")


# ---------------------------------------------------------------------------------------------------------------
# 1. Learning rates by depth: eta_d = eta * xi^(top - d); ULMFiT: eta_{l-1} = eta_l / 2.6

def rates():
    cases = []
    for top_rate, top, xi, name in [(1e-3, 5, 1 / 2.6, "ULMFiT's 2.6, 4 layers + embeddings + head"),
                                    (2e-5, 13, 0.95, "layer-wise decay 0.95, BERT-base (12 layers)"),
                                    (5e-4, 0, 1 / 2.6, "only a head"),
                                    (0.1, 3, 1.0, "no decay"),
                                    (3e-4, 7, 0.65, "layer-wise decay 0.65")]:
        d = np.arange(top + 1)
        cases.append({"name": name, "top_rate": top_rate, "top_depth": top, "xi": xi,
                      "rates": [float(v) for v in top_rate * xi ** (top - d)]})
    return {"cases": cases}


# ---------------------------------------------------------------------------------------------------------------
# 2. Slanted triangular learning rates (ULMFiT eq. 3), steps t = 0..T-1, p clamped at 0 where floor() makes the
#    descent longer than the run would allow (the rate would otherwise fall below eta/ratio, even below 0)

def slanted_triangular(total, cut_frac, ratio, eta):
    cut = max(1, math.floor(total * cut_frac + 1e-9))
    out = []
    for t in range(total):
        if t < cut:
            p = t / cut
        else:
            p = 1 - (t - cut) / (cut * (1 / cut_frac - 1))
        p = max(p, 0.0)
        out.append(eta * (1 + p * (ratio - 1)) / ratio)
    return out


def stlr():
    cases = []
    for total, cut_frac, ratio, eta in [(100, 0.1, 32, 0.01), (105, 0.1, 32, 0.01), (37, 0.1, 32, 5e-4),
                                        (10, 0.1, 32, 1.0), (5, 0.1, 32, 1.0), (200, 0.2, 8, 3e-3),
                                        (1000, 0.1, 32, 2e-5)]:
        cases.append({"total": total, "cut_frac": cut_frac, "ratio": ratio, "max_rate": eta,
                      "rates": slanted_triangular(total, cut_frac, ratio, eta)})
    return {"cases": cases}


# ---------------------------------------------------------------------------------------------------------------
# 3. Gradual unfreezing: in epoch e, depth d trains when d >= top - floor(e / epochs_per_stage)

def unfreezing():
    cases = []
    for top, epochs, per in [(5, 4, 1), (5, 8, 1), (13, 6, 2), (2, 3, 3), (0, 2, 1), (3, 10, 2)]:
        plan = [[bool(d >= top - e // per) for d in range(top + 1)] for e in range(epochs)]
        cases.append({"top_depth": top, "epochs": epochs, "epochs_per_stage": per, "plan": plan})
    return {"cases": cases}


# ---------------------------------------------------------------------------------------------------------------
# 4. L2-SP: alpha/2 ||w - w0||^2 + beta/2 ||w_head||^2 and its gradient by autograd

def l2sp():
    rng = np.random.default_rng(2018)
    cases = []
    for name, shapes, head_shapes, alpha, beta in [
            ("two matrices and a vector, head of two", [(4, 3), (3,), (2, 4)], [(2, 2), (2,)], 0.1, 0.01),
            ("one matrix, no head", [(5, 5)], [], 1.0, 0.5),
            ("beta only matters for the head", [(3, 2)], [(4, 3)], 0.0, 0.3)]:
        w0 = [np.float32(rng.normal(size=s)) for s in shapes]
        w = [np.float32(a + rng.normal(scale=0.3, size=a.shape)) for a in w0]
        head = [np.float32(rng.normal(size=s)) for s in head_shapes]
        tw = [torch.tensor(a, dtype=torch.float64, requires_grad=True) for a in w]
        th = [torch.tensor(a, dtype=torch.float64, requires_grad=True) for a in head]
        penalty = sum(alpha / 2 * ((t - torch.tensor(a0, dtype=torch.float64)) ** 2).sum() for t, a0 in zip(tw, w0))
        penalty = penalty + sum(beta / 2 * (t ** 2).sum() for t in th)
        penalty = torch.as_tensor(penalty, dtype=torch.float64)
        if penalty.requires_grad:
            penalty.backward()
        cases.append({"name": name, "alpha": alpha, "beta": beta,
                      "weights": [list32(a) for a in w], "pretrained": [list32(a) for a in w0],
                      "head": [list32(a) for a in head], "shapes": [list(s) for s in shapes],
                      "head_shapes": [list(s) for s in head_shapes],
                      "penalty": float(penalty.item()),
                      "weight_gradients": [list32(t.grad.numpy() if t.grad is not None else np.zeros(t.shape))
                                           for t in tw],
                      "head_gradients": [list32(t.grad.numpy() if t.grad is not None else np.zeros(t.shape))
                                         for t in th],
                      # the classic mistake: weight decay towards zero instead of towards w0
                      "penalty_towards_zero": float(sum(alpha / 2 * (np.float64(a) ** 2).sum() for a in w)
                                                    + sum(beta / 2 * (np.float64(a) ** 2).sum() for a in head))})
    return {"cases": cases}


# ---------------------------------------------------------------------------------------------------------------
# 5. The diagonal Fisher from per-example gradients, on a small tanh MLP with a softmax cross-entropy:
#    logits = W2 tanh(W1 x + b1) + b2 (weights (out, in) as PyTorch stores them), loss_n = -log softmax(logits_n)[y_n]

def fisher():
    rng = np.random.default_rng(2017)
    cases = []
    for name, n, d, h, k in [("12 examples, 5 -> 7 -> 3", 12, 5, 7, 3), ("40 examples, 3 -> 4 -> 2", 40, 3, 4, 2)]:
        params = {"w1": np.float32(rng.normal(scale=0.7, size=(h, d))), "b1": np.float32(rng.normal(scale=0.2, size=h)),
                  "w2": np.float32(rng.normal(scale=0.7, size=(k, h))), "b2": np.float32(rng.normal(scale=0.2, size=k))}
        x = np.float32(rng.normal(size=(n, d)))
        y = rng.integers(0, k, n)
        t = {key: torch.tensor(v, dtype=torch.float64, requires_grad=True) for key, v in params.items()}
        xt = torch.tensor(x, dtype=torch.float64)

        def loss(rows):
            logits = torch.tanh(xt[rows] @ t["w1"].T + t["b1"]) @ t["w2"].T + t["b2"]
            return torch.nn.functional.cross_entropy(logits, torch.tensor(y[rows]), reduction="mean")

        squares = {key: np.zeros(v.shape) for key, v in params.items()}
        running = {key: np.zeros(v.shape) for key, v in params.items()}
        accumulated = {key: np.zeros(v.shape) for key, v in params.items()}
        for i in range(n):
            for v in t.values():
                v.grad = None
            loss([i]).backward()
            for key, v in t.items():
                g = v.grad.numpy()
                squares[key] += g ** 2
                running[key] += g
                # the mistake of never clearing the gradients: each "per-example" gradient is the running sum
                accumulated[key] += running[key] ** 2
        for v in t.values():
            v.grad = None
        loss(list(range(n))).backward()
        mean_grad = {key: v.grad.numpy() for key, v in t.items()}
        per_example_losses = [float(loss([i]).item()) for i in range(n)]
        cases.append({"name": name, "x": list32(x), "labels": [int(v) for v in y],
                      "parameters": {key: list32(v) for key, v in params.items()},
                      "example_losses": per_example_losses,
                      "fisher": {key: list32(v / n) for key, v in squares.items()},
                      "squared_mean_gradient": {key: list32(v ** 2) for key, v in mean_grad.items()},
                      "never_cleared": {key: list32(v / n) for key, v in accumulated.items()}})
    return {"cases": cases}


# ---------------------------------------------------------------------------------------------------------------
# 6. Forgetting from a score matrix a[k][j] (score on task j after training tasks 0..k; None above the diagonal)

def forgetting():
    rng = np.random.default_rng(2018)
    cases = []

    def add(name, a):
        a = np.array(a, dtype=np.float64)
        k = a.shape[0] - 1
        per = [max(a[l][j] for l in range(j, k)) - a[k][j] for j in range(k)]
        bwt = sum(a[k][j] - a[j][j] for j in range(k)) / k
        cases.append({"name": name, "scores": [[num(v) if j <= i else None for j, v in enumerate(row)]
                                                for i, row in enumerate(a)],
                      "per_task": per, "average": float(np.mean(per)), "backward_transfer": bwt,
                      # the classic mistake: the score right after learning the task instead of its best before the end
                      "average_from_diagonal": float(np.mean([a[j][j] - a[k][j] for j in range(k)]))})

    nan = float("nan")
    add("two tasks", [[0.9, nan], [0.7, 0.8]])
    add("pre-training, A, B", [[0.31, nan, nan], [0.22, 0.81, nan], [0.18, 0.66, 0.55]])
    add("a later task helped, then hurt", [[0.5, nan, nan, nan], [0.6, 0.7, nan, nan], [0.8, 0.75, 0.6, nan],
                                           [0.4, 0.72, 0.65, 0.9]])
    add("nothing forgotten, something gained", [[0.5, nan, nan], [0.55, 0.6, nan], [0.6, 0.65, 0.7]])
    m = rng.random((6, 6))
    m[np.triu_indices(6, 1)] = nan
    add("six tasks at random", m)
    return {"cases": cases}


def golden(out):
    os.makedirs(out, exist_ok=True)
    write(out, "rates.json", rates())
    write(out, "slanted_triangular.json", stlr())
    write(out, "unfreezing.json", unfreezing())
    write(out, "l2sp.json", l2sp())
    write(out, "fisher.json", fisher())
    write(out, "forgetting.json", forgetting())


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "golden":
        golden(sys.argv[2])
    else:
        print(__doc__)
        sys.exit(2)
