#!/usr/bin/python3
"""GPT-2 exported to ONNX: the ONNX Runtime peer of `./course bench gpt2` (a benchmark peer only; no test needs it).

Usage: gpt2_onnx_export.py MODEL.safetensors HEADS OUT_DIR

Reads a GPT-2 in Hugging Face's layout (the names of Gpt2.namedParameters(), Conv1D weights stored (in, out)),
as the Java benchmark writes it, builds the same arithmetic with plain PyTorch operations (pre-LayerNorm blocks,
softmax(q kᵀ / sqrt(d) + causal mask) v, GELU's tanh form, logits = ln_f(h) · wteᵀ) and exports two graphs:

  prefill.onnx  input_ids (1, T)                      -> logits (1, T, V), present_k_i / present_v_i (1, H, T, d)
  decode.onnx   input_ids (1, 1), past_k_i / past_v_i  -> logits (1, 1, V), present_k_i / present_v_i (1, H, P+1, d)
                (1, H, P, d) for every block i

so that generation can run in ONNX Runtime with the keys and values of past positions kept, as ours keeps them.
Run with the system's Python (/usr/bin/python3, Debian's python3-torch).
"""
import json
import math
import os
import struct
import sys

import numpy as np
import torch
import torch.nn.functional as F


def read_safetensors(path):
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
        data = f.read()
    out = {}
    for name, h in header.items():
        if name == "__metadata__":
            continue
        assert h["dtype"] == "F32", (name, h["dtype"])
        a, b = h["data_offsets"]
        out[name] = torch.from_numpy(np.frombuffer(data[a:b], dtype=np.float32).reshape(h["shape"]).copy())
    return out


class Gpt2(torch.nn.Module):
    def __init__(self, w, heads):
        super().__init__()
        self.w = {k: torch.nn.Parameter(v, requires_grad=False) for k, v in w.items()}
        for k, v in self.w.items():
            self.register_parameter(k.replace(".", "_"), v)
        self.heads = heads
        self.layers = 1 + max(int(k.split(".")[1]) for k in w if k.startswith("h."))
        self.width = w["wte.weight"].shape[1]

    def ln(self, x, p):
        return F.layer_norm(x, (self.width,), self.w[p + ".weight"], self.w[p + ".bias"], 1e-5)

    def conv1d(self, x, p):  # Hugging Face's Conv1D: x · W + b, W stored (in, out)
        return x @ self.w[p + ".weight"] + self.w[p + ".bias"]

    def split(self, x):
        b, t, _ = x.shape
        return x.view(b, t, self.heads, self.width // self.heads).transpose(1, 2)

    def forward(self, ids, past=None):
        t = ids.shape[1]
        start = 0 if past is None else past[0].shape[2]
        positions = torch.arange(start, start + t, dtype=torch.int64)
        h = self.w["wte.weight"][ids] + self.w["wpe.weight"][positions].unsqueeze(0)
        key_pos = torch.arange(0, start + t, dtype=torch.int64).unsqueeze(0)
        query_pos = positions.unsqueeze(1)
        mask = (key_pos > query_pos).to(torch.float32) * -1e9
        d = self.width // self.heads
        presents = []
        for i in range(self.layers):
            p = f"h.{i}."
            a = self.conv1d(self.ln(h, p + "ln_1"), p + "attn.c_attn")
            q, k, v = a.split(self.width, dim=2)
            q, k, v = self.split(q), self.split(k), self.split(v)
            if past is not None:
                k = torch.cat([past[2 * i], k], dim=2)
                v = torch.cat([past[2 * i + 1], v], dim=2)
            presents += [k, v]
            scores = q @ k.transpose(2, 3) / math.sqrt(d) + mask
            ctx = (scores.softmax(-1) @ v).transpose(1, 2).reshape(ids.shape[0], t, self.width)
            h = h + self.conv1d(ctx, p + "attn.c_proj")
            m = F.gelu(self.conv1d(self.ln(h, p + "ln_2"), p + "mlp.c_fc"), approximate="tanh")
            h = h + self.conv1d(m, p + "mlp.c_proj")
        logits = self.ln(h, "ln_f") @ self.w["wte.weight"].T
        return (logits, *presents)


class Decode(torch.nn.Module):
    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, ids, *past):
        return self.model(ids, list(past))


def main(path, heads, out):
    os.makedirs(out, exist_ok=True)
    model = Gpt2(read_safetensors(path), heads).eval()
    n, d = model.layers, model.width // heads
    presents = [f"present_{kv}_{i}" for i in range(n) for kv in "kv"]
    pasts = [f"past_{kv}_{i}" for i in range(n) for kv in "kv"]
    ids = torch.tensor([[1, 2, 3, 4]], dtype=torch.int64)
    with torch.no_grad():
        full = model(ids)
        torch.onnx.export(model, (ids,), os.path.join(out, "prefill.onnx"), input_names=["input_ids"],
                          output_names=["logits", *presents], opset_version=14,
                          dynamic_axes={"input_ids": {1: "t"}, "logits": {1: "t"},
                                        **{p: {2: "t"} for p in presents}})
        past = list(full[1:])
        torch.onnx.export(Decode(model), (ids[:, :1], *past), os.path.join(out, "decode.onnx"),
                          input_names=["input_ids", *pasts], output_names=["logits", *presents], opset_version=14,
                          dynamic_axes={**{p: {2: "past"} for p in pasts}, **{p: {2: "total"} for p in presents}})
    print(json.dumps({"torch": torch.__version__, "layers": n, "heads": heads, "head_width": d,
                      "files": ["prefill.onnx", "decode.onnx"]}))


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    main(sys.argv[1], int(sys.argv[2]), sys.argv[3])
