package org.tlnlp.models;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The sizes of a BERT model, named as in Hugging Face's {@code config.json}.
 *
 * @param vocabSize        word pieces in the vocabulary
 * @param hidden           width of every layer (H)
 * @param layers           encoder layers (L)
 * @param heads            attention heads per layer (A); H must be divisible by A
 * @param intermediate     width of the feed-forward layer (4H in the paper)
 * @param maxPositions     longest input the position embeddings cover
 * @param typeVocab        segment (token type) embeddings: 2 for sentence pairs
 * @param eps              LayerNorm's epsilon
 * @param dropout          dropout on embeddings, attention weights and layer outputs when training
 */
public record BertConfig(int vocabSize, int hidden, int layers, int heads, int intermediate, int maxPositions,
                         int typeVocab, float eps, float dropout) {

    public BertConfig {
        if (hidden % heads != 0) {
            throw new IllegalArgumentException("hidden " + hidden + " is not divisible by " + heads + " heads");
        }
    }

    /** all-MiniLM-L6-v2: 6 layers, hidden 384, 12 heads, feed-forward 1536. */
    public static BertConfig miniLM() {
        return new BertConfig(30522, 384, 6, 12, 1536, 512, 2, 1e-12f, 0.1f);
    }

    /** Reads Hugging Face's {@code config.json} (its {@code model_type} must be {@code bert}). */
    public static BertConfig fromJson(Path file) throws IOException {
        JsonObject o = JsonParser.parseString(Files.readString(file)).getAsJsonObject();
        String type = o.has("model_type") ? o.get("model_type").getAsString() : "";
        if (!type.equals("bert")) {
            throw new IOException(file + ": model_type is '" + type + "', not 'bert'");
        }
        String act = o.has("hidden_act") ? o.get("hidden_act").getAsString() : "gelu";
        if (!act.equals("gelu")) {
            throw new IOException(file + ": hidden_act '" + act + "' is not supported (only gelu)");
        }
        try {
            return new BertConfig(o.get("vocab_size").getAsInt(), o.get("hidden_size").getAsInt(),
                    o.get("num_hidden_layers").getAsInt(), o.get("num_attention_heads").getAsInt(),
                    o.get("intermediate_size").getAsInt(), o.get("max_position_embeddings").getAsInt(),
                    o.has("type_vocab_size") ? o.get("type_vocab_size").getAsInt() : 2,
                    o.has("layer_norm_eps") ? o.get("layer_norm_eps").getAsFloat() : 1e-12f,
                    o.has("hidden_dropout_prob") ? o.get("hidden_dropout_prob").getAsFloat() : 0.1f);
        } catch (NullPointerException | IllegalStateException e) {
            throw new IOException(file + ": a BERT config needs vocab_size, hidden_size, num_hidden_layers, "
                    + "num_attention_heads, intermediate_size and max_position_embeddings", e);
        }
    }

    /** As Hugging Face writes it. */
    public String toJson() {
        return String.format(java.util.Locale.ROOT, "{\n  \"model_type\": \"bert\",\n  \"vocab_size\": %d,\n"
                        + "  \"hidden_size\": %d,\n  \"num_hidden_layers\": %d,\n  \"num_attention_heads\": %d,\n"
                        + "  \"intermediate_size\": %d,\n  \"max_position_embeddings\": %d,\n  \"type_vocab_size\": %d,\n"
                        + "  \"layer_norm_eps\": %s,\n  \"hidden_dropout_prob\": %s,\n  \"hidden_act\": \"gelu\"\n}\n",
                vocabSize, hidden, layers, heads, intermediate, maxPositions, typeVocab, eps, dropout);
    }
}
