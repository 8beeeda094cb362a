package org.tlnlp.io;

import ai.djl.ndarray.types.Shape;
import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The datasets of an HDF5 file (read with the pure-Java reader io.jhdf) as a {@link TensorSource}, named by
 * their paths without the leading slash ({@code CNN/W_cnn_0}): how ELMo's published weights are read.
 */
public final class Hdf5Source {

    private Hdf5Source() {
    }

    public static TensorSource open(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new CheckpointException(file + ": no such file" + (Files.isDirectory(file) ? " (it is a folder)" : ""));
        }
        HdfFile hdf;
        try {
            hdf = new HdfFile(file);
        } catch (RuntimeException e) {
            throw new CheckpointException(file + ": not a readable HDF5 file (" + e.getMessage() + ")", e);
        }
        Map<String, Shape> shapes = new LinkedHashMap<>();
        collect(hdf, "", shapes);
        return TensorSource.of(file.toString(), shapes, (name, manager) -> {
            Dataset ds = (Dataset) hdf.getByPath(name);
            Object flat = ds.getDataFlat();
            if (flat instanceof float[] f) {
                return manager.create(f, shapes.get(name));
            }
            if (flat instanceof double[] d) {
                return manager.create(d, shapes.get(name)).toType(ai.djl.ndarray.types.DataType.FLOAT32, false);
            }
            throw new CheckpointException(file + ": dataset '" + name + "' holds " + ds.getJavaType().getSimpleName()
                    + ", not floating-point numbers");
        }, hdf::close);
    }

    private static void collect(Group group, String prefix, Map<String, Shape> shapes) {
        for (Node n : group.getChildren().values()) {
            String name = prefix + n.getName();
            if (n instanceof Dataset ds) {
                shapes.put(name, new Shape(Arrays.stream(ds.getDimensions()).asLongStream().toArray()));
            } else if (n instanceof Group g) {
                collect(g, name + "/", shapes);
            }
        }
    }
}
