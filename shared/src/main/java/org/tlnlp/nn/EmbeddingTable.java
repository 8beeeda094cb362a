package org.tlnlp.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Embedding;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;
import org.tlnlp.engine.Engines;

/** A table of learned vectors, one row per id. */
public final class EmbeddingTable extends FixedBlock {

    public final Parameter weight;

    public EmbeddingTable(long count, long dim, float initStd) {
        weight = parameter("weight", Parameter.Type.WEIGHT, new NormalInitializer(initStd), count, dim);
    }

    /** The rows of {@code ids} (any shape of integer ids): shape ids.shape + (dim). */
    public NDArray forward(ParameterStore store, NDArray ids, boolean training) {
        NDArray w = store.getValue(weight, ids.getDevice(), training);
        if (ENGINE_CLIPS_IDS && ids.size() > 0) {
            checkRange(ids);
        }
        try {
            return Embedding.embedding(ids.toType(DataType.INT64, false), w, SparseFormat.DENSE).singletonOrThrow();
        } catch (RuntimeException e) {
            throw explain(ids, e);
        }
    }

    /**
     * PyTorch refuses an id outside the table; MXNet's lookup clips it to the first or last row without a word,
     * which would train and predict on the wrong word. There the ids' range is checked before every lookup (two
     * reductions and a copy of two numbers).
     */
    private static final boolean ENGINE_CLIPS_IDS = "MXNet".equals(Engines.engine().getEngineName());

    private void checkRange(NDArray ids) {
        long rows = weight.getArray().getShape().get(0);
        long low = ids.min().toType(DataType.INT64, false).getLong();
        long high = ids.max().toType(DataType.INT64, false).getLong();
        if (low < 0 || high >= rows) {
            throw explain(ids, new IllegalArgumentException("ids range from " + low + " to " + high));
        }
    }

    /**
     * The engine's own words for an id outside the table ("index out of range in self") name neither the id
     * nor the table; looked into only when the lookup has failed, so a good batch pays nothing for it.
     */
    private RuntimeException explain(NDArray ids, RuntimeException e) {
        long rows = weight.getArray().getShape().get(0);
        long[] values = ids.toType(DataType.INT64, false).toLongArray();
        for (int i = 0; i < values.length; i++) {
            if (values[i] < 0 || values[i] >= rows) {
                return new IllegalArgumentException("id " + values[i] + " (element " + i + " of the ids " + ids.getShape()
                        + ") is outside the table of " + rows + " rows (ids 0.." + (rows - 1) + "): a token id outside "
                        + "the model's vocabulary", e);
            }
        }
        return e;
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(forward(store, inputs.singletonOrThrow(), training));
    }
}
