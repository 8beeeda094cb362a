package org.tlnlp.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.tlnlp.io.AtomicFiles;
import org.tlnlp.io.CheckpointException;
import org.tlnlp.io.SafeTensors;
import org.tlnlp.text.ByteLevelBpe;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * GPT-2 checkpoints in Hugging Face's layout: {@code model.safetensors} with the {@code gpt2} names (with or
 * without the {@code transformer.} prefix), Conv1D weights stored (in, out). The course saves its own models
 * the same way, with {@code config.json} and the tokenizer's {@code vocab.json} + {@code merges.txt} beside
 * them, so {@link Pretrained#fromPretrained} loads both.
 */
public final class Gpt2Weights {

    private Gpt2Weights() {
    }

    /**
     * Copies a checkpoint into {@code model}. Every weight must be there with its exact shape. Buffers that
     * older checkpoints carry ({@code attn.bias}, {@code attn.masked_bias}: the causal mask) and the output
     * layer {@code lm_head.weight} (tied to {@code wte}) are not weights of ours and are skipped.
     */
    public static void fromSafetensors(Gpt2 model, Path file) throws IOException {
        try (NDManager scratch = NDManager.newBaseManager(model.tokens.weight.getArray().getDevice())) {
            Map<String, NDArray> tensors = SafeTensors.load(file, scratch);
            List<String> missing = new ArrayList<>();
            for (Map.Entry<String, Gpt2.HfParameter> e : model.hfParameters().entrySet()) {
                String name = e.getKey();
                NDArray t = tensors.containsKey(name) ? tensors.get(name) : tensors.get("transformer." + name);
                if (t == null) {
                    missing.add(name);
                    continue;
                }
                NDArray target = e.getValue().parameter().getArray();
                // Conv1D weights are (in, out) in the file; ours are (out, in).
                Shape expected = e.getValue().conv1d()
                        ? new Shape(target.getShape().get(1), target.getShape().get(0)) : target.getShape();
                if (!t.getShape().equals(expected)) {
                    throw new CheckpointException(file + ": tensor '" + name + "' has shape " + t.getShape()
                            + " but the model expects " + expected + (e.getValue().conv1d() ? " (Conv1D: in, out)" : "")
                            + "; does config.json match the checkpoint?");
                }
                NDArray value = t.toType(DataType.FLOAT32, false);
                if (e.getValue().conv1d()) {
                    value = value.transpose();
                }
                target.set(FloatBuffer.wrap(value.toFloatArray()));
            }
            if (!missing.isEmpty()) {
                throw new CheckpointException(file + ": the checkpoint lacks " + missing.size() + " GPT-2 weights, e.g. "
                        + missing.subList(0, Math.min(3, missing.size())));
            }
        }
    }

    /** Writes the model as {@code model.safetensors} with Hugging Face's names and orientation. */
    public static void toSafetensors(Gpt2 model, Path file) throws IOException {
        Map<String, NDArray> tensors = new LinkedHashMap<>();
        List<NDArray> transposed = new ArrayList<>();
        for (Map.Entry<String, Gpt2.HfParameter> e : model.hfParameters().entrySet()) {
            NDArray a = e.getValue().parameter().getArray();
            if (e.getValue().conv1d()) {
                a = a.transpose();
                transposed.add(a);
            }
            tensors.put(e.getKey(), a);
        }
        try {
            SafeTensors.save(file, tensors, Map.of("format", "pt"));
        } finally {
            transposed.forEach(NDArray::close);
        }
    }

    /**
     * Saves a model and its tokenizer as a folder {@link Pretrained#fromPretrained} reads: {@code config.json},
     * {@code model.safetensors}, {@code vocab.json}, {@code merges.txt}.
     */
    public static void save(Gpt2 model, ByteLevelBpe tokenizer, Path dir) throws IOException {
        if (tokenizer.size() > model.config().vocab()) {
            throw new IllegalArgumentException("the tokenizer has " + tokenizer.size() + " ids but the model's vocabulary only "
                    + model.config().vocab());
        }
        AtomicFiles.writeString(dir.resolve("config.json"), model.config().toJson());
        toSafetensors(model, dir.resolve("model.safetensors"));
        tokenizer.save(dir);
    }
}
