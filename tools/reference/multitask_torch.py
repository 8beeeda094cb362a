#!/usr/bin/python3
"""Golden values for lesson 02 (multitask learning) and the library's org.tlnlp.multitask, computed independently
with PyTorch (Debian's python3-torch, 1.13) and NumPy:

  golden DIR   write DIR/golden.json (the course keeps it in testdata/multitask/); nothing here is needed to build
               the course or to pass its tests

What it computes, each from its definition and not from the Java code:
  forward      hard parameter sharing on fixed features: h_i = tanh(x_i Ws^T + bs), logits_i = h_i W_i^T + b_i
  summed_loss  sum_i w_i * mean cross-entropy_i, and its gradient with respect to every task's logits (autograd)
  uncertainty  Kendall et al. (2018): sum_i L_i / (2 sigma_i^2) + log sigma_i with s = log sigma, its value and its
               gradient with respect to s and to L (autograd)
  temperature  p_i proportional to n_i^(1/T), in log space (NumPy)
  schedule     a proportional batch schedule: task t listed batches[t] times, then shuffled by Fisher-Yates from the
               end with java.util.Random's nextInt, re-implemented here from the JDK's documented algorithm (48-bit
               linear congruential generator, rejection sampling for bounds that are not powers of two)
  cosine       the cosine of two gradients given as lists of arrays; and, inside a 2-task hard-sharing model, the
               cosine of the two tasks' loss gradients on the shared layer (autograd)

Every array is written as float32 values (their shortest decimal form), so the Java side reads the very floats the
computation started from.
"""
import json
import math
import sys

import numpy as np
import torch


def f32(a):
    return [float(np.float32(v)) for v in np.asarray(a, dtype=np.float32).ravel()]


def arr(t):
    """A tensor as {"shape": [...], "values": [...]} (row-major float32)."""
    a = t.detach().numpy().astype(np.float32) if isinstance(t, torch.Tensor) else np.asarray(t, dtype=np.float32)
    return {"shape": list(a.shape), "values": [float(repr_float(v)) for v in a.ravel()]}


def repr_float(v):
    return np.format_float_positional(np.float32(v), unique=True, trim="-") if np.isfinite(v) else v


def rand(gen, *shape, scale=1.0):
    return (torch.randn(*shape, generator=gen) * scale).float()


# ---------------------------------------------------------------- java.util.Random

class JavaRandom:
    MULT = 0x5DEECE66D
    MASK = (1 << 48) - 1

    def __init__(self, seed):
        self.seed = (seed ^ self.MULT) & self.MASK

    def next(self, bits):
        self.seed = (self.seed * self.MULT + 0xB) & self.MASK
        r = self.seed >> (48 - bits)
        if r >= 1 << 31:  # Java's int is signed
            r -= 1 << 32
        return r

    def next_int(self, bound):
        r = self.next(31)
        m = bound - 1
        if bound & m == 0:
            return (bound * r) >> 31
        u = r
        while u - (u % bound) + m >= 1 << 31:  # Java: u - r + m < 0 (int overflow)
            u = self.next(31)
        return u % bound


def schedule(batches, seed):
    order = [t for t, b in enumerate(batches) for _ in range(b)]
    rnd = JavaRandom(seed)
    for i in range(len(order) - 1, 0, -1):
        j = rnd.next_int(i + 1)
        order[i], order[j] = order[j], order[i]
    return order


# ---------------------------------------------------------------- the pieces

def forward_case(gen):
    d, h = 5, 4
    classes = [2, 3, 12]
    batches = [3, 2, 4]
    xs = [rand(gen, b, d) for b in batches]
    ws, bs = rand(gen, h, d, scale=0.5), rand(gen, h, scale=0.1)
    hw = [rand(gen, c, h, scale=0.5) for c in classes]
    hb = [rand(gen, c, scale=0.1) for c in classes]
    logits = [torch.tanh(x @ ws.T + bs) @ w.T + b for x, w, b in zip(xs, hw, hb)]
    return {"inputs": [arr(x) for x in xs], "shared_w": arr(ws), "shared_b": arr(bs),
            "head_w": [arr(w) for w in hw], "head_b": [arr(b) for b in hb], "logits": [arr(l) for l in logits]}


def summed_loss_case(gen):
    shapes = [(3, 2), (2, 3), (4, 12)]
    logits = [rand(gen, *s, scale=2.0).requires_grad_(True) for s in shapes]
    labels = [torch.randint(0, s[1], (s[0],), generator=gen) for s in shapes]
    weights = [1.0, 0.5, 2.0]
    loss = sum(w * torch.nn.functional.cross_entropy(l, y) for w, l, y in zip(weights, logits, labels))
    loss.backward()
    return {"logits": [arr(l) for l in logits], "labels": [y.tolist() for y in labels], "weights": weights,
            "loss": float(loss), "grad_logits": [arr(l.grad) for l in logits]}


def uncertainty_case():
    cases = []
    for losses, s in [([0.7, 2.3, 0.05], [0.0, 0.5, -1.2]), ([1.0], [0.0]), ([0.25, 4.0], [math.log(0.5), math.log(2.0)])]:
        lt = torch.tensor(losses, dtype=torch.float32, requires_grad=True)
        st = torch.tensor(s, dtype=torch.float32, requires_grad=True)
        sigma = torch.exp(st)
        total = (lt / (2 * sigma ** 2) + torch.log(sigma)).sum()
        total.backward()
        cases.append({"losses": f32(losses), "log_sigma": f32(s), "loss": float(total),
                      "grad_log_sigma": st.grad.tolist(), "grad_losses": lt.grad.tolist()})
    return cases


def temperature_cases():
    out = []
    for sizes, t in [([100, 1000, 10000], 1.0), ([100, 1000, 10000], 2.0), ([100, 1000, 10000], 5.0),
                     ([50, 800, 800, 800], 2.0), ([7, 0, 3], 1.0), ([7, 0, 3], 0.5), ([2000000000, 1], 0.05),
                     ([3, 3, 3], 3.0), ([1, 2, 3, 4], "inf")]:
        n = np.asarray(sizes, dtype=np.float64)
        if t == "inf":
            p = np.where(n > 0, 1.0, 0.0)
        else:
            with np.errstate(divide="ignore"):
                logits = np.where(n > 0, np.log(np.where(n > 0, n, 1)) / t, -np.inf)
            p = np.exp(logits - logits.max())
        p = p / p.sum()
        out.append({"sizes": sizes, "temperature": t, "p": p.tolist()})
    return out


def schedule_cases():
    return [{"batches": b, "seed": s, "order": schedule(b, s)}
            for b, s in [([3, 1, 2], 42), ([13, 63, 63, 63], 7), ([0, 5], 1), ([1], 3), ([4, 4], 2024), ([2, 0, 3], -5)]]


def cosine_cases(gen):
    raw = []
    for shapes in [[(3,), (2, 2)], [(4, 3)], [(2,), (3,), (1, 5)]]:
        a = [rand(gen, *s) for s in shapes]
        b = [rand(gen, *s) for s in shapes]
        fa = torch.cat([x.ravel() for x in a]).double()
        fb = torch.cat([x.ravel() for x in b]).double()
        raw.append({"a": [arr(x) for x in a], "b": [arr(x) for x in b],
                    "cosine": float(fa @ fb / (fa.norm() * fb.norm()))})
    # two tasks on one shared layer: their loss gradients on (Ws, bs)
    d, h = 6, 5
    classes = [2, 4]
    xs = [rand(gen, 5, d), rand(gen, 7, d)]
    ys = [torch.randint(0, c, (x.shape[0],), generator=gen) for c, x in zip(classes, xs)]
    ws, bs = rand(gen, h, d, scale=0.5).requires_grad_(True), rand(gen, h, scale=0.1).requires_grad_(True)
    hw = [rand(gen, c, h, scale=0.5) for c in classes]
    hb = [rand(gen, c, scale=0.1) for c in classes]
    grads = []
    for x, y, w, b in zip(xs, ys, hw, hb):
        ws.grad, bs.grad = None, None
        loss = torch.nn.functional.cross_entropy(torch.tanh(x @ ws.T + bs) @ w.T + b, y)
        loss.backward()
        grads.append(torch.cat([ws.grad.ravel(), bs.grad.ravel()]).double())
    model = {"inputs": [arr(x) for x in xs], "labels": [y.tolist() for y in ys], "shared_w": arr(ws), "shared_b": arr(bs),
             "head_w": [arr(w) for w in hw], "head_b": [arr(b) for b in hb],
             "cosine": float(grads[0] @ grads[1] / (grads[0].norm() * grads[1].norm()))}
    return {"raw": raw, "model": model}


def golden(directory):
    gen = torch.Generator().manual_seed(2018)
    data = {
        "made_by": "tools/reference/multitask_torch.py golden (torch %s, numpy %s, python %s)"
                   % (torch.__version__, np.__version__, sys.version.split()[0]),
        "forward": forward_case(gen),
        "summed_loss": summed_loss_case(gen),
        "uncertainty": uncertainty_case(),
        "temperature": temperature_cases(),
        "schedule": schedule_cases(),
        "cosine": cosine_cases(gen),
    }
    with open(directory + "/golden.json", "w", encoding="utf-8") as f:
        json.dump(data, f, separators=(",", ":"))
        f.write("\n")


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] != "golden":
        sys.exit(__doc__)
    golden(sys.argv[2])
