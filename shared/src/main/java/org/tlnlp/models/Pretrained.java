package org.tlnlp.models;

import ai.djl.ndarray.NDManager;
import com.google.gson.JsonParser;
import org.tlnlp.io.CheckpointException;
import org.tlnlp.text.BertTokenizer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The course's {@code from_pretrained}: a folder laid out as Hugging Face saves a model
 * ({@code config.json}, {@code model.safetensors}, and {@code tokenizer.json} or {@code vocab.txt}) in, a
 * model and its tokenizer out. The {@code model_type} in {@code config.json} chooses the architecture.
 */
public final class Pretrained {

    /** A loaded BERT, its tokenizer, and the weights the checkpoint did not have (e.g. the pooler). */
    public record BertModel(Bert model, BertTokenizer tokenizer, List<String> missing) {
    }

    private Pretrained() {
    }

    /** Loads a BERT folder; other model types get an error that says what the folder holds. */
    public static BertModel fromPretrained(Path dir, NDManager manager) throws IOException {
        Path config = dir.resolve("config.json");
        if (!Files.exists(config)) {
            throw new CheckpointException(dir + ": no config.json (expected a folder saved by Hugging Face)");
        }
        var json = JsonParser.parseString(Files.readString(config)).getAsJsonObject();
        String type = json.has("model_type") ? json.get("model_type").getAsString() : "";
        if (!type.equals("bert")) {
            throw new CheckpointException(config + ": model_type '" + type + "' is not supported here yet (bert is)");
        }
        Path weights = dir.resolve("model.safetensors");
        if (!Files.exists(weights)) {
            throw new CheckpointException(dir + ": no model.safetensors (only the safetensors format is read)");
        }
        Bert bert = Bert.create(BertConfig.fromJson(config), manager);
        List<String> missing = BertWeights.fromSafetensors(bert, weights);
        return new BertModel(bert, BertTokenizer.fromDirectory(dir), missing);
    }
}
