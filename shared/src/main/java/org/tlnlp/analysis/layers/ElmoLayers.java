package org.tlnlp.analysis.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.tlnlp.engine.Engines;
import org.tlnlp.engine.NoGradient;
import org.tlnlp.models.elmo.Elmo;
import org.tlnlp.text.ElmoCharacters;

import java.util.ArrayList;
import java.util.List;

/**
 * The layers of an ELMo ({@link Elmo}): layer 0 is the character CNN's token vector (duplicated, as ELMo returns
 * it, so every layer has the same width), layers 1 and 2 the biLSTM layers, each the forward and the backward
 * direction side by side ({@code [forward | backward]}, 2 × projection wide). ELMo reads words, so there is nothing
 * to pool: one row per word. The forward half of a layer is what the forward language model predicts the next word
 * from ({@link #forwardHalf}).
 */
public final class ElmoLayers implements ModelLayers {

    private final String name;
    private final Elmo elmo;

    public ElmoLayers(String name, Elmo elmo) {
        this.name = name;
        this.elmo = elmo;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<String> layerNames() {
        List<String> names = new ArrayList<>(List.of("token encoder"));
        for (int i = 1; i <= elmo.options().layers(); i++) {
            names.add("biLSTM " + i);
        }
        return names;
    }

    /** The forward-direction columns of every layer (of layer 0, the token vector itself). */
    public LayerStates forwardHalf(LayerStates states) {
        return states.columns(0, elmo.options().projectionDim());
    }

    @Override
    public LayerStates extract(BrownSample sample, int batch) {
        LayerStates.Writer writer = LayerStates.writer(name, layerNames());
        try (NDManager manager = Engines.newManager(); NoGradient ignored = NoGradient.open()) {
            ParameterStore store = new ParameterStore(manager, false);
            List<BrownSample.Sentence> all = sample.sentences();
            for (int from = 0; from < all.size(); from += batch) {
                try (NDManager scope = manager.newSubManager()) {
                    List<List<String>> chunk = all.subList(from, Math.min(all.size(), from + batch)).stream()
                            .map(BrownSample.Sentence::words).toList();
                    int t = ElmoCharacters.longest(chunk);
                    NDArray ids = scope.create(ElmoCharacters.batchToIds(chunk), new Shape(chunk.size(), t,
                            ElmoCharacters.MAX_CHARS));
                    Elmo.Output o = elmo.forward(store, ids, false);
                    // Real words only: row b·t + k for k < the sentence's length.
                    long[] rows = new long[chunk.stream().mapToInt(List::size).sum()];
                    int r = 0;
                    for (int b = 0; b < chunk.size(); b++) {
                        for (int k = 0; k < chunk.get(b).size(); k++) {
                            rows[r++] = (long) b * t + k;
                        }
                    }
                    NDArray index = scope.create(rows);
                    List<NDArray> layers = new ArrayList<>();
                    for (NDArray l : o.layers()) {
                        layers.add(l.reshape(-1, l.getShape().get(2)).get(index));
                    }
                    writer.append(layers);
                }
            }
            if (writer.rows() != sample.words()) {
                throw new IllegalStateException(name + ": wrote " + writer.rows() + " rows for " + sample.words() + " words");
            }
            return writer.finish();
        } catch (RuntimeException e) {
            writer.close();
            throw e;
        }
    }
}
