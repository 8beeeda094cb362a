#!/usr/bin/python3
"""ELMo written with plain PyTorch operations: the independent reference for the course's Java ELMo.

  fixture DIR   write a small random ELMo in the published layout (options.json + weights.hdf5 with bilm-tf's
                dataset names, via h5py) and expected.safetensors: the character ids of the lecture's two
                sentences and the three ELMo layers computed here (boundaries removed, padding zeroed).
  bench ...     biLM training tokens per second of the same model (the peer of ./course bench elmo).

The character ids follow the published scheme (UTF-8 bytes + 1 between begin/end-of-word markers, at most 50
per token); the LSTM follows TensorFlow's LSTMCell with projection (gates i, j, f, o; forget bias +1; cell
and projection clipping). Run with the system's Python (/usr/bin/python3, python3-torch and python3-h5py).
"""
import json
import os
import sys
import time

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gpt2_torch import write_safetensors  # noqa: E402

MAX_CHARS, BOS, EOS, BOW, EOW, PAD = 50, 256, 257, 258, 259, 260


def char_ids(token):
    ids = [PAD] * MAX_CHARS
    data = list(token.encode("utf-8"))[:MAX_CHARS - 2]
    ids[0] = BOW
    ids[1:1 + len(data)] = data
    ids[1 + len(data)] = EOW
    return [i + 1 for i in ids]


def boundary(c):
    ids = [PAD] * MAX_CHARS
    ids[0], ids[1], ids[2] = BOW, c, EOW
    return [i + 1 for i in ids]


def batch_to_ids(sentences):
    t = max(len(s) for s in sentences)
    out = torch.zeros(len(sentences), t, MAX_CHARS, dtype=torch.int64)
    for b, s in enumerate(sentences):
        for k, w in enumerate(s):
            out[b, k] = torch.tensor(char_ids(w))
    return out


class Elmo:
    """Holds weights in the published orientation and computes ELMo's layers."""

    def __init__(self, o, w):
        self.o, self.w = o, w

    def tokens(self, ids):  # ids (B, T, 50) with boundaries
        b, t, n = ids.shape
        table = torch.cat([torch.zeros(1, self.w["char_embed"].shape[1]), self.w["char_embed"]])
        e = table[ids.reshape(b * t, n)]  # (B*T, 50, dim)
        pooled = []
        for i, (width, num) in enumerate(self.o["char_cnn"]["filters"]):
            kernel = self.w[f"CNN/W_cnn_{i}"][0].permute(2, 1, 0)  # (1, w, dim, num) -> (num, dim, w)
            conv = F.conv1d(e.transpose(1, 2), kernel, self.w[f"CNN/b_cnn_{i}"])
            act = torch.relu if self.o["char_cnn"]["activation"] == "relu" else torch.tanh
            pooled.append(act(conv.max(dim=2).values))
        x = torch.cat(pooled, 1)
        for i in range(self.o["char_cnn"]["n_highway"]):
            p = f"CNN_high_{i}/"
            g = torch.sigmoid(x @ self.w[p + "W_carry"] + self.w[p + "b_carry"])
            x = g * torch.relu(x @ self.w[p + "W_transform"] + self.w[p + "b_transform"]) + (1 - g) * x
        x = x @ self.w["CNN_proj/W_proj"] + self.w["CNN_proj/b_proj"]
        return x.reshape(b, t, -1)

    def lstm(self, x, lengths, d, j):
        p = f"RNN_{d}/RNN/MultiRNNCell/Cell{j}/LSTMCell/"
        W, B, WP = self.w[p + "W_0"], self.w[p + "B"], self.w[p + "W_P_0"]
        cell, proj = WP.shape
        lo = self.o["lstm"]
        out = torch.zeros(x.shape[0], x.shape[1], proj)
        for b in range(x.shape[0]):
            h, c = torch.zeros(proj), torch.zeros(cell)
            steps = range(lengths[b]) if d == 0 else reversed(range(lengths[b]))
            for k in steps:
                i, jj, f, o = (torch.cat([x[b, k], h]) @ W + B).split(cell)
                c = torch.sigmoid(f + 1.0) * c + torch.sigmoid(i) * torch.tanh(jj)
                if lo["cell_clip"]:
                    c = c.clamp(-lo["cell_clip"], lo["cell_clip"])
                h = (torch.sigmoid(o) * torch.tanh(c)) @ WP
                if lo["proj_clip"]:
                    h = h.clamp(-lo["proj_clip"], lo["proj_clip"])
                out[b, k] = h
        return out

    def layers(self, ids):  # ids (B, T, 50) without boundaries -> 3 layers (B, T, 2*proj)
        lengths = [(ids[b, :, 0] != 0).sum().item() for b in range(ids.shape[0])]
        t = ids.shape[1]
        bounded = torch.zeros(ids.shape[0], t + 2, MAX_CHARS, dtype=torch.int64)
        for b, n in enumerate(lengths):
            bounded[b, 0] = torch.tensor(boundary(BOS))
            bounded[b, 1:n + 1] = ids[b, :n]
            bounded[b, n + 1] = torch.tensor(boundary(EOS))
        full = [n + 2 for n in lengths]
        mask = torch.zeros(ids.shape[0], t + 2, 1)
        for b, n in enumerate(full):
            mask[b, :n] = 1
        tok = self.tokens(bounded) * mask
        layers = [torch.cat([tok, tok], 2)]
        f_in, b_in = tok, tok
        for j in range(self.o["lstm"]["n_layers"]):
            fo, bo = self.lstm(f_in, full, 0, j), self.lstm(b_in, full, 1, j)
            if self.o["lstm"]["use_skip_connections"] and j > 0:
                fo, bo = fo + f_in * mask, bo + b_in * mask
            layers.append(torch.cat([fo, bo], 2))
            f_in, b_in = fo, bo
        keep = torch.zeros(ids.shape[0], t, 1)
        for b, n in enumerate(lengths):
            keep[b, :n] = 1
        return [l[:, 1:t + 1] * keep for l in layers]


def fixture(out):
    import h5py
    torch.manual_seed(1802)
    o = {"lstm": {"use_skip_connections": True, "projection_dim": 8, "cell_clip": 3, "proj_clip": 3, "dim": 16,
                  "n_layers": 2},
         "char_cnn": {"activation": "relu", "filters": [[1, 4], [2, 8], [3, 8]], "n_highway": 2,
                      "embedding": {"dim": 4}, "n_characters": 262, "max_characters_per_token": 50}}
    nf, dim, proj, cell = 20, 4, 8, 16
    w = {"char_embed": torch.randn(261, dim)}
    for i, (width, num) in enumerate(o["char_cnn"]["filters"]):
        w[f"CNN/W_cnn_{i}"] = 0.5 * torch.randn(1, width, dim, num)
        w[f"CNN/b_cnn_{i}"] = 0.1 * torch.randn(num)
    for i in range(2):
        for n in ("W_carry", "W_transform"):
            w[f"CNN_high_{i}/{n}"] = 0.3 * torch.randn(nf, nf)
        for n in ("b_carry", "b_transform"):
            w[f"CNN_high_{i}/{n}"] = 0.1 * torch.randn(nf)
    w["CNN_proj/W_proj"] = 0.4 * torch.randn(nf, proj)
    w["CNN_proj/b_proj"] = 0.1 * torch.randn(proj)
    for d in range(2):
        for j in range(2):
            p = f"RNN_{d}/RNN/MultiRNNCell/Cell{j}/LSTMCell/"
            # Large enough that the cell and the projection do get clipped now and then.
            w[p + "W_0"] = 0.8 * torch.randn(proj + proj, 4 * cell)
            w[p + "B"] = 0.2 * torch.randn(4 * cell)
            w[p + "W_P_0"] = 0.9 * torch.randn(cell, proj)
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "options.json"), "w") as f:
        json.dump(o, f)
    with h5py.File(os.path.join(out, "weights.hdf5"), "w") as f:
        for name, value in w.items():
            f.create_dataset(name, data=value.numpy())
    sentences = [["First", "sentence", ".", "custom", "service"], ["Another", "."]]
    ids = batch_to_ids(sentences)
    with torch.no_grad():
        layers = Elmo(o, w).layers(ids)
    expected = {"character_ids": ids}
    for i, l in enumerate(layers):
        expected[f"layer_{i}"] = l.contiguous()
    # A sentence with non-ASCII and over-long words, for the character ids.
    odd = [["naïve", "Ångström", "x" * 60 + "é"]]
    expected["odd_character_ids"] = batch_to_ids(odd)
    with torch.no_grad():
        for i, l in enumerate(Elmo(o, w).layers(expected["odd_character_ids"])):
            expected[f"odd_layer_{i}"] = l.contiguous()
    write_safetensors(os.path.join(out, "expected.safetensors"), expected,
                      {"torch": torch.__version__, "script": "tools/reference/elmo_torch.py fixture"})
    print(f"wrote {out}")


def bench(vocab, batch, length, steps, warmup, threads, cell, proj, layers):
    """The biLM (char CNN as the lab's, LSTM with projection) trained with AdamW on random sentences."""
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    filters = [[1, 32], [2, 32], [3, 64], [4, 128]]
    nf, dim = sum(n for _, n in filters), 16
    P = {"char": torch.nn.Parameter(0.1 * torch.randn(262, dim))}
    for i, (wd, n) in enumerate(filters):
        P[f"cw{i}"] = torch.nn.Parameter(0.1 * torch.randn(n, dim, wd))
        P[f"cb{i}"] = torch.nn.Parameter(torch.zeros(n))
    P["hc"], P["hbc"] = torch.nn.Parameter(0.05 * torch.randn(nf, nf)), torch.nn.Parameter(torch.zeros(nf))
    P["ht"], P["hbt"] = torch.nn.Parameter(0.05 * torch.randn(nf, nf)), torch.nn.Parameter(torch.zeros(nf))
    P["wp"], P["bp"] = torch.nn.Parameter(0.05 * torch.randn(nf, proj)), torch.nn.Parameter(torch.zeros(proj))
    for d in range(2):
        for j in range(layers):
            P[f"W{d}{j}"] = torch.nn.Parameter(0.05 * torch.randn(2 * proj, 4 * cell))
            P[f"B{d}{j}"] = torch.nn.Parameter(torch.zeros(4 * cell))
            P[f"P{d}{j}"] = torch.nn.Parameter(0.05 * torch.randn(cell, proj))
    P["sw"], P["sb"] = torch.nn.Parameter(0.02 * torch.randn(vocab, proj)), torch.nn.Parameter(torch.zeros(vocab))
    opt = torch.optim.AdamW(P.values(), lr=1e-3, weight_decay=0.01)
    chars = torch.randint(1, 262, (batch, length, MAX_CHARS))
    words = torch.randint(0, vocab, (batch, length))

    def run(x, d, j):
        W, B, WP = P[f"W{d}{j}"], P[f"B{d}{j}"], P[f"P{d}{j}"]
        xs = x if d == 0 else x.flip(1)
        h, c = torch.zeros(batch, proj), torch.zeros(batch, cell)
        fromx = xs @ W[:proj]
        outs = []
        for k in range(length):
            i, jj, f, o = (fromx[:, k] + h @ W[proj:] + B).chunk(4, 1)
            c = (torch.sigmoid(f + 1) * c + torch.sigmoid(i) * torch.tanh(jj)).clamp(-3, 3)
            h = ((torch.sigmoid(o) * torch.tanh(c)) @ WP).clamp(-3, 3)
            outs.append(h)
        out = torch.stack(outs, 1)
        return out if d == 0 else out.flip(1)

    def step():
        e = P["char"][chars.reshape(-1, MAX_CHARS)].transpose(1, 2)
        x = torch.cat([torch.relu(F.conv1d(e, P[f"cw{i}"], P[f"cb{i}"]).max(2).values) for i in range(len(filters))], 1)
        g = torch.sigmoid(x @ P["hc"] + P["hbc"])
        x = g * torch.relu(x @ P["ht"] + P["hbt"]) + (1 - g) * x
        x = (x @ P["wp"] + P["bp"]).reshape(batch, length, proj)
        fi, bi = x, x
        for j in range(layers):
            fo, bo = run(fi, 0, j), run(bi, 1, j)
            if j > 0:
                fo, bo = fo + fi, bo + bi
            fi, bi = fo, bo
        lf = F.cross_entropy((fi[:, :-1] @ P["sw"].T + P["sb"]).reshape(-1, vocab), words[:, 1:].reshape(-1))
        lb = F.cross_entropy((bi[:, 1:] @ P["sw"].T + P["sb"]).reshape(-1, vocab), words[:, :-1].reshape(-1))
        loss = (lf + lb) / 2
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(P.values(), 1.0)
        opt.step()

    for _ in range(warmup):
        step()
    t = time.perf_counter()
    for _ in range(steps):
        step()
    seconds = time.perf_counter() - t
    print(json.dumps({"tokens_per_s": batch * length * steps / seconds, "seconds": seconds,
                      "threads": torch.get_num_threads(), "torch": torch.__version__}))


if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1] == "fixture":
        fixture(sys.argv[2])
    elif len(sys.argv) == 11 and sys.argv[1] == "bench":
        bench(*map(int, sys.argv[2:]))
    else:
        print(__doc__)
        print("usage: elmo_torch.py fixture DIR | bench VOCAB BATCH LENGTH STEPS WARMUP THREADS CELL PROJ LAYERS")
        sys.exit(2)
