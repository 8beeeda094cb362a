package org.tlnlp.analysis.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Every layer's representation of every word of a {@link BrownSample}, kept on disk so that memory stays bounded: a
 * model's layers are written batch by batch while it reads the sample (one float32 file per layer, row after row),
 * and an analysis reads back one layer at a time. BERT-base on 50,000 words is 13 layers × 50,000 × 768 floats,
 * 2 GB; held whole it would not fit a laptop's Java heap next to the model, one layer of it (150 MB) does.
 *
 * <p>Row i of every layer is word i of the sample. A {@link #columns view} can narrow each layer to a range of its
 * columns (the forward half of ELMo's biLSTM layers, say) without copying the files. Closing the last view of the
 * files deletes them.
 */
public final class LayerStates implements AutoCloseable {

    private final String model;
    private final List<String> names;
    private final Path dir;
    private final int[] dims;
    private final int rows;
    private final int from;
    private final int to; // column range of the view; to = -1 means all columns
    private final boolean owner;

    private LayerStates(String model, List<String> names, Path dir, int[] dims, int rows, int from, int to, boolean owner) {
        this.model = model;
        this.names = List.copyOf(names);
        this.dir = dir;
        this.dims = dims;
        this.rows = rows;
        this.from = from;
        this.to = to;
        this.owner = owner;
    }

    /** Starts the files of a model's layers, named (e.g. "embeddings", "layer 1", ...). */
    public static Writer writer(String model, List<String> layerNames) {
        try {
            return new Writer(model, layerNames, Files.createTempDirectory("tlnlp-layers-"));
        } catch (IOException e) {
            throw new UncheckedIOException("could not create a temporary folder for the layer files", e);
        }
    }

    /** Appends rows to each layer's file; {@link #finish} makes them readable. */
    public static final class Writer implements AutoCloseable {
        private final String model;
        private final List<String> names;
        private final Path dir;
        private final FileChannel[] files;
        private final int[] dims;
        private int rows;
        private boolean finished;

        private Writer(String model, List<String> names, Path dir) throws IOException {
            this.model = model;
            this.names = List.copyOf(names);
            this.dir = dir;
            files = new FileChannel[names.size()];
            dims = new int[names.size()];
            for (int l = 0; l < files.length; l++) {
                files[l] = FileChannel.open(file(dir, l), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            }
        }

        /**
         * The next rows of every layer: {@code layers.get(l)} is (n, d_l) with the same n for every layer (the
         * words of the next sentences). The arrays are copied to the files; the caller still owns them.
         */
        public void append(List<NDArray> layers) {
            if (layers.size() != files.length) {
                throw new IllegalArgumentException("expected " + files.length + " layers (" + names + "), got " + layers.size());
            }
            long n = layers.get(0).getShape().get(0);
            for (int l = 0; l < files.length; l++) {
                Shape s = layers.get(l).getShape();
                if (s.dimension() != 2 || s.get(0) != n) {
                    throw new IllegalArgumentException("layer " + names.get(l) + ": expected (" + n + ", d) rows, got " + s);
                }
                int d = (int) s.get(1);
                if (dims[l] == 0) {
                    dims[l] = d;
                } else if (dims[l] != d) {
                    throw new IllegalArgumentException("layer " + names.get(l) + " had width " + dims[l] + ", now " + d);
                }
                float[] values = layers.get(l).toType(DataType.FLOAT32, false).toFloatArray();
                ByteBuffer bytes = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
                bytes.asFloatBuffer().put(values);
                try {
                    while (bytes.hasRemaining()) {
                        files[l].write(bytes);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException("could not write " + file(dir, l), e);
                }
            }
            rows += (int) n;
        }

        public int rows() {
            return rows;
        }

        /** Closes the files for writing; the returned states own them (closing it deletes them). */
        public LayerStates finish() {
            closeFiles();
            finished = true;
            return new LayerStates(model, names, dir, dims.clone(), rows, 0, -1, true);
        }

        private void closeFiles() {
            for (FileChannel f : files) {
                try {
                    f.close();
                } catch (IOException ignored) {
                    // nothing useful to do: the folder is deleted below or by finish()'s owner
                }
            }
        }

        /** Deletes the files unless {@link #finish} handed them on. */
        @Override
        public void close() {
            if (!finished) {
                closeFiles();
                delete(dir);
            }
        }
    }

    private static Path file(Path dir, int layer) {
        return dir.resolve("layer-" + layer + ".f32");
    }

    public String model() {
        return model;
    }

    public List<String> names() {
        return names;
    }

    public int layers() {
        return names.size();
    }

    public int rows() {
        return rows;
    }

    /** The width of layer {@code l} as this view shows it. */
    public int dim(int l) {
        return to < 0 ? dims[l] : to - from;
    }

    /** A view of columns [from, to) of every layer (the same files; closing the view deletes nothing). */
    public LayerStates columns(int from, int to) {
        for (int d : dims) {
            if (from < 0 || to > d || from >= to) {
                throw new IllegalArgumentException("columns [" + from + ", " + to + ") of layers " + d + " wide");
            }
        }
        return new LayerStates(model, names, dir, dims, rows, from, to, false);
    }

    /** Layer {@code l}, every row: (rows, dim(l)) float32 on {@code manager}. */
    public NDArray layer(int l, NDManager manager) {
        return manager.create(FloatBuffer.wrap(read(l, null)), new Shape(rows, dim(l)));
    }

    /** The given rows of layer {@code l}, in the given order: (rows.length, dim(l)). */
    public NDArray layer(int l, long[] pick, NDManager manager) {
        return manager.create(FloatBuffer.wrap(read(l, pick)), new Shape(pick.length, dim(l)));
    }

    /** The given rows of layer {@code l} as host rows (what {@code LinearProbe} trains on). */
    public float[][] hostRows(int l, long[] pick) {
        float[] flat = read(l, pick);
        int d = dim(l);
        float[][] out = new float[pick.length][d];
        for (int i = 0; i < pick.length; i++) {
            System.arraycopy(flat, i * d, out[i], 0, d);
        }
        return out;
    }

    private float[] read(int l, long[] pick) {
        if (l < 0 || l >= names.size()) {
            throw new IllegalArgumentException("layer " + l + " of " + model + " which has layers 0.." + (names.size() - 1));
        }
        int full = dims[l];
        int a = to < 0 ? 0 : from;
        int d = dim(l);
        int n = pick == null ? rows : pick.length;
        float[] out = new float[n * d];
        try (FileChannel ch = FileChannel.open(file(dir, l), StandardOpenOption.READ)) {
            if (pick == null && d == full) {
                ByteBuffer all = ByteBuffer.allocate(n * d * 4).order(ByteOrder.LITTLE_ENDIAN);
                readFully(ch, all, 0);
                all.flip();
                all.asFloatBuffer().get(out);
                return out;
            }
            ByteBuffer row = ByteBuffer.allocate(d * 4).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < n; i++) {
                long r = pick == null ? i : pick[i];
                if (r < 0 || r >= rows) {
                    throw new IllegalArgumentException("row " + r + " of " + model + "'s layers, which have " + rows + " rows");
                }
                row.clear();
                readFully(ch, row, (r * full + a) * 4);
                row.flip();
                row.asFloatBuffer().get(out, i * d, d);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + file(dir, l), e);
        }
    }

    private static void readFully(FileChannel ch, ByteBuffer b, long position) throws IOException {
        long p = position;
        while (b.hasRemaining()) {
            int got = ch.read(b, p);
            if (got < 0) {
                throw new IOException("unexpected end of the layer file at byte " + p);
            }
            p += got;
        }
    }

    /** Deletes the files (only the states {@link Writer#finish} returned own them; views do nothing). */
    @Override
    public void close() {
        if (owner) {
            delete(dir);
        }
    }

    private static void delete(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete the layer files in " + dir, e);
        }
    }

    /** The layer names "embeddings", "layer 1", ..., "layer n" of a model with n layers above its embeddings. */
    public static List<String> numbered(String first, int layersAbove) {
        List<String> out = new ArrayList<>();
        out.add(first);
        for (int i = 1; i <= layersAbove; i++) {
            out.add("layer " + i);
        }
        return out;
    }
}
