package org.tlnlp.analysis.layers;

import java.util.List;

/**
 * A model seen as a stack of layers that each give every word of a {@link BrownSample} a vector: the embeddings
 * (layer 0) and the output of every layer above them. {@link BertLayers} (BERT-base, MiniLM, the small Brown BERT),
 * {@link Gpt2Layers} (the small GPT-2, and the same architecture trained as a masked LM) and {@link ElmoLayers}
 * (ELMo's character encoder and biLSTM layers) are the course's. Inference only: no gradients are recorded.
 */
public interface ModelLayers {

    /** The model's name in reports. */
    String name();

    /** The layers' names, bottom (embeddings) first. */
    List<String> layerNames();

    /**
     * Every word of the sample as the model reads it at test time (nothing masked), one row per word in sample
     * order, {@code batch} sentences per forward pass.
     */
    LayerStates extract(BrownSample sample, int batch);

    /**
     * Rows for the words a masked language model was shown corrupted ({@link WordCorruption}): only models
     * trained to reconstruct their input have an output label there.
     */
    default Corrupted extractCorrupted(BrownSample sample, WordCorruption corruption, int batch) {
        throw new UnsupportedOperationException(name() + " is not a masked language model: it has no corrupted input");
    }

    /**
     * Layer states at corrupted words, and for each row the word type the model was shown ({@link #MASKED} for the
     * mask) and the word type it has to predict (the original word), and which word of the sample it was.
     */
    record Corrupted(LayerStates states, int[] inputTypes, int[] outputTypes, int[] sampleRows) implements AutoCloseable {

        /** The input type of a masked word (no word type of a sample is negative). */
        public static final int MASKED = -2;

        @Override
        public void close() {
            states.close();
        }
    }
}
