package org.tlnlp.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;

import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every parameter of a model under one name: its checkpoint's (Hugging Face's for BERT and GPT-2, the
 * published HDF5 paths for ELMo), in checkpoint order, with the layout the checkpoint stores it in. Loading,
 * saving, parameter groups and analyses all go through this map, so no code outside a model ever sees
 * DJL's internal names.
 *
 * <p>A model builds its map in one readable method, e.g. {@code map.dense("encoder.layer.0.attention.self.query",
 * layer.attention.query)}; a head adds its own names around the model's with {@link #putAll(String, ParameterMap)}.
 */
public final class ParameterMap implements Iterable<ParameterMap.Entry> {

    /** How a checkpoint stores a parameter, and how to turn the stored tensor into the model's and back. */
    public interface Layout {
        /** The shape the checkpoint stores for a parameter whose shape in the model is {@code model}. */
        Shape stored(Shape model);

        /** The stored tensor in the model's layout. */
        NDArray toModel(NDArray stored, Shape model);

        /** The model's tensor in the stored layout. */
        NDArray toStored(NDArray model);

        /** A word for error messages, e.g. "(in, out)". */
        String describe();
    }

    /** Stored exactly as the model holds it. */
    public static final Layout SAME = new Layout() {
        @Override
        public Shape stored(Shape model) {
            return model;
        }

        @Override
        public NDArray toModel(NDArray stored, Shape model) {
            return stored;
        }

        @Override
        public NDArray toStored(NDArray model) {
            return model;
        }

        @Override
        public String describe() {
            return "";
        }
    };

    /**
     * A matrix the checkpoint stores (in, out) while the model holds (out, in): GPT-2's "Conv1D" layers,
     * TensorFlow's kernels.
     */
    public static final Layout TRANSPOSED = new Layout() {
        @Override
        public Shape stored(Shape model) {
            return new Shape(model.get(1), model.get(0));
        }

        @Override
        public NDArray toModel(NDArray stored, Shape model) {
            return stored.transpose();
        }

        @Override
        public NDArray toStored(NDArray model) {
            return model.transpose();
        }

        @Override
        public String describe() {
            return " (stored transposed: in, out)";
        }
    };

    /** One named parameter. */
    public record Entry(String name, Parameter parameter, Layout layout) {
        /** The shape the checkpoint stores. */
        public Shape storedShape() {
            return layout.stored(parameter.getArray().getShape());
        }
    }

    private final Map<String, Entry> entries = new LinkedHashMap<>();

    /** Adds a parameter stored as the model holds it. */
    public ParameterMap put(String name, Parameter parameter) {
        return put(name, parameter, SAME);
    }

    /** Adds a parameter stored in another layout. */
    public ParameterMap put(String name, Parameter parameter, Layout layout) {
        if (entries.containsKey(name)) {
            throw new IllegalArgumentException("the name '" + name + "' is given twice");
        }
        for (Entry e : entries.values()) {
            if (e.parameter() == parameter) {
                throw new IllegalArgumentException("the parameter '" + name + "' is already named '" + e.name() + "'");
            }
        }
        entries.put(name, new Entry(name, parameter, layout));
        return this;
    }

    /** {@code prefix.weight} (out, in) and {@code prefix.bias}: a linear layer as PyTorch names it. */
    public ParameterMap dense(String prefix, Dense d) {
        return put(prefix + ".weight", d.weight).put(prefix + ".bias", d.bias);
    }

    /** A linear layer whose weight the checkpoint stores (in, out), as GPT-2's Conv1D does. */
    public ParameterMap conv1d(String prefix, Dense d) {
        return put(prefix + ".weight", d.weight, TRANSPOSED).put(prefix + ".bias", d.bias);
    }

    /** {@code prefix.weight} (γ) and {@code prefix.bias} (β): a LayerNorm as PyTorch names it. */
    public ParameterMap norm(String prefix, LayerNormalization n) {
        return put(prefix + ".weight", n.gamma).put(prefix + ".bias", n.beta);
    }

    /** Every entry of {@code other}, its names prefixed (e.g. "bert." for the encoder under a task head). */
    public ParameterMap putAll(String prefix, ParameterMap other) {
        for (Entry e : other) {
            put(prefix + e.name(), e.parameter(), e.layout());
        }
        return this;
    }

    /** The entry named {@code name}, or null. */
    public Entry get(String name) {
        return entries.get(name);
    }

    /** The name of a parameter of this map, or null when it has none. */
    public String nameOf(Parameter p) {
        for (Entry e : entries.values()) {
            if (e.parameter() == p) {
                return e.name();
            }
        }
        return null;
    }

    public List<String> names() {
        return List.copyOf(entries.keySet());
    }

    public int size() {
        return entries.size();
    }

    /** The total number of values of every parameter. */
    public long parameterCount() {
        long n = 0;
        for (Entry e : entries.values()) {
            n += e.parameter().getArray().getShape().size();
        }
        return n;
    }

    /**
     * A predicate over parameter names from a glob: {@code *} any run of characters (dots included), {@code ?}
     * one character, {@code [0-3]} one of a set; e.g. {@code encoder.layer.[0-3].*} or {@code *.attn.bias}.
     */
    public static java.util.function.Predicate<String> glob(String pattern) {
        StringBuilder re = new StringBuilder();
        boolean inSet = false;
        for (char c : pattern.toCharArray()) {
            if (inSet) {
                re.append(c);
                inSet = c != ']';
            } else if (c == '*') {
                re.append(".*");
            } else if (c == '?') {
                re.append('.');
            } else if (c == '[') {
                re.append('[');
                inSet = true;
            } else {
                re.append(java.util.regex.Pattern.quote(String.valueOf(c)));
            }
        }
        if (inSet) {
            throw new IllegalArgumentException("the glob '" + pattern + "' opens a [set] it does not close");
        }
        java.util.regex.Pattern p = java.util.regex.Pattern.compile(re.toString());
        return name -> p.matcher(name).matches();
    }

    /**
     * The layer number in a name such as {@code encoder.layer.3.output.dense.weight} (prefix
     * {@code encoder.layer.}): 3; -1 when the name does not start with the prefix and a number.
     */
    public static int indexAfter(String name, String prefix) {
        if (!name.startsWith(prefix)) {
            return -1;
        }
        int end = prefix.length();
        while (end < name.length() && Character.isDigit(name.charAt(end))) {
            end++;
        }
        return end == prefix.length() ? -1 : Integer.parseInt(name.substring(prefix.length(), end));
    }

    @Override
    public Iterator<Entry> iterator() {
        return Collections.unmodifiableCollection(entries.values()).iterator();
    }
}
