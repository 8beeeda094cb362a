#!/usr/bin/python3
"""Golden values for lesson 07's exercises 7.7 to 7.9 (the measures of the layer-evolution analyses), computed by
scikit-learn, SciPy and NumPy: the independent side the graded tests compare with.

  golden DIR   write DIR/exercises.json (the course keeps it in testdata/layers/)

  7.7  mutual information of paired observations: scikit-learn's mutual_info_score, and, for samples laid out so that
       their empirical joint distribution is a known one, the MI of that distribution computed from its table
       (SciPy's entropies: I = H(X) + H(Y) - H(X, Y)) and, where one exists, in closed form
  7.8  linear CKA (Kornblith et al. 2019), written from the paper's HSIC form with NumPy (centred Gram matrices), on
       X and Y and on transforms of Y: an orthogonal map (SciPy's ortho_group), an isotropic scaling, an arbitrary
       linear map
  7.9  the expected layer of a scalar mix: softmax of the raw weights (SciPy's softmax) and its centre of gravity

Run with the system's Python (/usr/bin/python3) and Debian's python3-sklearn, python3-scipy, python3-numpy. Nothing in
the Java code is derived from this script.
"""
import json
import math
import os
import sys

import numpy as np
import scipy
import scipy.special
import scipy.stats
import sklearn
from sklearn.metrics import mutual_info_score


def versions():
    return {"numpy": np.__version__, "scipy": scipy.__version__, "sklearn": sklearn.__version__,
            "python": sys.version.split()[0]}


def from_table(counts):
    """Paired observations whose joint counts are exactly the integer table `counts` (rows x, columns y)."""
    xs, ys = [], []
    for i, row in enumerate(counts):
        for j, c in enumerate(row):
            xs += [i] * int(c)
            ys += [j] * int(c)
    return xs, ys


def table_mi(counts):
    """I(X; Y) of the distribution p = counts / sum, as H(X) + H(Y) - H(X, Y) with SciPy's entropy (nats)."""
    p = np.asarray(counts, dtype=float)
    p = p / p.sum()
    return float(scipy.stats.entropy(p.sum(1)) + scipy.stats.entropy(p.sum(0)) - scipy.stats.entropy(p.ravel()))


def mi_cases():
    rng = np.random.default_rng(77)
    cases = []

    def add(name, x, y, known=None):
        x = [int(v) for v in x]
        y = [int(v) for v in y]
        c = {"name": name, "x": x, "y": y, "mi_nats": float(mutual_info_score(x, y))}
        if known is not None:
            c["known_nats"] = float(known)
            assert abs(known - c["mi_nats"]) < 1e-12, (name, known, c["mi_nats"])
        cases.append(c)

    # Known distributions, laid out exactly.
    for eps, n in [(0.1, 100), (0.25, 200), (0.5, 40)]:
        flips = int(round(eps * n / 2))
        keep = n // 2 - flips
        counts = [[keep, flips], [flips, keep]]
        h = 0.0 if eps in (0.0, 1.0) else -(eps * math.log(eps) + (1 - eps) * math.log(1 - eps))
        add(f"binary symmetric channel, flip probability {eps}: ln 2 - H({eps})", *from_table(counts),
            known=math.log(2) - h)
    for k in [2, 5, 16]:
        add(f"Y = X, uniform over {k}: ln {k}", *from_table(np.eye(k, dtype=int) * 3), known=math.log(k))
    u, v = np.array([1, 2, 3, 4]), np.array([2, 1, 5])
    add("independent, non-uniform marginals (counts u(x) v(y)): 0", *from_table(np.outer(u, v)), known=0.0)
    z = [[6, 0, 0], [3, 3, 0], [2, 2, 2]]
    add("a triangular joint table (X picks how many Y values are possible)", *from_table(z), known=table_mi(z))
    blocks = np.kron(np.eye(3, dtype=int), np.ones((2, 2), dtype=int)) * 2
    add("Y tells X's block of two (3 blocks): ln 3", *from_table(blocks), known=math.log(3))
    # Shuffled copies: the same joint distribution, observations in another order and with other label values.
    x, y = from_table(z)
    order = rng.permutation(len(x))
    add("the triangular table, shuffled, labels renamed (-7, 40, 1000)", [[-7, 40, 1000][x[i]] for i in order],
        [[5, 5000, -1][y[i]] for i in order], known=table_mi(z))
    # Samples: scikit-learn's plug-in value.
    add("random 6 x 4, n = 300", rng.integers(0, 6, 300), rng.integers(0, 4, 300))
    xs = rng.integers(0, 8, 2000)
    add("noisy function: y = x // 2 most of the time, n = 2000", xs,
        np.where(rng.random(2000) < 0.7, xs // 2, rng.integers(0, 4, 2000)))
    add("one value of X", [3] * 12, rng.integers(0, 4, 12), known=0.0)
    add("one observation", [1], [2], known=0.0)
    return cases


def cka(x, y):
    """Linear CKA as HSIC(K, L) / sqrt(HSIC(K, K) HSIC(L, L)) with centred Gram matrices K = X X^T, L = Y Y^T."""
    n = x.shape[0]
    h = np.eye(n) - np.ones((n, n)) / n
    k = h @ (x @ x.T) @ h
    l = h @ (y @ y.T) @ h
    return float(np.sum(k * l) / math.sqrt(np.sum(k * k) * np.sum(l * l)))


def cka_cases():
    rng = np.random.default_rng(78)
    cases = []

    def add(name, x, y):
        d = y.shape[1]
        q = scipy.stats.ortho_group.rvs(d, random_state=rng) if d > 1 else np.array([[-1.0]])
        a = rng.normal(size=(d, d)) @ np.diag(np.linspace(0.1, 3, d))
        y_orth, y_scaled, y_linear = y @ q, -2.5 * y, y @ a
        c = {"name": name, "x": x.tolist(), "y": y.tolist(), "cka": cka(x, y),
             "y_orthogonal": y_orth.tolist(), "cka_orthogonal": cka(x, y_orth),
             "y_scaled": y_scaled.tolist(), "cka_scaled": cka(x, y_scaled),
             "y_linear": y_linear.tolist(), "cka_linear": cka(x, y_linear),
             "cka_self": cka(x, x)}
        cases.append(c)

    z = rng.normal(size=(60, 3))
    add("a shared 3-d factor, widths 12 and 8", z @ rng.normal(size=(3, 12)) + 0.5 * rng.normal(size=(60, 12)),
        z @ rng.normal(size=(3, 8)) + 0.5 * rng.normal(size=(60, 8)))
    add("independent, widths 5 and 6", rng.normal(size=(50, 5)), rng.normal(size=(50, 6)))
    x = rng.normal(size=(40, 6)) * np.array([4, 2, 1, 0.5, 0.3, 0.1]) + np.array([10, -3, 0, 2, 5, 100])
    add("anisotropic, far from the origin; y a noisy nonlinear function of x", x,
        np.tanh(x @ rng.normal(size=(6, 6)) / 20) + 0.05 * rng.normal(size=(40, 6)))
    x = rng.normal(size=(15, 30))
    add("fewer rows than columns (15 x 30 and 15 x 20)", x, x @ rng.normal(size=(30, 20)))
    return cases


def expected_layer_cases():
    cases = []
    for w in [[0.0, 0.0, 0.0], [1.0, 2.0, 3.0, 4.0], [-3.0, 0.5, 4.0, 1.0, 0.0, 0.0, -1.0], [5.0],
              [800.0, 801.0, 799.0], [-1000.0, -1000.0], [0.0] * 12 + [2.0]]:
        s = scipy.special.softmax(np.array(w))
        cases.append({"weights": w, "softmax": s.tolist(), "expected_layer": float(np.arange(len(s)) @ s)})
    return cases


def golden(out):
    os.makedirs(out, exist_ok=True)
    payload = {"generator": "tools/reference/layers_exercises.py golden", "versions": versions(),
               "mutual_information": mi_cases(), "cka": cka_cases(), "expected_layer": expected_layer_cases()}
    path = os.path.join(out, "exercises.json")
    with open(path, "w") as f:
        json.dump(payload, f, separators=(",", ":"), allow_nan=False)
        f.write("\n")
    print(f"wrote {path} ({os.path.getsize(path)} bytes)")


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] != "golden":
        sys.exit(__doc__)
    golden(sys.argv[2])
