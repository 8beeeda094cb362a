package org.tlnlp.models.bert;

import com.google.gson.JsonObject;
import org.tlnlp.io.JsonFiles;
import org.tlnlp.nn.Activations.Gelu;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

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
 * @param activation       the feed-forward GELU: {@code gelu} (erf) in Hugging Face's configs, {@code gelu_new}
 *                         (tanh) in the original TensorFlow graph
 */
public record BertConfig(int vocabSize, int hidden, int layers, int heads, int intermediate, int maxPositions,
                         int typeVocab, float eps, float dropout, Gelu activation) {

    public BertConfig {
        if (hidden % heads != 0) {
            throw new IllegalArgumentException("hidden " + hidden + " is not divisible by " + heads + " heads");
        }
        if (vocabSize < 1 || layers < 1 || intermediate < 1 || maxPositions < 1 || typeVocab < 1) {
            throw new IllegalArgumentException("vocabSize, layers, intermediate, maxPositions and typeVocab must be "
                    + "positive: " + vocabSize + ", " + layers + ", " + intermediate + ", " + maxPositions + ", " + typeVocab);
        }
    }

    /** A config with the erf GELU of Hugging Face's BERT configs. */
    public BertConfig(int vocabSize, int hidden, int layers, int heads, int intermediate, int maxPositions,
                      int typeVocab, float eps, float dropout) {
        this(vocabSize, hidden, layers, heads, intermediate, maxPositions, typeVocab, eps, dropout, Gelu.ERF);
    }

    /** all-MiniLM-L6-v2: 6 layers, hidden 384, 12 heads, feed-forward 1536. */
    public static BertConfig miniLM() {
        return new BertConfig(30522, 384, 6, 12, 1536, 512, 2, 1e-12f, 0.1f);
    }

    /** A copy with another dropout (e.g. 0 for evaluation-only use). */
    public BertConfig withDropout(float p) {
        return new BertConfig(vocabSize, hidden, layers, heads, intermediate, maxPositions, typeVocab, eps, p, activation);
    }

    /** Reads Hugging Face's {@code config.json} (its {@code model_type} must be {@code bert}). */
    public static BertConfig fromJson(Path file) throws IOException {
        JsonObject o = JsonFiles.object(file);
        JsonFiles.requireType(file, o, "bert");
        Gelu act;
        try {
            act = Gelu.fromConfig(JsonFiles.string(file, o, "hidden_act", "gelu"));
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": hidden_act: " + e.getMessage());
        }
        int vocab = JsonFiles.integer(file, o, "vocab_size");
        int hidden = JsonFiles.integer(file, o, "hidden_size");
        int layers = JsonFiles.integer(file, o, "num_hidden_layers");
        int heads = JsonFiles.integer(file, o, "num_attention_heads");
        int intermediate = JsonFiles.integer(file, o, "intermediate_size");
        int positions = JsonFiles.integer(file, o, "max_position_embeddings");
        int types = JsonFiles.integer(file, o, "type_vocab_size", 2);
        float eps = JsonFiles.decimal(file, o, "layer_norm_eps", 1e-12f);
        float dropout = JsonFiles.decimal(file, o, "hidden_dropout_prob", 0.1f);
        try {
            return new BertConfig(vocab, hidden, layers, heads, intermediate, positions, types, eps, dropout, act);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    /** As Hugging Face writes it ({@code architectures} names the model class that holds these weights). */
    public String toJson(String architecture, String extra) {
        return String.format(Locale.ROOT, "{\n  \"model_type\": \"bert\",\n  \"architectures\": [\"%s\"],\n"
                        + "  \"vocab_size\": %d,\n  \"hidden_size\": %d,\n  \"num_hidden_layers\": %d,\n"
                        + "  \"num_attention_heads\": %d,\n  \"intermediate_size\": %d,\n  \"max_position_embeddings\": %d,\n"
                        + "  \"type_vocab_size\": %d,\n  \"layer_norm_eps\": %s,\n  \"hidden_dropout_prob\": %s,\n"
                        + "  \"attention_probs_dropout_prob\": %s,\n  \"hidden_act\": \"%s\"%s\n}\n",
                architecture, vocabSize, hidden, layers, heads, intermediate, maxPositions, typeVocab, eps, dropout,
                dropout, activation.configName(), extra == null || extra.isEmpty() ? "" : ",\n" + extra);
    }

    /** As Hugging Face writes a bare encoder's config. */
    public String toJson() {
        return toJson("BertModel", "");
    }
}
