#!/usr/bin/python3
"""GPT-2 written with plain PyTorch modules: the independent reference for the course's Java GPT-2.

The arithmetic is PyTorch's own (nn.Embedding, nn.LayerNorm, nn.MultiheadAttention with a causal mask,
nn.Linear, GELU's tanh approximation); only the wiring follows GPT-2. Two uses:

  fixture DIR   write a tiny random GPT-2 in Hugging Face's layout (config.json, model.safetensors with
                Conv1D weights stored (in, out) and the old attn.bias buffers) plus expected.safetensors:
                input ids, the logits and every block's hidden state computed here. The Java tests load the
                checkpoint through Pretrained.fromPretrained and must reproduce these numbers.
  bench ...     training tokens per second of the same architecture (the peer of ./course bench gpt2).

Run with the system's Python (/usr/bin/python3, Debian's python3-torch).
"""
import json
import math
import struct
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


class Block(nn.Module):
    def __init__(self, width, heads, eps, dropout):
        super().__init__()
        self.ln_1 = nn.LayerNorm(width, eps=eps)
        self.attn = nn.MultiheadAttention(width, heads, dropout=dropout, batch_first=True)
        self.ln_2 = nn.LayerNorm(width, eps=eps)
        self.fc = nn.Linear(width, 4 * width)
        self.proj = nn.Linear(4 * width, width)
        self.drop = nn.Dropout(dropout)

    def forward(self, x, causal):
        a = self.ln_1(x)
        a, _ = self.attn(a, a, a, attn_mask=causal, need_weights=False)
        x = x + self.drop(a)
        m = self.proj(F.gelu(self.fc(self.ln_2(x)), approximate="tanh"))
        return x + self.drop(m)


class GPT2(nn.Module):
    def __init__(self, layers, heads, width, context, vocab, eps=1e-5, dropout=0.0):
        super().__init__()
        self.wte = nn.Embedding(vocab, width)
        self.wpe = nn.Embedding(context, width)
        self.h = nn.ModuleList([Block(width, heads, eps, dropout) for _ in range(layers)])
        self.ln_f = nn.LayerNorm(width, eps=eps)
        self.drop = nn.Dropout(dropout)

    def forward(self, ids, all_hidden=False):
        t = ids.shape[1]
        causal = torch.triu(torch.ones(t, t, dtype=torch.bool), diagonal=1)  # True: may not attend
        x = self.drop(self.wte(ids) + self.wpe(torch.arange(t)))
        hidden = [x]
        for block in self.h:
            x = block(x, causal)
            hidden.append(x)
        logits = self.ln_f(x) @ self.wte.weight.T  # the output layer is the token embedding (tied)
        return (logits, hidden) if all_hidden else logits


def hf_state(model):
    """The model's weights under Hugging Face's GPT-2 names; Conv1D weights (in, out)."""
    s = {"wte.weight": model.wte.weight, "wpe.weight": model.wpe.weight}
    for i, b in enumerate(model.h):
        p = f"h.{i}."
        s[p + "ln_1.weight"], s[p + "ln_1.bias"] = b.ln_1.weight, b.ln_1.bias
        s[p + "attn.c_attn.weight"] = b.attn.in_proj_weight.T  # nn.MultiheadAttention stores (out, in)
        s[p + "attn.c_attn.bias"] = b.attn.in_proj_bias
        s[p + "attn.c_proj.weight"] = b.attn.out_proj.weight.T
        s[p + "attn.c_proj.bias"] = b.attn.out_proj.bias
        s[p + "ln_2.weight"], s[p + "ln_2.bias"] = b.ln_2.weight, b.ln_2.bias
        s[p + "mlp.c_fc.weight"], s[p + "mlp.c_fc.bias"] = b.fc.weight.T, b.fc.bias
        s[p + "mlp.c_proj.weight"], s[p + "mlp.c_proj.bias"] = b.proj.weight.T, b.proj.bias
    s["ln_f.weight"], s["ln_f.bias"] = model.ln_f.weight, model.ln_f.bias
    return s


def write_safetensors(path, tensors, metadata=None):
    """The safetensors format: 8-byte little-endian header length, a JSON header, the raw data."""
    dtypes = {torch.float32: "F32", torch.int64: "I64"}
    header, chunks, offset = {}, [], 0
    for name, t in tensors.items():
        t = t.detach().contiguous()
        data = t.numpy().tobytes()
        header[name] = {"dtype": dtypes[t.dtype], "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        chunks.append(data)
        offset += len(data)
    if metadata:
        header["__metadata__"] = metadata
    text = json.dumps(header).encode()
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for c in chunks:
            f.write(c)


def fixture(out):
    import os
    torch.manual_seed(2019)
    layers, heads, width, context, vocab = 2, 4, 64, 32, 512
    model = GPT2(layers, heads, width, context, vocab).eval()
    with torch.no_grad():
        for name, p in model.named_parameters():
            # Random values everywhere (LayerNorm gains near 1), so that every weight matters.
            if name.endswith("ln_1.weight") or name.endswith("ln_2.weight") or name == "ln_f.weight":
                p.copy_(1 + 0.1 * torch.randn_like(p))
            else:
                p.copy_(0.15 * torch.randn_like(p))
    os.makedirs(out, exist_ok=True)
    state = hf_state(model)
    for i in range(layers):  # the causal-mask buffers older checkpoints carry; a loader must skip them
        state[f"h.{i}.attn.bias"] = torch.tril(torch.ones(context, context)).view(1, 1, context, context)
    write_safetensors(os.path.join(out, "model.safetensors"), state, {"format": "pt"})
    config = {"model_type": "gpt2", "architectures": ["GPT2LMHeadModel"], "n_layer": layers, "n_head": heads,
              "n_embd": width, "n_positions": context, "n_ctx": context, "vocab_size": vocab,
              "layer_norm_epsilon": 1e-5, "activation_function": "gelu_new", "resid_pdrop": 0.0,
              "embd_pdrop": 0.0, "attn_pdrop": 0.0}
    with open(os.path.join(out, "config.json"), "w") as f:
        json.dump(config, f, indent=2)
    ids = torch.randint(0, vocab, (3, 20), generator=torch.Generator().manual_seed(7))
    with torch.no_grad():
        logits, hidden = model(ids, all_hidden=True)
    expected = {"input_ids": ids, "logits": logits}
    for i, h in enumerate(hidden):
        expected[f"hidden_{i}"] = h
    write_safetensors(os.path.join(out, "expected.safetensors"), expected,
                      {"torch": torch.__version__, "script": "tools/reference/gpt2_torch.py fixture"})
    print(f"wrote {out}: {layers} layers, width {width}, vocab {vocab}; logits {tuple(logits.shape)}")


def matmul_gflops(n=1024, reps=5):
    a, b = torch.randn(n, n), torch.randn(n, n)
    a @ b
    t = time.perf_counter()
    for _ in range(reps):
        a @ b
    return 2 * n ** 3 * reps / (time.perf_counter() - t) / 1e9


def bench(layers, heads, width, context, vocab, batch, steps, warmup, threads):
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    model = GPT2(layers, heads, width, context, vocab, dropout=0.0)
    model.train()
    opt = torch.optim.AdamW(model.parameters(), lr=3e-4, weight_decay=0.01)
    data = torch.randint(0, vocab, (batch, context + 1))

    def step():
        logits = model(data[:, :-1])
        loss = F.cross_entropy(logits.reshape(-1, vocab), data[:, 1:].reshape(-1))
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        return loss

    for _ in range(warmup):
        step()
    t = time.perf_counter()
    for _ in range(steps):
        step()
    seconds = time.perf_counter() - t
    # Where the time goes: the share of matrix products in two profiled steps.
    with torch.autograd.profiler.profile() as prof:
        for _ in range(2):
            step()
    events = prof.key_averages()
    total = sum(e.self_cpu_time_total for e in events)
    matmul = sum(e.self_cpu_time_total for e in events if e.key in ("aten::mm", "aten::bmm", "aten::addmm"))
    print(json.dumps({"tokens_per_s": batch * context * steps / seconds, "seconds": seconds,
                      "threads": torch.get_num_threads(), "torch": torch.__version__,
                      "matmul_gflops": matmul_gflops(), "matmul_share": matmul / total}))


if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1] == "fixture":
        fixture(sys.argv[2])
    elif len(sys.argv) == 11 and sys.argv[1] == "bench":
        bench(*map(int, sys.argv[2:]))
    else:
        print(__doc__)
        print("usage: gpt2_torch.py fixture DIR | bench LAYERS HEADS WIDTH CONTEXT VOCAB BATCH STEPS WARMUP THREADS")
        sys.exit(2)
