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

/** A table of learned vectors, one row per id. */
public final class EmbeddingTable extends FixedBlock {

    public final Parameter weight;

    public EmbeddingTable(long count, long dim, float initStd) {
        weight = parameter("weight", Parameter.Type.WEIGHT, new NormalInitializer(initStd), count, dim);
    }

    /** The rows of {@code ids} (any shape of integer ids): shape ids.shape + (dim). */
    public NDArray forward(ParameterStore store, NDArray ids, boolean training) {
        NDArray w = store.getValue(weight, ids.getDevice(), training);
        try {
            return Embedding.embedding(ids.toType(DataType.INT64, false), w, SparseFormat.DENSE).singletonOrThrow();
        } catch (RuntimeException e) {
            throw explain(ids, e);
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
