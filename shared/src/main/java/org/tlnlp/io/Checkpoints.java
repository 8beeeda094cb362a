package org.tlnlp.io;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.tlnlp.nn.ParameterMap;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one loader and the one saver of the course. Both speak the checkpoint's own parameter names, through a
 * model's {@link ParameterMap}; the loader reads any {@link TensorSource} (safetensors, ONNX initializers,
 * HDF5, TensorFlow bundles), the saver writes safetensors as Hugging Face does.
 */
public final class Checkpoints {

    private static final Pattern INDEXED = Pattern.compile("^(.*?)\\.(\\d+)\\.");

    private Checkpoints() {
    }

    /**
     * Copies the checkpoint's tensors into the model's parameters. Every shape is checked first, so a
     * mismatch leaves the model untouched; see {@link LoadPolicy} for what counts as an error.
     */
    public static LoadReport load(ParameterMap model, TensorSource source, LoadPolicy policy) throws IOException {
        Map<String, Shape> file = source.shapes();
        Map<ParameterMap.Entry, String> matched = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        List<String> required = new ArrayList<>();
        Set<String> used = new HashSet<>();
        for (ParameterMap.Entry e : model) {
            String name = policy.prefix() + e.name();
            Shape stored = file.get(name);
            if (stored == null) {
                missing.add(e.name() + " " + e.storedShape());
                if (!policy.isOptional(e.name())) {
                    required.add(e.name() + " " + e.storedShape());
                }
                continue;
            }
            if (!stored.equals(e.storedShape())) {
                throw new CheckpointException(source.describe() + ": tensor '" + name + "' has shape " + stored
                        + " but the model's '" + e.name() + "' expects " + e.storedShape() + e.layout().describe()
                        + "; does the model's config match the checkpoint?");
            }
            matched.put(e, name);
            used.add(name);
        }
        List<String> unexpected = new ArrayList<>();
        List<String> ignored = new ArrayList<>();
        file.forEach((name, shape) -> {
            if (!used.contains(name)) {
                (policy.isIgnored(name) ? ignored : unexpected).add(name + " " + shape);
            }
        });
        if (policy.exact() && (!required.isEmpty() || !unexpected.isEmpty())) {
            throw new CheckpointException(source.describe() + ": the checkpoint does not match the model"
                    + (required.isEmpty() ? "" : "; the file lacks " + required.size() + " of the model's tensors: "
                    + preview(required))
                    + (unexpected.isEmpty() ? "" : "; the model has no place for " + unexpected.size()
                    + " of the file's tensors: " + preview(unexpected))
                    + layerHint(model, policy.prefix(), unexpected));
        }
        for (Map.Entry<ParameterMap.Entry, String> m : matched.entrySet()) {
            NDArray target = m.getKey().parameter().getArray();
            try (NDManager scratch = target.getManager().newSubManager()) {
                NDArray stored = source.read(m.getValue(), scratch).toType(target.getDataType(), false);
                NDArray value = m.getKey().layout().toModel(stored, target.getShape());
                target.set(value.toType(target.getDataType(), false).toByteBuffer());
            }
        }
        return new LoadReport(source.describe(), matched.size(), missing, unexpected, ignored);
    }

    /** Writes the model's parameters as a safetensors file, under their names and in their stored layouts. */
    public static void save(ParameterMap model, Path file, Map<String, String> metadata) throws IOException {
        Map<String, NDArray> tensors = new LinkedHashMap<>();
        List<NDArray> temporaries = new ArrayList<>();
        try {
            for (ParameterMap.Entry e : model) {
                if (!e.parameter().isInitialized()) {
                    throw new IllegalStateException("parameter '" + e.name() + "' is not initialised; initialise the model first");
                }
                NDArray a = e.parameter().getArray();
                NDArray stored = e.layout().toStored(a);
                if (stored != a) {
                    temporaries.add(stored);
                }
                tensors.put(e.name(), stored);
            }
            SafeTensors.save(file, tensors, metadata);
        } finally {
            temporaries.forEach(NDArray::close);
        }
    }

    /**
     * The model's parameters as a tensor source, in their stored layouts: loading it into another model with
     * the same names copies the weights (e.g. a pre-trained encoder into a fresh classifier).
     */
    public static TensorSource of(ParameterMap model, String description) {
        Map<String, Shape> shapes = new LinkedHashMap<>();
        for (ParameterMap.Entry e : model) {
            shapes.put(e.name(), e.storedShape());
        }
        return TensorSource.of(description, shapes, (name, manager) -> {
            ParameterMap.Entry e = model.get(name);
            NDArray stored = e.layout().toStored(e.parameter().getArray()).toType(DataType.FLOAT32, true);
            stored.attach(manager);
            return stored;
        }, () -> { });
    }

    /** Copies every parameter of {@code from} into the parameter of the same name of {@code to} (strict). */
    public static void copy(ParameterMap from, ParameterMap to) throws IOException {
        load(to, of(from, "the source model"), LoadPolicy.strict());
    }

    private static String preview(List<String> names) {
        return names.size() <= 6 ? names.toString() : names.subList(0, 6) + " and " + (names.size() - 6) + " more";
    }

    /**
     * When the unexpected tensors are numbered further than the model's (encoder.layer.6 of a 6-layer model),
     * says so: the config has fewer layers than the checkpoint, which must never load by silently dropping them.
     */
    private static String layerHint(ParameterMap model, String prefix, List<String> unexpected) {
        Map<String, Integer> modelMax = new TreeMap<>();
        for (String n : model.names()) {
            Matcher m = INDEXED.matcher(prefix + n);
            if (m.find()) {
                modelMax.merge(m.group(1), Integer.parseInt(m.group(2)), Math::max);
            }
        }
        Map<String, Integer> fileMax = new TreeMap<>();
        for (String u : unexpected) {
            Matcher m = INDEXED.matcher(u);
            if (m.find() && modelMax.containsKey(m.group(1))) {
                fileMax.merge(m.group(1), Integer.parseInt(m.group(2)), Math::max);
            }
        }
        StringBuilder sb = new StringBuilder();
        fileMax.forEach((stem, max) -> {
            if (max > modelMax.get(stem)) {
                sb.append("; the checkpoint has ").append(stem).append(".0..").append(max).append(" but the model only ")
                        .append(stem).append(".0..").append(modelMax.get(stem))
                        .append(": its config has fewer layers than the checkpoint");
            }
        });
        return sb.toString();
    }
}
