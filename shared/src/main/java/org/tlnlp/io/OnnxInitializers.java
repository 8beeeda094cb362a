package org.tlnlp.io;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the weights (initializers) and the node list of an ONNX model file, with a small protobuf
 * reader of our own: the ONNX format is protobuf, and we need only a few of its fields. Enough to take a
 * pre-trained model's weights out of an {@code .onnx} file; running the graph is ONNX Runtime's job.
 *
 * <p>Fields read (from onnx.proto): ModelProto.graph (7); GraphProto.node (1), initializer (5);
 * NodeProto.input (1), output (2), name (3), op_type (4); TensorProto.dims (1), data_type (2),
 * float_data (4), int64_data (7), name (8), raw_data (9).
 */
public final class OnnxInitializers {

    /** A weight: its name, shape and values (float32 weights; int64 ones are given as floats too). */
    public record Tensor(String name, long[] dims, int dataType, float[] values) {
        public long size() {
            long n = 1;
            for (long d : dims) {
                n *= d;
            }
            return n;
        }
    }

    /** A graph node: what it computes and what it reads and writes. */
    public record Node(String name, String opType, List<String> inputs, List<String> outputs) {
    }

    private static final int FLOAT = 1;
    private static final int INT64 = 7;

    private final Map<String, Tensor> tensors;
    private final List<Node> nodes;

    private OnnxInitializers(Map<String, Tensor> tensors, List<Node> nodes) {
        this.tensors = Collections.unmodifiableMap(tensors);
        this.nodes = Collections.unmodifiableList(nodes);
    }

    public static OnnxInitializers read(InputStream in, String name) throws IOException {
        byte[] bytes = in.readAllBytes();
        try {
            return parse(bytes);
        } catch (RuntimeException e) {
            throw new CheckpointException(name + ": not a readable ONNX model (" + e + ")", e);
        }
    }

    public Map<String, Tensor> tensors() {
        return tensors;
    }

    public List<Node> nodes() {
        return nodes;
    }

    /** The tensor, or an error naming it and the file's tensor count. */
    public Tensor tensor(String name) throws CheckpointException {
        Tensor t = tensors.get(name);
        if (t == null) {
            throw new CheckpointException("the ONNX model has no initializer '" + name + "' (it has " + tensors.size() + ")");
        }
        return t;
    }

    /**
     * The float32 initializers as a {@link TensorSource}. Exporters often rename the weight of a linear layer
     * ({@code onnx::MatMul_787}) and store it (in, out); such a weight is offered under the name of the module
     * whose MatMul node reads it ({@code /encoder/layer.0/attention/self/query/MatMul} →
     * {@code encoder.layer.0.attention.self.query.weight}), transposed back to PyTorch's (out, in). Found
     * through the graph, never by list order; the renamed original is not offered a second time.
     */
    public TensorSource source(String description) {
        Map<String, Tensor> offered = new LinkedHashMap<>();
        Map<String, Boolean> transposed = new LinkedHashMap<>();
        java.util.Set<String> renamed = new java.util.HashSet<>();
        for (Node node : nodes) {
            if (!node.opType().equals("MatMul") || !node.name().endsWith("/MatMul")) {
                continue;
            }
            for (String input : node.inputs()) {
                Tensor t = tensors.get(input);
                if (t != null && t.dims().length == 2 && t.dataType() == FLOAT) {
                    String module = node.name().substring(1, node.name().length() - "/MatMul".length()).replace('/', '.');
                    offered.put(module + ".weight", t);
                    transposed.put(module + ".weight", true);
                    renamed.add(input);
                }
            }
        }
        for (Tensor t : tensors.values()) {
            if (t.dataType() == FLOAT && !renamed.contains(t.name())) {
                offered.put(t.name(), t);
                transposed.put(t.name(), false);
            }
        }
        Map<String, Shape> shapes = new LinkedHashMap<>();
        offered.forEach((name, t) -> {
            long[] d = t.dims();
            shapes.put(name, transposed.get(name) ? new Shape(d[1], d[0]) : new Shape(d));
        });
        return TensorSource.of(description, shapes, (name, manager) -> {
            Tensor t = offered.get(name);
            NDArray a = manager.create(t.values(), new Shape(t.dims()));
            return transposed.get(name) ? a.transpose() : a;
        }, () -> { });
    }

    // ------------------------------------------------------------------ protobuf

    private static OnnxInitializers parse(byte[] bytes) {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        List<Node> nodes = new ArrayList<>();
        Reader model = new Reader(ByteBuffer.wrap(bytes));
        while (model.hasMore()) {
            int key = model.varint32();
            if (key >>> 3 == 7 && (key & 7) == 2) {
                Reader graph = model.message();
                while (graph.hasMore()) {
                    int gk = graph.varint32();
                    if (gk >>> 3 == 1 && (gk & 7) == 2) {
                        nodes.add(node(graph.message()));
                    } else if (gk >>> 3 == 5 && (gk & 7) == 2) {
                        Tensor t = tensor(graph.message());
                        tensors.put(t.name(), t);
                    } else {
                        graph.skip(gk & 7);
                    }
                }
            } else {
                model.skip(key & 7);
            }
        }
        return new OnnxInitializers(tensors, nodes);
    }

    private static Node node(Reader r) {
        List<String> inputs = new ArrayList<>();
        List<String> outputs = new ArrayList<>();
        String name = "";
        String op = "";
        while (r.hasMore()) {
            int k = r.varint32();
            switch (k >>> 3) {
                case 1 -> inputs.add(r.string());
                case 2 -> outputs.add(r.string());
                case 3 -> name = r.string();
                case 4 -> op = r.string();
                default -> r.skip(k & 7);
            }
        }
        return new Node(name, op, List.copyOf(inputs), List.copyOf(outputs));
    }

    private static Tensor tensor(Reader r) {
        List<Long> dims = new ArrayList<>();
        int type = 0;
        String name = "";
        ByteBuffer raw = null;
        List<Float> floats = new ArrayList<>();
        List<Long> longs = new ArrayList<>();
        while (r.hasMore()) {
            int k = r.varint32();
            int field = k >>> 3;
            int wire = k & 7;
            if (field == 1) {
                if (wire == 2) {
                    Reader packed = r.message();
                    while (packed.hasMore()) {
                        dims.add(packed.varint64());
                    }
                } else {
                    dims.add(r.varint64());
                }
            } else if (field == 2) {
                type = r.varint32();
            } else if (field == 4 && wire == 2) {
                Reader packed = r.message();
                while (packed.hasMore()) {
                    floats.add(packed.buffer.getFloat());
                }
            } else if (field == 7 && wire == 2) {
                Reader packed = r.message();
                while (packed.hasMore()) {
                    longs.add(packed.varint64());
                }
            } else if (field == 8) {
                name = r.string();
            } else if (field == 9) {
                raw = r.bytes();
            } else {
                r.skip(wire);
            }
        }
        long[] d = dims.stream().mapToLong(Long::longValue).toArray();
        long n = 1;
        for (long x : d) {
            n *= x;
        }
        float[] values = new float[(int) n];
        if (raw != null) {
            raw.order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < n; i++) {
                values[i] = type == FLOAT ? raw.getFloat() : type == INT64 ? raw.getLong() : Float.NaN;
            }
            if (type != FLOAT && type != INT64) {
                throw new IllegalArgumentException("initializer '" + name + "' has ONNX data type " + type
                        + "; only float32 and int64 are read");
            }
        } else if (!floats.isEmpty()) {
            for (int i = 0; i < n; i++) {
                values[i] = floats.get(i);
            }
        } else {
            for (int i = 0; i < Math.min(n, longs.size()); i++) {
                values[i] = longs.get(i);
            }
        }
        return new Tensor(name, d, type, values);
    }

    /** Reads protobuf's wire format from a buffer. */
    private static final class Reader {
        private final ByteBuffer buffer;

        Reader(ByteBuffer buffer) {
            this.buffer = buffer.order(ByteOrder.LITTLE_ENDIAN);
        }

        boolean hasMore() {
            return buffer.hasRemaining();
        }

        long varint64() {
            long result = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                byte b = buffer.get();
                result |= (long) (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    return result;
                }
            }
            throw new IllegalStateException("malformed varint at byte " + buffer.position());
        }

        int varint32() {
            return (int) varint64();
        }

        ByteBuffer bytes() {
            int n = (int) varint64();
            if (n < 0 || n > buffer.remaining()) {
                throw new IllegalStateException("a field of " + n + " bytes overruns the message at byte " + buffer.position());
            }
            ByteBuffer slice = buffer.slice();
            slice.limit(n);
            buffer.position(buffer.position() + n);
            return slice;
        }

        Reader message() {
            return new Reader(bytes());
        }

        String string() {
            ByteBuffer b = bytes();
            byte[] s = new byte[b.remaining()];
            b.get(s);
            return new String(s, StandardCharsets.UTF_8);
        }

        void skip(int wire) {
            switch (wire) {
                case 0 -> varint64();
                case 1 -> buffer.position(buffer.position() + 8);
                case 2 -> bytes();
                case 5 -> buffer.position(buffer.position() + 4);
                default -> throw new IllegalStateException("unsupported protobuf wire type " + wire);
            }
        }
    }
}
