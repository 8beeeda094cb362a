#!/usr/bin/python3
"""Golden values for the course's evaluation and analysis measures (package org.tlnlp.analysis), computed by
scikit-learn, SciPy, statsmodels and NumPy: the independent side the Java tests compare with.

  golden DIR      write DIR/*.json (the course keeps them in testdata/analysis/); nothing here is needed to
                  build the course or to pass its tests
  bench FILE ...  time scikit-learn's KMeans (Lloyd) and MiniBatchKMeans on blobs and write the data and the
                  timings to FILE: the peer of the Java benchmark KMeansBench, which reads the same FILE
  bench-rows FILE ROWS ...  the same on given rows (ROWS: n x d little-endian float32), e.g. one BERT-base layer's
                  word vectors: the peer of lesson 07's LayersBench (./course bench layers)

Run with the system's Python (/usr/bin/python3) and Debian's python3-sklearn, python3-scipy, python3-numpy and
python3-statsmodels. Each file records the library versions that made it. JSON has no NaN: a measure that is
undefined (NaN in SciPy) is written as null.

Nothing in the Java code is derived from this script: it computes each measure the library's own way (or, where no
library has it, as plain NumPy written from the paper's formula), so an agreement means something.
"""
import json
import math
import os
import sys
import time

import numpy as np
import scipy
import scipy.stats
import sklearn
from sklearn.cluster import KMeans, MiniBatchKMeans
from sklearn.datasets import make_blobs
from sklearn.metrics import accuracy_score, f1_score, matthews_corrcoef, mutual_info_score

try:
    import statsmodels
    from statsmodels.stats.proportion import proportion_confint
except ImportError:  # the closed form below is then the only reference
    statsmodels = None


def versions():
    v = {"numpy": np.__version__, "scipy": scipy.__version__, "sklearn": sklearn.__version__,
         "python": sys.version.split()[0]}
    if statsmodels is not None:
        v["statsmodels"] = statsmodels.__version__
    return v


def num(x):
    """A float for JSON; NaN (undefined) becomes null."""
    x = float(x)
    return None if math.isnan(x) else x


def f32(a):
    """Values exactly representable as float32, so the Java side (float32 NDArrays) sees the same numbers."""
    return np.asarray(a, dtype=np.float32).astype(np.float64)


def list32(a):
    """float32 values as their shortest decimal form (Java's Float.parseFloat gives back the very same floats)."""
    a = np.asarray(a, dtype=np.float32)
    if a.ndim == 1:
        return [float(repr(v)) for v in a]
    return [list32(row) for row in a]


def write(out, name, payload):
    payload = {"generator": "tools/reference/analysis_sklearn.py golden", "versions": versions(), **payload}
    path = os.path.join(out, name)
    with open(path, "w") as f:
        json.dump(payload, f, separators=(",", ":"), allow_nan=False)
        f.write("\n")
    print(f"wrote {path} ({os.path.getsize(path)} bytes)")


# ---------------------------------------------------------------------------------------------------------------
# A. Classification metrics and correlations (GLUE's set)

def metric_cases():
    rng = np.random.default_rng(16)
    cases = []

    def add(name, gold, pred):
        gold = [int(v) for v in gold]
        pred = [int(v) for v in pred]
        c = {"name": name, "gold": gold, "predicted": pred,
             "accuracy": accuracy_score(gold, pred),
             # zero_division=0 is what the default "warn" returns (with a warning); written out to be explicit.
             "macro_f1": f1_score(gold, pred, average="macro", zero_division=0),
             "mcc": matthews_corrcoef(gold, pred)}
        if set(gold) | set(pred) <= {0, 1}:
            c["f1"] = f1_score(gold, pred, pos_label=1, average="binary", zero_division=0)
        cases.append(c)

    add("binary small", [1, 0, 1, 1, 0, 0, 1, 0], [1, 0, 0, 1, 0, 1, 1, 1])
    add("binary all right", [0, 1, 1, 0], [0, 1, 1, 0])
    add("binary all wrong", [0, 1, 1, 0], [1, 0, 0, 1])
    add("constant prediction 0", [1, 0, 1, 1, 0, 1], [0, 0, 0, 0, 0, 0])
    add("constant prediction 1", [1, 0, 1, 1, 0, 1], [1, 1, 1, 1, 1, 1])
    add("constant gold 1", [1, 1, 1, 1, 1], [1, 0, 1, 1, 0])
    add("constant gold 0, constant prediction 0", [0, 0, 0, 0], [0, 0, 0, 0])
    add("constant gold 1, constant prediction 1", [1, 1, 1], [1, 1, 1])
    add("one item right", [1], [1])
    add("one item wrong", [0], [1])
    add("two items", [0, 1], [1, 1])
    add("three classes", [0, 1, 2, 2, 1, 0, 2, 1, 0, 2], [0, 2, 2, 2, 1, 0, 1, 1, 1, 2])
    add("class only predicted", [0, 0, 1, 1, 0], [0, 2, 1, 1, 0])
    add("class only in gold", [0, 3, 1, 1, 3], [0, 0, 1, 1, 1])
    add("constant prediction, three classes", [0, 1, 2, 1, 0], [1, 1, 1, 1, 1])
    add("labels not from zero", [5, 7, 7, 9, 5, 9], [5, 7, 9, 9, 7, 9])
    g = rng.integers(0, 2, 40)
    add("binary random 40", g, np.where(rng.random(40) < 0.7, g, 1 - g))
    g = rng.integers(0, 2, 5000)
    add("binary random 5000", g, np.where(rng.random(5000) < 0.8, g, rng.integers(0, 2, 5000)))
    g = rng.integers(0, 5, 3000)
    add("five classes random 3000", g, np.where(rng.random(3000) < 0.6, g, rng.integers(0, 5, 3000)))
    g = (rng.random(2000) < 0.1).astype(int)
    add("imbalanced binary 2000", g, np.where(rng.random(2000) < 0.9, g, 1 - g))
    return cases


def correlation_cases():
    rng = np.random.default_rng(17)
    cases = []

    def add(name, x, y):
        x = [float(v) for v in x]
        y = [float(v) for v in y]
        # SciPy warns on constant input and returns NaN; the warning is expected here.
        import warnings
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            p = scipy.stats.pearsonr(x, y)[0]
            s = scipy.stats.spearmanr(x, y)[0]
        cases.append({"name": name, "x": x, "y": y, "pearson": num(p), "spearman": num(s)})

    add("small", [1, 2, 3, 4, 5], [2, 1, 4, 3, 5])
    add("ties in both", [1, 2, 2, 3, 3, 3, 4], [1, 1, 2, 2, 3, 5, 5])
    add("all ties but one", [1, 1, 1, 1, 2], [3, 1, 2, 5, 4])
    add("monotone, not linear", [1, 2, 3, 4, 5, 6], [1, 4, 9, 16, 25, 1000])
    add("decreasing", [0.5, 1.5, 2.5, 3.5], [10, 8, 7, -1])
    add("two items", [0.0, 1.0], [3.0, -2.0])
    add("constant x", [2, 2, 2, 2], [1, 2, 3, 4])
    add("constant y", [1, 2, 3, 4], [7, 7, 7, 7])
    add("both constant", [1, 1, 1], [5, 5, 5])
    add("STS-like scores with ties", rng.integers(0, 6, 60), np.round(rng.random(60) * 5, 1))
    x = np.round(rng.normal(size=5000), 5)
    add("random 5000", x, np.round(0.6 * x + 0.8 * rng.normal(size=5000), 5))
    x = np.round(rng.normal(size=500) * 1e3 + 1e6, 3)
    add("large offset", x, np.round(x * 2 + rng.normal(size=500) * 5e2, 3))
    return cases


# ---------------------------------------------------------------------------------------------------------------
# B. Intervals

def wilson_closed_form(successes, trials, confidence):
    """Wilson (1927) score interval: the p whose score test does not reject at the given level."""
    z = scipy.stats.norm.ppf(1 - (1 - confidence) / 2)
    p = successes / trials
    denom = 1 + z * z / trials
    centre = (p + z * z / (2 * trials)) / denom
    half = z / denom * math.sqrt(p * (1 - p) / trials + z * z / (4 * trials * trials))
    return centre - half, centre + half


def interval_cases():
    wilson = []
    for k, n, conf in [(0, 10, 0.95), (10, 10, 0.95), (5, 10, 0.95), (1, 1, 0.95), (0, 1, 0.95), (873, 1000, 0.95),
                       (50, 100, 0.9), (50, 100, 0.99), (3, 7, 0.8), (9981, 10000, 0.95), (1, 250, 0.95)]:
        lo, hi = wilson_closed_form(k, n, conf)
        source = "closed form (scipy.stats.norm)"
        if statsmodels is not None:
            slo, shi = proportion_confint(k, n, alpha=1 - conf, method="wilson")
            assert abs(slo - lo) < 1e-12 and abs(shi - hi) < 1e-12, (k, n, conf, lo, slo, hi, shi)
            lo, hi = slo, shi
            source = "statsmodels proportion_confint(method='wilson'), equal to the closed form"
        wilson.append({"successes": k, "trials": n, "confidence": conf, "lower": lo, "upper": hi, "source": source})

    # A percentile bootstrap of accuracy with many resamples, in NumPy: the Java bootstrap (another generator)
    # should land close to it, not on it.
    rng = np.random.default_rng(11)
    n = 2000
    gold = rng.integers(0, 2, n)
    pred = np.where(rng.random(n) < 0.85, gold, 1 - gold)
    right = (gold == pred).astype(float)
    b = 20000
    stats = right[rng.integers(0, n, size=(b, n))].mean(axis=1)
    lo, hi = np.percentile(stats, [2.5, 97.5])
    boot = {"gold": gold.tolist(), "predicted": pred.tolist(), "resamples": b, "confidence": 0.95,
            "accuracy": float(right.mean()), "lower": float(lo), "upper": float(hi)}
    return wilson, boot


# ---------------------------------------------------------------------------------------------------------------
# C. k-means

def lloyd_numpy(x, centres, iterations):
    """Plain Lloyd in float64, only to check that no point is close to a tie anywhere (a float32 run elsewhere
    must then make exactly the same assignments). Returns the smallest gap between a point's nearest and
    second-nearest squared distance seen over all iterations."""
    c = centres.copy()
    smallest_gap = np.inf
    for _ in range(iterations + 1):
        d = ((x[:, None, :] - c[None, :, :]) ** 2).sum(-1)
        s = np.sort(d, axis=1)
        smallest_gap = min(smallest_gap, float((s[:, 1] - s[:, 0]).min()))
        labels = d.argmin(1)
        for j in range(len(c)):
            if np.any(labels == j):
                c[j] = x[labels == j].mean(0)
    return smallest_gap


def kmeans_cases():
    rng = np.random.default_rng(13)
    # Lloyd: overlapping Gaussian clouds, so that iterations keep moving points between clusters.
    n, d, k = 600, 4, 6
    x = f32(rng.normal(size=(n, d)) + rng.integers(0, 3, size=(n, 1)) * 1.5)
    init = x[rng.choice(n, k, replace=False)].copy()
    lloyd = {"x": list32(x), "init": list32(init), "runs": []}
    for iterations in [1, 2, 5, 20]:
        km = KMeans(n_clusters=k, init=init, n_init=1, max_iter=iterations, tol=0.0, algorithm="lloyd")
        km.fit(x)
        gap = lloyd_numpy(x, init, iterations)
        assert gap > 1e-4, f"a near tie ({gap}) would make float32 and float64 runs disagree; change the seed"
        lloyd["runs"].append({"iterations": iterations, "centroids": km.cluster_centers_.tolist(),
                              "labels": km.labels_.tolist(), "inertia": float(km.inertia_),
                              "smallest_distance_gap": gap, "sklearn_iterations_run": int(km.n_iter_)})

    # Mini-batch: well-separated blobs; Sculley's algorithm should reach about sklearn's inertia.
    xb, yb = make_blobs(n_samples=4000, n_features=5, centers=8, cluster_std=0.6, center_box=(-12, 12),
                        random_state=7)
    xb = f32(xb)
    mb = MiniBatchKMeans(n_clusters=8, batch_size=256, max_iter=100, n_init=3, random_state=0).fit(xb)
    full = KMeans(n_clusters=8, n_init=10, random_state=0).fit(xb)
    blobs = {"x": list32(xb), "blob": yb.tolist(), "k": 8,
             "minibatch": {"batch_size": 256, "inertia": float(mb.inertia_), "n_init": 3, "max_iter": 100},
             "full": {"inertia": float(full.inertia_), "n_init": 10}}
    return lloyd, blobs


# ---------------------------------------------------------------------------------------------------------------
# C. Mutual information

def mi_cases():
    rng = np.random.default_rng(14)
    cases = []

    def add(name, a, b, exact=None):
        a = [int(v) for v in a]
        b = [int(v) for v in b]
        c = {"name": name, "x": a, "y": b, "mi_nats": mutual_info_score(a, b),
             "entropy_x_nats": float(scipy.stats.entropy(np.unique(a, return_counts=True)[1]))}
        if exact is not None:
            c["exact_nats"] = exact
        cases.append(c)

    add("random 5 x 7, n=500", rng.integers(0, 5, 500), rng.integers(0, 7, 500))
    xs = rng.integers(0, 6, 800)
    add("structured: y = x mod 3 with noise", xs, np.where(rng.random(800) < 0.8, xs % 3, rng.integers(0, 3, 800)))
    xs = rng.integers(0, 50, 20000)
    add("large: 50 x 40, n=20000, dependent", xs, (xs * 7 + rng.integers(0, 4, 20000)) % 40)
    # Exactly independent: every (x, y) pair occurs equally often, so the joint is the product of marginals.
    a, b = np.meshgrid(np.arange(4), np.arange(3), indexing="ij")
    add("independent (exact product)", np.repeat(a.ravel(), 5), np.repeat(b.ravel(), 5), exact=0.0)
    # Product of non-uniform marginals: counts n(x, y) = u(x) v(y).
    u, v = [1, 2, 3], [2, 5]
    xa, ya = [], []
    for i, ui in enumerate(u):
        for j, vj in enumerate(v):
            xa += [i] * (ui * vj)
            ya += [j] * (ui * vj)
    add("independent (non-uniform product)", xa, ya, exact=0.0)
    seven = np.repeat(np.arange(7), 3)
    add("identical, uniform over 7", seven, seven, exact=math.log(7))
    add("bijection, uniform over 4", np.repeat(np.arange(4), 2), np.repeat([3, 0, 2, 1], 2), exact=math.log(4))
    add("constant x", [2] * 10, rng.integers(0, 3, 10), exact=0.0)
    add("arbitrary label values", [-5, 100000, -5, 7, 7, 100000], [3, 3, 1, 1, 0, 3])
    add("one item", [4], [9], exact=0.0)
    return cases


# ---------------------------------------------------------------------------------------------------------------
# C. CKA and PWCCA (NumPy, written from the papers' formulas)

def cka_features(x, y):
    """Kornblith et al. (2019), linear CKA in feature space: ||Y^T X||_F^2 / (||X^T X||_F ||Y^T Y||_F), centred."""
    x = x - x.mean(0)
    y = y - y.mean(0)
    return np.linalg.norm(y.T @ x) ** 2 / (np.linalg.norm(x.T @ x) * np.linalg.norm(y.T @ y))


def cka_hsic(x, y):
    """The same through centred Gram matrices: HSIC(K, L) / sqrt(HSIC(K, K) HSIC(L, L)), K = X X^T, L = Y Y^T."""
    n = x.shape[0]
    h = np.eye(n) - np.ones((n, n)) / n
    k = h @ (x @ x.T) @ h
    l = h @ (y @ y.T) @ h
    return np.sum(k * l) / math.sqrt(np.sum(k * k) * np.sum(l * l))


def cka_cases():
    rng = np.random.default_rng(15)
    cases = []

    def add(name, x, y):
        x, y = f32(x), f32(y)
        a, b = cka_features(x, y), cka_hsic(x, y)
        assert abs(a - b) < 1e-10, (a, b)
        cases.append({"name": name, "x": list32(x), "y": list32(y), "cka": a})

    z = rng.normal(size=(200, 5))
    add("shared 5-d factor, 30 and 20 columns", z @ rng.normal(size=(5, 30)) + 0.5 * rng.normal(size=(200, 30)),
        z @ rng.normal(size=(5, 20)) + 0.5 * rng.normal(size=(200, 20)))
    add("independent", rng.normal(size=(150, 10)), rng.normal(size=(150, 12)))
    x = rng.normal(size=(40, 60))
    add("fewer rows than columns", x, np.tanh(x @ rng.normal(size=(60, 25)) / 4))
    x = rng.normal(size=(100, 8)) * np.array([5, 3, 2, 1, 1, 0.5, 0.2, 0.1]) + 3
    add("anisotropic, offset", x, x @ rng.normal(size=(8, 8)))
    return cases


def pwcca_numpy(x, y, keep=0.99):
    """Morcos, Raghu and Bengio (2018): SVD-truncate each side to `keep` of its variance, CCA the two, and weight
    each canonical correlation by how much of x's neurons its canonical variate accounts for."""
    xc = x - x.mean(0)
    yc = y - y.mean(0)

    def truncate(a):
        u, s, vt = np.linalg.svd(a, full_matrices=False)
        share = np.cumsum(s ** 2) / np.sum(s ** 2)
        r = int(np.searchsorted(share, keep) + 1)  # smallest r with share[r-1] >= keep
        margin = float(min(abs(share[r - 1] - keep), abs(share[r - 2] - keep) if r >= 2 else 1))
        return u[:, :r], r, margin  # an orthonormal basis of the retained directions (n x r)

    qx, rx, mx = truncate(xc)
    qy, ry, my = truncate(yc)
    u, rho, wt = np.linalg.svd(qx.T @ qy, full_matrices=False)
    rho = np.clip(rho, 0, 1)
    h = qx @ u  # canonical variates of x: unit-norm columns in data space (n x m)
    alpha = np.abs(h.T @ xc).sum(1)
    alpha = alpha / alpha.sum()
    return {"pwcca": float(alpha @ rho), "svcca": float(rho.mean()), "correlations": rho.tolist(),
            "weights": alpha.tolist(), "kept_x": rx, "kept_y": ry}, min(mx, my)


def pwcca_cases():
    rng = np.random.default_rng(18)
    cases = []
    for name, n, dx, dy, rank, noise in [("rank 6 signal, 24 and 16 neurons", 400, 24, 16, 6, 0.05),
                                         ("rank 10 signal, 30 and 30 neurons", 300, 30, 30, 10, 0.02)]:
        z = rng.normal(size=(n, rank)) * np.linspace(3, 1, rank)
        x = f32(z @ rng.normal(size=(rank, dx)) + noise * rng.normal(size=(n, dx)))
        w = rng.normal(size=(rank, rank))
        y = f32(np.tanh((z @ w) / 3) @ rng.normal(size=(rank, dy)) + noise * rng.normal(size=(n, dy)))
        result, margin = pwcca_numpy(x, y)
        assert margin > 1e-4, f"the 99% cut is too close to call ({margin}); change the seed"
        cases.append({"name": name, "x": list32(x), "y": list32(y), "keep": 0.99, **result})
    return cases


def expected_layer_cases():
    cases = []
    for logits in [[0.0, 0.0, 0.0, 0.0], [2.0, 0.0, -1.0], [-3.0, 0.5, 4.0, 1.0, 0.0], [10.0]]:
        w = np.exp(np.array(logits) - max(logits))
        s = w / w.sum()
        cases.append({"logits": logits, "weights": s.tolist(), "expected_layer": float(np.arange(len(s)) @ s)})
    return cases


def golden(out):
    os.makedirs(out, exist_ok=True)
    write(out, "metrics.json", {"classification": metric_cases(), "correlation": correlation_cases()})
    wilson, boot = interval_cases()
    write(out, "intervals.json", {"wilson": wilson, "bootstrap_accuracy": boot})
    lloyd, blobs = kmeans_cases()
    write(out, "kmeans.json", {"lloyd": lloyd, "blobs": blobs})
    write(out, "mutual_information.json", {"cases": mi_cases()})
    write(out, "cka.json", {"cases": cka_cases()})
    write(out, "pwcca.json", {"cases": pwcca_cases()})
    write(out, "expected_layer.json", {"cases": expected_layer_cases()})


# ---------------------------------------------------------------------------------------------------------------
# D. Benchmark peer

def matmul_rate():
    a = np.random.default_rng(0).random((2048, 2048), dtype=np.float32)
    a @ a
    t = time.perf_counter()
    for _ in range(3):
        a @ a
    return 3 * 2 * 2048 ** 3 / (time.perf_counter() - t) / 1e9


def bench(path, n, d, k, iterations, batch, epochs, rows=None):
    # Gaussian noise, the hardest case for Lloyd: points keep changing cluster, so every iteration runs. The
    # initial centroids are k distinct rows (each is at first its own nearest centroid, so no cluster starts empty).
    # With `rows` (a file of n x d little-endian float32 values, e.g. one BERT layer's word vectors) those are the data.
    rng = np.random.default_rng(3)
    x = rng.normal(size=(n, d)).astype(np.float32) if rows is None else np.fromfile(rows, dtype="<f4").reshape(n, d)
    init = x[rng.choice(n, k, replace=False)]
    KMeans(n_clusters=k, init=init, n_init=1, max_iter=1, tol=0.0, algorithm="lloyd").fit(x)  # warm-up
    t = time.perf_counter()
    km = KMeans(n_clusters=k, init=init, n_init=1, max_iter=iterations, tol=0.0, algorithm="lloyd").fit(x)
    lloyd_s = time.perf_counter() - t
    t = time.perf_counter()
    # max_no_improvement=None and tol=0 so that it runs all its steps, as the Java side does: max_iter passes over
    # the data are (max_iter * n) // batch steps of one mini-batch each; fit ends with one assignment of all rows.
    mb = MiniBatchKMeans(n_clusters=k, init=init, n_init=1, batch_size=batch, max_iter=epochs,
                         max_no_improvement=None, tol=0.0, reassignment_ratio=0.0, random_state=0).fit(x)
    mini_s = time.perf_counter() - t
    result = {"n": n, "d": d, "k": k, "iterations": iterations, "batch": batch, "epochs": epochs,
              "steps": int(mb.n_steps_),
              "sklearn_lloyd_s": lloyd_s, "sklearn_lloyd_iterations_run": int(km.n_iter_),
              "sklearn_lloyd_inertia": float(km.inertia_), "sklearn_minibatch_s": mini_s,
              "sklearn_minibatch_inertia": float(mb.inertia_), "numpy_matmul_gflops": matmul_rate(),
              "threads": os.environ.get("OMP_NUM_THREADS", "default"), "versions": versions(),
              "init": list32(init), "x_file": os.path.basename(path) + ".x.f32"}
    with open(path, "w") as f:
        json.dump(result, f)
    # The rows themselves as raw little-endian float32, row after row: far smaller and faster to read than JSON.
    if rows is None:
        x.astype("<f4").tofile(path + ".x.f32")
    else:
        result["x_file"] = os.path.abspath(rows)
        with open(path, "w") as f:
            json.dump(result, f)
    print(json.dumps({k: v for k, v in result.items() if k != "init"}, indent=1))


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "golden":
        golden(sys.argv[2])
    elif len(sys.argv) == 9 and sys.argv[1] == "bench":
        bench(sys.argv[2], *map(int, sys.argv[3:]))
    elif len(sys.argv) == 10 and sys.argv[1] == "bench-rows":
        bench(sys.argv[2], *map(int, sys.argv[4:]), rows=sys.argv[3])
    else:
        print("usage: analysis_sklearn.py golden DIR | bench FILE N D K ITERATIONS BATCH EPOCHS"
              " | bench-rows FILE ROWS.f32 N D K ITERATIONS BATCH EPOCHS")
        sys.exit(2)
