package org.tlnlp.models.gpt2;

import com.google.gson.JsonObject;
import org.tlnlp.io.JsonFiles;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The sizes of a GPT-2 model; {@link #fromJson} reads Hugging Face's names ({@code n_layer}, {@code n_head},
 * {@code n_embd}, {@code n_positions}, {@code vocab_size}, {@code layer_norm_epsilon}, {@code resid_pdrop}).
 *
 * @param layers  decoder blocks
 * @param heads   attention heads per block; width must be divisible by heads
 * @param width   the model's width (d_model; {@code n_embd})
 * @param context longest sequence the position embeddings cover
 * @param vocab   tokens in the vocabulary (the LM head predicts one of them)
 * @param eps     LayerNorm's epsilon
 * @param dropout dropout on embeddings, attention weights and residual branches when training
 */
public record Gpt2Config(int layers, int heads, int width, int context, int vocab, float eps, float dropout) {

    public Gpt2Config {
        if (width % heads != 0) {
            throw new IllegalArgumentException("width " + width + " is not divisible by " + heads + " heads");
        }
        if (layers < 1 || context < 1 || vocab < 1) {
            throw new IllegalArgumentException("layers, context and vocab must be positive: " + layers + ", "
                    + context + ", " + vocab);
        }
    }

    /** GPT-2 small, the 124M model Hugging Face calls {@code gpt2}. */
    public static Gpt2Config gpt2Small() {
        return new Gpt2Config(12, 12, 768, 1024, 50257, 1e-5f, 0.1f);
    }

    /**
     * The parameters outside the token and position embeddings, N in Kaplan et al. (2020), who found the loss a
     * power law in this count (and not in the total). Each block has two LayerNorms (2·width each), the fused
     * query/key/value projection (width·3·width + 3·width), the attention output (width² + width) and the MLP
     * (width·4·width + 4·width and 4·width·width + width): {@code 12·width² + 13·width}; the final LayerNorm adds
     * 2·width. The output layer is the token embedding itself, so it adds nothing. GPT-2 small: 85,056,000.
     */
    public long nonEmbeddingParameters() {
        long d = width;
        return layers * (12 * d * d + 13 * d) + 2 * d;
    }

    /**
     * Kaplan et al.'s estimate of the training compute for {@code tokens} tokens, {@code C = 6·N·tokens} FLOPs with
     * N the non-embedding parameters: a forward pass costs about 2N per token (one multiply and one add per weight),
     * the backward pass twice that. It leaves out the embeddings, the output layer and attention's context term
     * (2·layers·context·width per token forward), all small next to N for large models, not for tiny ones.
     */
    public double trainingFlops(long tokens) {
        return 6.0 * nonEmbeddingParameters() * tokens;
    }

    /** A copy with another dropout (e.g. 0 for evaluation-only use). */
    public Gpt2Config withDropout(float p) {
        return new Gpt2Config(layers, heads, width, context, vocab, eps, p);
    }

    /** Reads Hugging Face's {@code config.json} (its {@code model_type} must be {@code gpt2}). */
    public static Gpt2Config fromJson(Path file) throws IOException {
        JsonObject o = JsonFiles.object(file);
        JsonFiles.requireType(file, o, "gpt2");
        String act = JsonFiles.string(file, o, "activation_function", "gelu_new");
        if (!act.equals("gelu_new")) {
            throw new IOException(file + ": activation_function '" + act + "' is not supported (GPT-2's gelu_new is)");
        }
        int layers = JsonFiles.integer(file, o, "n_layer");
        int heads = JsonFiles.integer(file, o, "n_head");
        int width = JsonFiles.integer(file, o, "n_embd");
        int context = JsonFiles.integer(file, o, "n_positions");
        int vocab = JsonFiles.integer(file, o, "vocab_size");
        float eps = JsonFiles.decimal(file, o, "layer_norm_epsilon", 1e-5f);
        float dropout = JsonFiles.decimal(file, o, "resid_pdrop", 0.1f);
        try {
            return new Gpt2Config(layers, heads, width, context, vocab, eps, dropout);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    /** As Hugging Face writes it (one dropout rate for embeddings, attention and residuals). */
    public String toJson() {
        return String.format(java.util.Locale.ROOT, "{\n  \"model_type\": \"gpt2\",\n  \"architectures\": [\"GPT2LMHeadModel\"],\n"
                        + "  \"n_layer\": %d,\n  \"n_head\": %d,\n  \"n_embd\": %d,\n  \"n_positions\": %d,\n"
                        + "  \"n_ctx\": %d,\n  \"vocab_size\": %d,\n  \"layer_norm_epsilon\": %s,\n"
                        + "  \"embd_pdrop\": %s,\n  \"attn_pdrop\": %s,\n  \"resid_pdrop\": %s,\n"
                        + "  \"activation_function\": \"gelu_new\",\n  \"tie_word_embeddings\": true\n}\n",
                layers, heads, width, context, context, vocab, eps, dropout, dropout, dropout);
    }
}
