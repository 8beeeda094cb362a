package org.tlnlp.lesson01.exercises;

import ai.djl.ndarray.NDArray;

/** Answer key for lesson 01, exercises 1.6 and 1.7. */
public final class SharedSpaceProjection {

    private SharedSpaceProjection() {
    }

    /** 1.6: (x − mean) · basis; the mean broadcasts over the rows. */
    public static NDArray project(NDArray x, NDArray mean, NDArray basis) {
        return x.sub(mean).matMul(basis);
    }

    /** 1.7: (z − μ) / (σ + eps), column by column, σ the population standard deviation. */
    public static NDArray standardize(NDArray z, float eps) {
        NDArray mu = z.mean(new int[] {0});
        NDArray centred = z.sub(mu);
        NDArray sigma = centred.square().mean(new int[] {0}).sqrt();
        return centred.div(sigma.add(eps));
    }
}
