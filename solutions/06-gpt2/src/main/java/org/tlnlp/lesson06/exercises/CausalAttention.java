package org.tlnlp.lesson06.exercises;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;

/** Answer key for lesson 06, exercises 6.3, 6.4 and 6.7. */
public final class CausalAttention {

    public static final float MASKED = -1e9f;

    private CausalAttention() {
    }

    /** 6.3: key j is hidden from query i when j > tk - tq + i. */
    public static NDArray causalMask(NDManager manager, long tq, long tk) {
        NDArray keys = manager.arange(0f, (float) tk).reshape(1, tk);
        NDArray queries = manager.arange((float) (tk - tq), (float) tk).reshape(tq, 1);
        return keys.gt(queries).toType(DataType.FLOAT32, false).mul(MASKED);
    }

    /** 6.4: softmax(Q Kᵀ / sqrt(d) + causal mask) V. */
    public static NDList attend(NDArray q, NDArray k, NDArray v) {
        long tq = q.getShape().get(2);
        long tk = k.getShape().get(2);
        NDArray scores = q.matMul(k.swapAxes(2, 3)).div(Math.sqrt(q.getShape().get(3)));
        NDArray weights = scores.add(causalMask(q.getManager(), tq, tk)).softmax(3);
        return new NDList(weights.matMul(v), weights);
    }

    /** 6.7: append to the cache, then attend; the one new query may see every cached position. */
    public static NDList cachedStep(NDArray qNew, NDArray kNew, NDArray vNew, NDArray pastK, NDArray pastV) {
        NDArray k = pastK == null ? kNew : pastK.concat(kNew, 2);
        NDArray v = pastV == null ? vNew : pastV.concat(vNew, 2);
        return new NDList(attend(qNew, k, v).get(0), k, v);
    }
}
