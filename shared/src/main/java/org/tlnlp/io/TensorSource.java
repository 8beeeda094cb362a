package org.tlnlp.io;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import java.io.IOException;
import java.util.Map;

/**
 * The tensors of one checkpoint file, by the names the file gives them: a safetensors file, the
 * initializers of an ONNX model, the datasets of an HDF5 file, a TensorFlow tensor bundle. The one loader,
 * {@link Checkpoints#load}, reads every format through this view.
 */
public interface TensorSource extends AutoCloseable {

    /** The file (or resource) the tensors come from, for error messages. */
    String describe();

    /** Every tensor's name and shape, in the file's order. */
    Map<String, Shape> shapes();

    /** The tensor's values as float32, created in {@code manager}. */
    NDArray read(String name, NDManager manager) throws IOException;

    @Override
    default void close() throws IOException {
    }

    /** How a source reads one tensor. */
    @FunctionalInterface
    interface Reader {
        NDArray read(String name, NDManager manager) throws IOException;
    }

    /**
     * A source from its parts: a description, the tensors' shapes, how to read one (only names of
     * {@code shapes} are asked for; any other is an error naming the source), and what closing it releases.
     */
    static TensorSource of(String description, Map<String, Shape> shapes, Reader reader, java.io.Closeable release) {
        Map<String, Shape> fixed = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(shapes));
        return new TensorSource() {
            @Override
            public String describe() {
                return description;
            }

            @Override
            public Map<String, Shape> shapes() {
                return fixed;
            }

            @Override
            public NDArray read(String name, NDManager manager) throws IOException {
                if (!fixed.containsKey(name)) {
                    throw new CheckpointException(description + ": no tensor '" + name + "'");
                }
                return reader.read(name, manager);
            }

            @Override
            public void close() throws IOException {
                release.close();
            }
        };
    }
}
