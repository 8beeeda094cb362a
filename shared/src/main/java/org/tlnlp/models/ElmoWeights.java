package org.tlnlp.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Node;
import org.tlnlp.io.CheckpointException;
import org.tlnlp.nn.Highway;
import org.tlnlp.nn.LstmProjection;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads ELMo's published weights ({@code weights.hdf5} as bilm-tf wrote them, e.g. for the
 * 2x4096_512_2048cnn_2xhighway model) into an {@link Elmo}, with a pure-Java HDF5 reader (io.jhdf). Dataset
 * names:
 * <pre>
 *   char_embed                                        (261, char dim)   id 0 (padding) is a zero row added here
 *   CNN/W_cnn_i, CNN/b_cnn_i                          (1, width, char dim, filters), (filters)
 *   CNN_high_i/W_carry, b_carry, W_transform, b_transform
 *   CNN_proj/W_proj, CNN_proj/b_proj                  (all filters, projection), (projection)
 *   RNN_d/RNN/MultiRNNCell/Cellj/LSTMCell/W_0, B, W_P_0   d = 0 forward, 1 backward; j = layer
 * </pre>
 * The published file has no softmax (the LM's output layer): ELMo is used through its layers.
 */
public final class ElmoWeights {

    private ElmoWeights() {
    }

    /** The lecture's {@code Elmo(options_file, weight_file, 2, dropout=0)}. */
    public static Elmo load(Path optionsJson, Path weightsHdf5, int representations, float dropout,
                            ai.djl.ndarray.NDManager manager) throws IOException {
        Elmo elmo = Elmo.create(ElmoOptions.fromJson(optionsJson), representations, dropout, manager);
        fromHdf5(elmo, weightsHdf5);
        return elmo;
    }

    /** Copies every weight of the file into {@code elmo}; a missing or mis-shaped dataset is an error naming it. */
    public static void fromHdf5(Elmo elmo, Path file) throws IOException {
        if (!Files.exists(file)) {
            throw new CheckpointException(file + ": no such file");
        }
        try (HdfFile h = new HdfFile(file)) {
            Elmo.TokenEncoder e = elmo.encoder;
            // The file's character table has no row for id 0 (padding): ours has, and keeps it 0.
            float[] chars = read(h, file, "char_embed", new Shape(e.chars.weight.getArray().getShape().get(0) - 1,
                    e.chars.weight.getArray().getShape().get(1)));
            float[] withPadding = new float[chars.length + (int) e.chars.weight.getArray().getShape().get(1)];
            System.arraycopy(chars, 0, withPadding, withPadding.length - chars.length, chars.length);
            e.chars.weight.getArray().set(FloatBuffer.wrap(withPadding));
            for (int i = 0; i < e.convWeights.size(); i++) {
                Shape ours = e.convWeights.get(i).getArray().getShape(); // (filters, dim, width)
                long n = ours.get(0);
                long d = ours.get(1);
                long w = ours.get(2);
                float[] tf = read(h, file, "CNN/W_cnn_" + i, new Shape(1, w, d, n));
                float[] v = new float[tf.length];
                for (int a = 0; a < w; a++) {
                    for (int b = 0; b < d; b++) {
                        for (int c = 0; c < n; c++) {
                            v[(int) ((c * d + b) * w + a)] = tf[(int) ((a * d + b) * n + c)];
                        }
                    }
                }
                e.convWeights.get(i).getArray().set(FloatBuffer.wrap(v));
                copy(h, file, "CNN/b_cnn_" + i, e.convBiases.get(i));
            }
            for (int i = 0; i < e.highways.size(); i++) {
                Highway hw = e.highways.get(i);
                String p = "CNN_high_" + i + "/";
                copy(h, file, p + "W_carry", hw.wCarry);
                copy(h, file, p + "b_carry", hw.bCarry);
                copy(h, file, p + "W_transform", hw.wTransform);
                copy(h, file, p + "b_transform", hw.bTransform);
            }
            copy(h, file, "CNN_proj/W_proj", e.wProj);
            copy(h, file, "CNN_proj/b_proj", e.bProj);
            Elmo.BiLstm lstm = elmo.lstm;
            for (int d = 0; d < 2; d++) {
                var layers = d == 0 ? lstm.forwardLayers : lstm.backwardLayers;
                for (int j = 0; j < layers.size(); j++) {
                    LstmProjection cell = layers.get(j);
                    String p = "RNN_" + d + "/RNN/MultiRNNCell/Cell" + j + "/LSTMCell/";
                    copy(h, file, p + "W_0", cell.w);
                    copy(h, file, p + "B", cell.b);
                    copy(h, file, p + "W_P_0", cell.wP);
                }
            }
        } catch (CheckpointException ex) {
            throw ex;
        } catch (RuntimeException ex) {
            throw new CheckpointException(file + ": not a readable ELMo HDF5 file (" + ex.getMessage() + ")", ex);
        }
    }

    private static void copy(HdfFile h, Path file, String name, Parameter p) throws CheckpointException {
        NDArray target = p.getArray();
        target.set(FloatBuffer.wrap(read(h, file, name, target.getShape())));
    }

    /** The dataset's values, after checking that it exists and has the expected shape. */
    private static float[] read(HdfFile h, Path file, String name, Shape expected) throws CheckpointException {
        Node node;
        try {
            node = h.getByPath(name);
        } catch (RuntimeException missing) {
            throw new CheckpointException(file + ": no dataset '" + name + "' (the model expects one of shape "
                    + expected + "; do options.json and the weights file belong together?)");
        }
        if (!(node instanceof Dataset ds)) {
            throw new CheckpointException(file + ": '" + name + "' is a group, not a dataset of shape " + expected);
        }
        Shape actual = new Shape(Arrays.stream(ds.getDimensions()).asLongStream().toArray());
        if (!actual.equals(expected)) {
            throw new CheckpointException(file + ": dataset '" + name + "' has shape " + actual + " but the model expects "
                    + expected + " (do options.json and the weights file belong together?)");
        }
        Object flat = ds.getDataFlat();
        if (flat instanceof float[] f) {
            return f;
        }
        if (flat instanceof double[] dd) {
            float[] f = new float[dd.length];
            for (int i = 0; i < dd.length; i++) {
                f[i] = (float) dd[i];
            }
            return f;
        }
        throw new CheckpointException(file + ": dataset '" + name + "' holds " + ds.getJavaType().getSimpleName()
                + ", not floating-point numbers");
    }
}
