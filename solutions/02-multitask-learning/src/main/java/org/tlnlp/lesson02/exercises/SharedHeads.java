package org.tlnlp.lesson02.exercises;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import org.tlnlp.grading.Exercise;
import org.tlnlp.multitask.FeatureEncoder;
import org.tlnlp.multitask.FixedWeights;
import org.tlnlp.multitask.MultitaskModel;
import org.tlnlp.multitask.TaskHead;

import java.util.List;

/**
 * Lesson 02, exercises 2.1 and 2.2: hard parameter sharing, the way Caruana (1997) drew it. Every task reads the
 * same shared layer; each task has its own output layer (its head) on top; training minimises a weighted sum of
 * the tasks' losses, so every task's gradient reaches the shared layer.
 *
 * <p>Here the inputs are fixed feature vectors (in the lab: MiniLM's sentence vectors), one batch per task. Use
 * NDArray operations only (no loops over elements, no {@code toFloatArray()}): the same code must run on a GPU,
 * and gradients must flow through it. Check with {@code mvn test -pl lessons/02-multitask-learning -am}.
 */
public final class SharedHeads {

    private SharedHeads() {
    }

    /**
     * Exercise 2.1. The forward pass. For task i with input rows {@code x_i} (B_i, D):
     *
     * <pre>  h_i      = tanh(x_i · Wsᵀ + bs)        (B_i, H)   the shared layer, the same Ws and bs for every task
     *  logits_i = h_i · W_iᵀ + b_i            (B_i, C_i) task i's head</pre>
     *
     * Weights are stored (out, in), as PyTorch stores a linear layer.
     *
     * @param inputs  per task, its batch (B_i, D)
     * @param sharedW Ws, (H, D)
     * @param sharedB bs, (H)
     * @param headW   per task, W_i (C_i, H)
     * @param headB   per task, b_i (C_i)
     * @return per task, in task order, its class scores (B_i, C_i)
     */
    @Exercise(value = "2.1", mayNotUse = {MultitaskModel.class, FeatureEncoder.class, TaskHead.class})
    public static NDList forward(List<NDArray> inputs, NDArray sharedW, NDArray sharedB, List<NDArray> headW,
                                 List<NDArray> headB) {
        NDList out = new NDList();
        for (int i = 0; i < inputs.size(); i++) {
            NDArray h = inputs.get(i).matMul(sharedW.transpose()).add(sharedB).tanh();
            out.add(h.matMul(headW.get(i).transpose()).add(headB.get(i)));
        }
        return out;
    }

    /**
     * Exercise 2.2. The loss hard sharing minimises: {@code Σ_i w_i · CE_i}, where {@code CE_i} is the mean over
     * task i's batch of {@code −log softmax(logits_i)[y]} (the cross-entropy of the true class). Write the
     * cross-entropy yourself (log-softmax, then pick each row's true class); the result must stay differentiable
     * with respect to the logits.
     *
     * @param logits  per task, (B_i, C_i)
     * @param labels  per task, (B_i) class ids (int32 or int64)
     * @param weights per task, w_i
     * @return the scalar loss
     */
    @Exercise(value = "2.2", mayNotUse = {MultitaskModel.class, TaskHead.class, FixedWeights.class},
            mayNotCall = {"ai.djl.training.loss.Loss.softmaxCrossEntropyLoss"})
    public static NDArray summedLoss(NDList logits, List<NDArray> labels, float[] weights) {
        NDArray total = null;
        for (int i = 0; i < logits.size(); i++) {
            NDArray z = logits.get(i);
            NDArray oneHot = labels.get(i).toType(DataType.INT64, false).oneHot((int) z.getShape().get(1))
                    .toType(z.getDataType(), false);
            NDArray crossEntropy = z.logSoftmax(1).mul(oneHot).sum(new int[] {1}).neg().mean();
            NDArray term = crossEntropy.mul(weights[i]);
            total = total == null ? term : total.add(term);
        }
        return total;
    }
}
