package org.tlnlp.models.elmo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.tlnlp.engine.Engines;
import org.tlnlp.engine.NoGradient;
import org.tlnlp.text.ElmoCharacters;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The layers of a frozen ELMo as fixed features, computed once per data set: per token (for tagging) or
 * averaged over a passage (for classification). Each row holds the chosen layers side by side, as
 * {@link ScalarMixClassifier} reads them.
 */
public final class ElmoFeatures {

    private ElmoFeatures() {
    }

    /** Characters to ids (B · T · 50), as {@link ElmoCharacters#batchToIds} makes them. */
    public static final Function<List<List<String>>, int[]> CHARACTERS = ElmoCharacters::batchToIds;

    /** One row per token of every sentence, in order: the chosen layers of that token. */
    public static float[][] tokens(Elmo elmo, List<List<String>> sentences, int[] layers, int batch) {
        return tokens(elmo, sentences, layers, batch, CHARACTERS);
    }

    /** The same, with the character ids made by {@code characters} (a learner's own, with {@code --mine}). */
    public static float[][] tokens(Elmo elmo, List<List<String>> sentences, int[] layers, int batch,
                                   Function<List<List<String>>, int[]> characters) {
        List<float[]> rows = new ArrayList<>();
        forEachBatch(elmo, sentences, batch, characters, (chunk, values, t, d) -> {
            for (int i = 0; i < chunk.size(); i++) {
                for (int k = 0; k < chunk.get(i).size(); k++) {
                    float[] row = new float[layers.length * d];
                    for (int j = 0; j < layers.length; j++) {
                        System.arraycopy(values[layers[j]], (i * t + k) * d, row, j * d, d);
                    }
                    rows.add(row);
                }
            }
        });
        return rows.toArray(new float[0][]);
    }

    /** One row per passage: the mean over its tokens of each chosen layer (a linear mix commutes with the mean). */
    public static float[][] means(Elmo elmo, List<List<String>> passages, int[] layers, int batch) {
        return means(elmo, passages, layers, batch, CHARACTERS);
    }

    /** The same, with the character ids made by {@code characters}. */
    public static float[][] means(Elmo elmo, List<List<String>> passages, int[] layers, int batch,
                                  Function<List<List<String>>, int[]> characters) {
        List<float[]> rows = new ArrayList<>();
        forEachBatch(elmo, passages, batch, characters, (chunk, values, t, d) -> {
            for (int i = 0; i < chunk.size(); i++) {
                float[] row = new float[layers.length * d];
                int n = chunk.get(i).size();
                for (int j = 0; j < layers.length; j++) {
                    for (int k = 0; k < n; k++) {
                        for (int e = 0; e < d; e++) {
                            row[j * d + e] += values[layers[j]][(i * t + k) * d + e] / n;
                        }
                    }
                }
                rows.add(row);
            }
        });
        return rows.toArray(new float[0][]);
    }

    private interface LayerConsumer {
        void accept(List<List<String>> chunk, float[][] layers, int t, int d);
    }

    private static void forEachBatch(Elmo elmo, List<List<String>> sentences, int batch,
                                     Function<List<List<String>>, int[]> characters, LayerConsumer consumer) {
        try (NoGradient ignored = NoGradient.open()) {
            try (NDManager m = Engines.newManager()) {
                ParameterStore s = new ParameterStore(m, false);
                for (int from = 0; from < sentences.size(); from += batch) {
                    try (NDManager scope = m.newSubManager()) {
                        List<List<String>> chunk = sentences.subList(from, Math.min(sentences.size(), from + batch));
                        int t = ElmoCharacters.longest(chunk);
                        NDArray ids = scope.create(characters.apply(chunk), new Shape(chunk.size(), t,
                                ElmoCharacters.MAX_CHARS));
                        Elmo.Output o = elmo.forward(s, ids, false);
                        float[][] layers = new float[o.layers().size()][];
                        for (int j = 0; j < layers.length; j++) {
                            layers[j] = o.layers().get(j).toFloatArray();
                        }
                        consumer.accept(chunk, layers, t, (int) o.layers().get(0).getShape().get(2));
                    }
                }
            }
        }
    }
}
