package org.tlnlp.lesson00.exercises;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import org.tlnlp.grading.Exercise;
import org.tlnlp.nn.Dense;

/**
 * Lesson 00: an NDArray primer. Every model of the course is written with DJL's {@code NDArray}: an n-dimensional
 * array on a device (the CPU, or a GPU), with a shape such as (B, T, H) and operations that work on whole
 * arrays at once ({@code add}, {@code mul}, {@code matMul}, {@code transpose}, {@code reshape}, {@code sum},
 * {@code max}, {@code exp}, {@code argMax}, ...). Arrays of different shapes combine by <i>broadcasting</i>:
 * trailing axes are matched from the right, and an axis of size 1 (or a missing one) is stretched to the
 * other's size, so a bias of shape (H) adds to every row of a (B, H) matrix.
 *
 * <p>Use NDArray operations only here: no loops over elements and no {@code toFloatArray()}, so that the same
 * code runs on a GPU. Grade the lesson with {@code mvn test -pl lessons/00-ndarrays -am}.
 */
public final class Primer {

    private Primer() {
    }

    /**
     * Exercise 0.1. A linear layer as PyTorch stores it: {@code y = x · Wᵀ + b}.
     *
     * @param x (B, in) rows
     * @param w (out, in) weights
     * @param b (out) bias, added to every row by broadcasting
     * @return (B, out)
     */
    @Exercise(value = "0.1", mayNotUse = Dense.class, mayNotCall = "ai.djl.nn.core.Linear.linear")
    public static NDArray affine(NDArray x, NDArray w, NDArray b) {
        return x.matMul(w.transpose()).add(b);
    }

    /**
     * Exercise 0.2. The softmax along {@code axis}: {@code exp(x_i) / Σ_j exp(x_j)}, computed stably: subtract
     * the maximum along the axis first ({@code x.max(new int[] {axis}, true)} keeps the axis, so it
     * broadcasts back), which changes nothing mathematically and keeps {@code exp} from overflowing on large
     * scores. Without {@code NDArray.softmax}.
     *
     * @param x    scores of any shape
     * @param axis the axis to normalise over (−1 for the last)
     * @return the same shape; every slice along {@code axis} sums to 1
     */
    @Exercise(value = "0.2", mayNotCall = {"ai.djl.ndarray.NDArray.softmax", "ai.djl.ndarray.NDArray.logSoftmax"})
    public static NDArray softmax(NDArray x, int axis) {
        NDArray e = x.sub(x.max(new int[] {axis}, true)).exp();
        return e.div(e.sum(new int[] {axis}, true));
    }

    /**
     * Exercise 0.3. The mean over the real positions of a padded batch: hidden states (B, T, H) and a mask
     * (B, T) of 1 (token) and 0 (padding) → (B, H), the mean of each sequence's token vectors. Turn the mask
     * into floats of shape (B, T, 1) so that it broadcasts over H, multiply, sum over T, divide by each
     * sequence's number of tokens.
     */
    @Exercise("0.3")
    public static NDArray maskedMean(NDArray hidden, NDArray mask) {
        NDArray m = mask.toType(hidden.getDataType(), false).expandDims(2);
        return hidden.mul(m).sum(new int[] {1}).div(m.sum(new int[] {1}));
    }

    /**
     * Exercise 0.4. Classification accuracy: the share of rows whose highest score ({@code argMax} along axis 1)
     * is the gold label. Compare on the device ({@code eq}), then read back one number.
     *
     * @param logits (N, C) scores
     * @param labels (N) gold class ids (any integer type)
     */
    @Exercise("0.4")
    public static double accuracy(NDArray logits, NDArray labels) {
        NDArray right = logits.argMax(1).toType(DataType.INT64, false).eq(labels.toType(DataType.INT64, false));
        return right.toType(DataType.FLOAT64, false).mean().getDouble();
    }
}
