package org.tlnlp.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import org.tlnlp.io.CheckpointException;
import org.tlnlp.io.OnnxInitializers;
import org.tlnlp.io.SafeTensors;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Puts pre-trained weights into a {@link Bert}: from an ONNX export or a Hugging Face safetensors file. */
public final class BertWeights {

    private BertWeights() {
    }

    /**
     * Copies the weights of a BERT exported to ONNX (as all-MiniLM-L6-v2 is). Most initializers keep their
     * Hugging Face names; the exporter renamed the projection matrices ({@code onnx::MatMul_787}, ...) and
     * stored them transposed, (in, out). Those are found through the graph: the MatMul node named
     * {@code /encoder/layer.0/attention/self/query/MatMul} reads the weight of
     * {@code encoder.layer.0.attention.self.query}. Never by list order.
     *
     * @return the names of the model's parameters the file does not have (an encoder-only export has no pooler)
     */
    public static List<String> fromOnnx(Bert bert, OnnxInitializers onnx) throws CheckpointException {
        Map<String, OnnxInitializers.Tensor> byName = onnx.tensors();
        java.util.Map<String, OnnxInitializers.Tensor> transposed = new java.util.HashMap<>();
        for (OnnxInitializers.Node node : onnx.nodes()) {
            if (!node.opType().equals("MatMul") || !node.name().endsWith("/MatMul")) {
                continue;
            }
            for (String input : node.inputs()) {
                OnnxInitializers.Tensor t = byName.get(input);
                if (t != null && t.dims().length == 2) {
                    String module = node.name().substring(1, node.name().length() - "/MatMul".length()).replace('/', '.');
                    transposed.put(module + ".weight", t);
                }
            }
        }
        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, Parameter> e : bert.hfParameters().entrySet()) {
            String name = e.getKey();
            NDArray target = e.getValue().getArray();
            OnnxInitializers.Tensor direct = byName.get(name);
            if (direct != null) {
                set(name, target, direct.values(), new Shape(direct.dims()), "ONNX initializer '" + name + "'");
            } else if (transposed.containsKey(name)) {
                OnnxInitializers.Tensor t = transposed.get(name);
                long[] d = t.dims();
                set(name, target, transpose(t.values(), (int) d[0], (int) d[1]), new Shape(d[1], d[0]),
                        "ONNX initializer '" + t.name() + "' (transposed)");
            } else {
                missing.add(name);
            }
        }
        return missing;
    }

    /**
     * Copies a Hugging Face BERT checkpoint ({@code model.safetensors} of bert-base-uncased and its kind;
     * names with or without the {@code bert.} prefix). Every encoder weight must be there with its exact
     * shape; a missing pooler is allowed (and returned); task heads in the file are ignored.
     */
    public static List<String> fromSafetensors(Bert bert, Path file) throws IOException {
        try (NDManager scratch = NDManager.newBaseManager(bert.embeddings.word.weight.getArray().getDevice())) {
            Map<String, NDArray> tensors = SafeTensors.load(file, scratch);
            List<String> missing = new ArrayList<>();
            for (Map.Entry<String, Parameter> e : bert.hfParameters().entrySet()) {
                NDArray t = tensors.containsKey(e.getKey()) ? tensors.get(e.getKey()) : tensors.get("bert." + e.getKey());
                if (t == null) {
                    missing.add(e.getKey());
                    continue;
                }
                set(e.getKey(), e.getValue().getArray(), t.toType(DataType.FLOAT32, false).toFloatArray(), t.getShape(),
                        file + ": tensor '" + e.getKey() + "'");
            }
            List<String> required = missing.stream().filter(n -> !n.startsWith("pooler.")).toList();
            if (!required.isEmpty()) {
                throw new CheckpointException(file + ": the checkpoint lacks " + required.size() + " BERT weights, e.g. "
                        + required.subList(0, Math.min(3, required.size())));
            }
            return missing;
        }
    }

    /** Writes the model in Hugging Face's layout: {@code model.safetensors} with bert-base-uncased's names. */
    public static void toSafetensors(Bert bert, Path file) throws IOException {
        Map<String, NDArray> tensors = new java.util.LinkedHashMap<>();
        bert.hfParameters().forEach((name, p) -> tensors.put(name, p.getArray()));
        SafeTensors.save(file, tensors, Map.of("format", "pt"));
    }

    private static void set(String name, NDArray target, float[] values, Shape shape, String source)
            throws CheckpointException {
        if (!target.getShape().equals(shape)) {
            throw new CheckpointException(source + " has shape " + shape + " but the model's " + name
                    + " expects " + target.getShape() + " (does the config match the checkpoint?)");
        }
        target.set(FloatBuffer.wrap(values));
    }

    private static float[] transpose(float[] m, int rows, int cols) {
        float[] t = new float[m.length];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                t[j * rows + i] = m[i * cols + j];
            }
        }
        return t;
    }
}
