package org.tlnlp.lesson01.exercises;

import org.tlnlp.grading.Exercise;
import org.tlnlp.grading.NotImplementedYet;
import org.tlnlp.models.gpt2.Gpt2;
import org.tlnlp.models.gpt2.Gpt2Config;

/**
 * Lesson 01, exercises 1.12 and 1.13: the N and the C of a scaling law, counted from a model's config.
 *
 * <p>Kaplan et al. (2020) measure a model's size N as its <em>non-embedding</em> parameters (the loss follows a
 * power law in that count, not in the total) and the training compute as {@code C ≈ 6·N·tokens} floating-point
 * operations. Here you count both for the course's GPT-2 ({@code org.tlnlp.models.gpt2.Gpt2}) from its
 * {@link Gpt2Config} ({@code layers}, {@code width}, {@code heads}, {@code context}, {@code vocab}) alone, with
 * arithmetic: no model may be built. Checked against the tensors of PyTorch's GPT-2
 * ({@code testdata/scaling/gpt2_counts.json}) and of our own model, including GPT-2 small.
 */
public final class TransformerCounts {

    private TransformerCounts() {
    }

    /**
     * Exercise 1.12. The number of parameters of a GPT-2 outside its token embedding ({@code wte}, vocab × width)
     * and position embedding ({@code wpe}, context × width). Every block (there are {@code layers}) has, with
     * d = width:
     * <ul>
     *   <li>{@code ln_1} and {@code ln_2}: LayerNorms, each a gain and a shift of d values;</li>
     *   <li>{@code attn.c_attn}: the fused query/key/value projection, a d × 3d weight and a 3d bias;</li>
     *   <li>{@code attn.c_proj}: the attention output, d × d and d;</li>
     *   <li>{@code mlp.c_fc}: d × 4d and 4d; {@code mlp.c_proj}: 4d × d and d.</li>
     * </ul>
     * After the last block comes one more LayerNorm, {@code ln_f}. The output layer reuses {@code wte} (tied
     * weights), so it adds nothing. The number of heads does not change the count. Use {@code long} arithmetic:
     * GPT-2 small ({@link Gpt2Config#gpt2Small()}) has 85,056,000 such parameters.
     *
     * @param config the model's sizes
     * @return its non-embedding parameters
     */
    @Exercise(value = "1.12", mayNotUse = Gpt2.class, mayNotCall = {
            "org.tlnlp.models.gpt2.Gpt2Config.nonEmbeddingParameters", "org.tlnlp.models.gpt2.Gpt2Config.trainingFlops"})
    public static long nonEmbeddingParameters(Gpt2Config config) {
        throw new NotImplementedYet("1.12 (TransformerCounts.nonEmbeddingParameters)");
    }

    /**
     * Exercise 1.13. Kaplan et al.'s estimate of the compute to train the model on {@code tokens} tokens:
     * {@code C = 6·N·tokens} FLOPs, N the non-embedding parameters (exercise 1.12's count; you may call your
     * {@link #nonEmbeddingParameters}). Why 6: the forward pass does one multiply and one add per weight and token
     * (2N), the backward pass twice as much (gradients for the activations and for the weights). Return a
     * {@code double}: the products overflow {@code int} long before they are interesting.
     *
     * @param config the model's sizes
     * @param tokens training tokens
     * @return the training compute in FLOPs
     */
    @Exercise(value = "1.13", mayNotUse = Gpt2.class, mayNotCall = {
            "org.tlnlp.models.gpt2.Gpt2Config.nonEmbeddingParameters", "org.tlnlp.models.gpt2.Gpt2Config.trainingFlops"})
    public static double trainingFlops(Gpt2Config config, long tokens) {
        throw new NotImplementedYet("1.13 (TransformerCounts.trainingFlops)");
    }
}
