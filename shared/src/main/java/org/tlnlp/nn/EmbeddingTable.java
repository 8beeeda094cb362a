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
        return Embedding.embedding(ids.toType(DataType.INT64, false), w, SparseFormat.DENSE).singletonOrThrow();
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(forward(store, inputs.singletonOrThrow(), training));
    }
}
