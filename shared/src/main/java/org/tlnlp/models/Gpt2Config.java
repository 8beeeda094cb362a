package org.tlnlp.models;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.io.IOException;
import java.nio.file.Files;
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

    /** A copy with another dropout (e.g. 0 for evaluation-only use). */
    public Gpt2Config withDropout(float p) {
        return new Gpt2Config(layers, heads, width, context, vocab, eps, p);
    }

    /** Reads Hugging Face's {@code config.json} (its {@code model_type} must be {@code gpt2}). */
    public static Gpt2Config fromJson(Path file) throws IOException {
        JsonObject o = JsonParser.parseString(Files.readString(file)).getAsJsonObject();
        String type = o.has("model_type") ? o.get("model_type").getAsString() : "";
        if (!type.equals("gpt2")) {
            throw new IOException(file + ": model_type is '" + type + "', not 'gpt2'");
        }
        String act = o.has("activation_function") ? o.get("activation_function").getAsString() : "gelu_new";
        if (!act.equals("gelu_new")) {
            throw new IOException(file + ": activation_function '" + act + "' is not supported (GPT-2's gelu_new is)");
        }
        try {
            return new Gpt2Config(o.get("n_layer").getAsInt(), o.get("n_head").getAsInt(), o.get("n_embd").getAsInt(),
                    o.get("n_positions").getAsInt(), o.get("vocab_size").getAsInt(),
                    o.has("layer_norm_epsilon") ? o.get("layer_norm_epsilon").getAsFloat() : 1e-5f,
                    o.has("resid_pdrop") ? o.get("resid_pdrop").getAsFloat() : 0.1f);
        } catch (NullPointerException | IllegalStateException e) {
            throw new IOException(file + ": a GPT-2 config needs n_layer, n_head, n_embd, n_positions and vocab_size", e);
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
