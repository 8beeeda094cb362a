package org.tlnlp.lesson05.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import org.tlnlp.models.bert.Bert;
import org.tlnlp.models.bert.BertConfig;
import org.tlnlp.nn.ParameterMap;

/**
 * A BERT's own weights found by their checkpoint names, and the three steps the benchmark's replays of its forward
 * pass ({@link BertStages}, {@link AttentionTrials}) build it from, with the same NDArray operations {@link Bert}
 * performs: an embedding lookup, a dense layer and a LayerNorm.
 */
final class BertWeights {

    private final ParameterMap weights;
    final BertConfig config;

    BertWeights(Bert bert) {
        this.weights = bert.namedParameters();
        this.config = bert.config();
    }

    NDArray weight(String name) {
        return weights.get(name).parameter().getArray();
    }

    NDArray lookup(String table, NDArray ids) {
        return Embedding.embedding(ids.toType(DataType.INT64, false), weight(table), SparseFormat.DENSE)
                .singletonOrThrow();
    }

    NDArray dense(String prefix, NDArray x) {
        return Linear.linear(x, weight(prefix + ".weight"), weight(prefix + ".bias")).singletonOrThrow();
    }

    NDArray norm(String prefix, NDArray x) {
        return LayerNorm.layerNorm(x, new Shape(config.hidden()), weight(prefix + ".weight"), weight(prefix + ".bias"),
                config.eps()).singletonOrThrow();
    }
}
