#!/usr/bin/python3
"""Golden values for the course's scaling-law pieces (org.tlnlp.analysis.PowerLaw, LearningCurves,
Gpt2Config.nonEmbeddingParameters) and lesson 01's exercises 1.8-1.13, computed by SciPy, NumPy and PyTorch.

  golden DIR    write DIR/power_law.json and DIR/gpt2_counts.json (the course keeps them in testdata/scaling/)

Run with the system's Python (/usr/bin/python3) and Debian's python3-scipy, python3-numpy and python3-torch. Each
file records the library versions that made it. Nothing in the Java code is derived from this script; it fits the
laws its own way:

* the plain law L = (x_c/x)^alpha by scipy.stats.linregress on (ln x, ln y);
* the law with an irreducible term L = (x_c/x)^alpha + c, 0 <= c <= (1 - 1e-3) min y, by
  scipy.optimize.least_squares (trust-region reflective, bounded) on the log residuals ln y - ln L(x), started from
  41 values of c and keeping the lowest cost (the Java side scans c and refines it with golden-section search);
* the compute frontier by a running minimum (numpy.minimum.accumulate) over the points sorted by x;
* the first size at which a learning curve reaches a score, interpolated linearly in log(size), with NumPy;
* non-embedding parameters by counting the tensors of the plain-PyTorch GPT-2 in gpt2_torch.py.
"""
import json
import math
import os
import sys

import numpy as np
import scipy
import scipy.optimize
import scipy.stats
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gpt2_torch import GPT2  # noqa: E402  (the same directory)


def versions():
    return {"numpy": np.__version__, "scipy": scipy.__version__, "torch": torch.__version__,
            "python": sys.version.split()[0]}


def write(out, name, payload):
    payload = {"generator": "tools/reference/scaling_scipy.py golden", "versions": versions(), **payload}
    path = os.path.join(out, name)
    with open(path, "w") as f:
        json.dump(payload, f, indent=1, allow_nan=False)
        f.write("\n")
    print(f"wrote {path} ({os.path.getsize(path)} bytes)")


def r2_log(y, pred):
    v = np.log(y)
    return 1 - np.sum((v - np.log(pred)) ** 2) / np.sum((v - v.mean()) ** 2)


def plain_fit(x, y):
    r = scipy.stats.linregress(np.log(x), np.log(y))
    alpha = -r.slope
    scale = math.exp(r.intercept / alpha)
    pred = (scale / x) ** alpha
    r2 = r2_log(y, pred)
    assert abs(r2 - r.rvalue ** 2) < 1e-10, (r2, r.rvalue ** 2)  # for a line, R^2 is the squared correlation
    n = len(x)
    return {"alpha": alpha, "scale": scale, "r_squared": r2, "adjusted_r_squared": 1 - (1 - r2) * (n - 1) / (n - 2),
            "residuals": list(np.log(y) - np.log(pred))}


def irreducible_fit(x, y):
    u, v = np.log(x), np.log(y)
    top = (1 - 1e-3) * y.min()

    def residuals(p):
        c, a, alpha = p
        return v - np.log(c + np.exp(a - alpha * u))

    best = None
    for c0 in np.linspace(0, top * 0.999, 41):
        slope, intercept = np.polyfit(u, np.log(y - c0), 1)
        try:
            r = scipy.optimize.least_squares(residuals, [c0, intercept, -slope], bounds=([0, -np.inf, -np.inf],
                                             [top, np.inf, np.inf]), method="trf", xtol=1e-15, ftol=1e-15, gtol=1e-15,
                                             max_nfev=20000)
        except ValueError:
            continue
        if best is None or r.cost < best.cost:
            best = r
    c, a, alpha = best.x
    scale = math.exp(a / alpha)
    pred = (scale / x) ** alpha + c
    r2 = r2_log(y, pred)
    n = len(x)
    return {"alpha": alpha, "scale": scale, "irreducible": c, "r_squared": r2, "sse": 2 * best.cost,
            "adjusted_r_squared": 1 - (1 - r2) * (n - 1) / (n - 3), "residuals": list(np.log(y) - np.log(pred)),
            "at_zero": bool(c < 1e-9 * top)}


def law_cases():
    rng = np.random.default_rng(2001)  # the paper's arXiv number
    cases = []
    # Exactly Kaplan et al.'s L(N) (eq. 1.1) at five sizes: the fit must give back alpha 0.076, N_c 8.8e13, R^2 1.
    x = np.array([1e4, 3e4, 1e5, 3e5, 1e6])
    cases.append(("kaplan exact", x, (8.8e13 / x) ** 0.076))
    # A pure power law with multiplicative noise.
    x = np.geomspace(1.2e4, 8e5, 6)
    cases.append(("noisy power law", x, (3e12 / x) ** 0.11 * np.exp(rng.normal(0, 0.01, 6))))
    # An irreducible loss: the log-log curve flattens, so the three-parameter law fits much better.
    x = np.geomspace(1e4, 3e6, 7)
    cases.append(("with irreducible", x, (2e5 / x) ** 0.35 + 3.2 + rng.normal(0, 0.003, 7)))
    # Steepening in log-log (concave): the best irreducible loss is on its bound, 0.
    x = np.geomspace(1e4, 1e6, 5)
    cases.append(("steepening", x, np.exp(2.0 - 0.05 * np.log(x / 1e4) - 0.01 * np.log(x / 1e4) ** 2)))
    # Losses like a small sweep of tiny language models (nats per token), not from any run.
    cases.append(("tiny lm sweep", np.array([12768, 55440, 100096, 335712, 793344], dtype=float),
                  np.array([6.12, 5.71, 5.52, 5.21, 5.08])))
    # Eight points, mixed.
    x = np.geomspace(2e3, 5e7, 8)
    cases.append(("eight points", x, (1e9 / x) ** 0.2 + 1.1 + rng.normal(0, 0.01, 8)))
    out = []
    for name, x, y in cases:
        y = np.asarray(y, dtype=float)
        c = {"name": name, "x": list(x), "y": list(y), "plain": plain_fit(x, y), "irreducible": irreducible_fit(x, y)}
        # Extrapolation of each fitted law, and the size needed for a loss it has not reached.
        far = [float(x.max() * 10), float(x.max() * 1000), float(x.min() / 10)]
        for kind in ("plain", "irreducible"):
            f = c[kind]
            cc = f.get("irreducible", 0.0)
            f["predict_at"] = far
            f["predict"] = [(f["scale"] / t) ** f["alpha"] + cc for t in far]
            targets = [float(y.min() * 0.98), float(y.max() * 1.01)]
            targets = [t for t in targets if t > cc]
            f["size_for_loss"] = targets
            f["size_for"] = [f["scale"] * (t - cc) ** (-1 / f["alpha"]) for t in targets]
        out.append(c)
    return out


def frontier_cases():
    rng = np.random.default_rng(8)
    out = []
    for n in (1, 5, 40, 200):
        x = rng.uniform(1e12, 1e16, n)
        y = 10 * x ** -0.05 + rng.normal(0, 0.01, n)
        order = np.argsort(x, kind="stable")
        running = np.minimum.accumulate(y[order])
        keep = [int(order[0])] + [int(order[i]) for i in range(1, n) if running[i] < running[i - 1]]
        out.append({"x": list(x), "y": list(y), "frontier": keep})
    return out


def reach(sizes, scores, target):
    sizes, scores = np.asarray(sizes, float), np.asarray(scores, float)
    if scores[0] >= target:
        return {"size": float(sizes[0]), "reached": True, "at_most": True}
    hit = np.nonzero(scores >= target)[0]
    if len(hit) == 0:
        return {"size": None, "reached": False, "at_most": False}
    i = int(hit[0])
    logn = np.interp(target, [scores[i - 1], scores[i]], np.log([sizes[i - 1], sizes[i]]))
    return {"size": float(np.exp(logn)), "reached": True, "at_most": False}


def curve_cases():
    sizes = [25, 50, 100, 200, 500, 1000, 2000]
    curves = [[0.52, 0.55, 0.61, 0.66, 0.71, 0.74, 0.78],   # from scratch
              [0.71, 0.76, 0.80, 0.83, 0.86, 0.87, 0.89],   # pre-trained
              [0.60, 0.58, 0.65, 0.64, 0.70, 0.69, 0.72]]   # noisy: crosses some scores twice
    targets = [0.5, 0.6, 0.645, 0.7, 0.75, 0.8, 0.9, 0.71]
    return [{"sizes": sizes, "scores": s, "targets": targets, "reach": [reach(sizes, s, t) for t in targets]}
            for s in curves]


def gpt2_counts():
    out = []
    # (layers, heads, width, context, vocab): lab 01's sweep shapes, lesson 06's quick model, GPT-2 small.
    for layers, heads, width, context, vocab in [(1, 2, 32, 64, 1024), (2, 3, 48, 64, 1024), (2, 4, 64, 64, 1024),
                                                 (3, 6, 96, 64, 1024), (4, 8, 128, 64, 1024), (4, 4, 128, 128, 1024),
                                                 (6, 6, 384, 256, 8192), (12, 12, 768, 1024, 50257)]:
        model = GPT2(layers, heads, width, context, vocab)
        total = sum(p.numel() for p in model.parameters())
        non_embedding = sum(p.numel() for name, p in model.named_parameters() if not name.startswith(("wte.", "wpe.")))
        tokens = 2_252_800
        out.append({"layers": layers, "heads": heads, "width": width, "context": context, "vocab": vocab,
                    "total": total, "non_embedding": non_embedding, "tokens": tokens,
                    "training_flops": 6.0 * non_embedding * tokens})
    return out


def golden(out):
    os.makedirs(out, exist_ok=True)
    write(out, "power_law.json", {"laws": law_cases(), "frontiers": frontier_cases(), "curves": curve_cases()})
    write(out, "gpt2_counts.json", {"configs": gpt2_counts()})


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "golden":
        golden(sys.argv[2])
    else:
        print(__doc__)
        sys.exit(2)
