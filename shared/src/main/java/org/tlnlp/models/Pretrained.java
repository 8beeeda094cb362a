package org.tlnlp.models;

import ai.djl.ndarray.NDManager;
import com.google.gson.JsonParser;
import org.tlnlp.io.CheckpointException;
import org.tlnlp.text.BertTokenizer;
import org.tlnlp.text.ByteLevelBpe;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The course's {@code from_pretrained}: a folder laid out as Hugging Face saves a model ({@code config.json},
 * {@code model.safetensors} and the tokenizer's files) in, a model and its tokenizer out. The
 * {@code model_type} in {@code config.json} chooses the architecture: {@code bert} or {@code gpt2}.
 */
public final class Pretrained {

    /** What {@link #fromPretrained} returns: one of the records below. */
    public sealed interface Loaded permits BertModel, Gpt2Model {
    }

    /** A loaded BERT, its tokenizer, and the weights the checkpoint did not have (e.g. the pooler). */
    public record BertModel(Bert model, BertTokenizer tokenizer, List<String> missing) implements Loaded {
    }

    /** A loaded GPT-2 and its byte-level BPE ({@code vocab.json} + {@code merges.txt}, else GPT-2's r50k). */
    public record Gpt2Model(Gpt2 model, ByteLevelBpe tokenizer) implements Loaded {
    }

    private Pretrained() {
    }

    /** Loads a BERT or GPT-2 folder, as its {@code config.json} says. */
    public static Loaded fromPretrained(Path dir, NDManager manager) throws IOException {
        Path config = dir.resolve("config.json");
        if (!Files.exists(config)) {
            throw new CheckpointException(dir + ": no config.json (expected a folder saved by Hugging Face)");
        }
        var json = JsonParser.parseString(Files.readString(config)).getAsJsonObject();
        String type = json.has("model_type") ? json.get("model_type").getAsString() : "";
        Path weights = dir.resolve("model.safetensors");
        if (!type.equals("bert") && !type.equals("gpt2")) {
            throw new CheckpointException(config + ": model_type '" + type + "' is not supported (bert and gpt2 are)");
        }
        if (!Files.exists(weights)) {
            throw new CheckpointException(dir + ": no model.safetensors (only the safetensors format is read)");
        }
        if (type.equals("bert")) {
            Bert bert = Bert.create(BertConfig.fromJson(config), manager);
            List<String> missing = BertWeights.fromSafetensors(bert, weights);
            return new BertModel(bert, BertTokenizer.fromDirectory(dir), missing);
        }
        Gpt2Config c = Gpt2Config.fromJson(config);
        ByteLevelBpe tokenizer = Files.exists(dir.resolve("vocab.json")) && Files.exists(dir.resolve("merges.txt"))
                ? ByteLevelBpe.fromFiles(dir.resolve("vocab.json"), dir.resolve("merges.txt")) : ByteLevelBpe.r50k();
        if (tokenizer.size() > c.vocab()) {
            throw new CheckpointException(dir + ": the tokenizer has " + tokenizer.size() + " ids but config.json's"
                    + " vocab_size is " + c.vocab());
        }
        Gpt2 gpt2 = Gpt2.create(c, manager);
        Gpt2Weights.fromSafetensors(gpt2, weights);
        return new Gpt2Model(gpt2, tokenizer);
    }

    /** {@link #fromPretrained} for a folder that must hold a BERT. */
    public static BertModel bert(Path dir, NDManager manager) throws IOException {
        Loaded l = fromPretrained(dir, manager);
        if (l instanceof BertModel b) {
            return b;
        }
        throw new CheckpointException(dir + " holds a GPT-2, not a BERT");
    }

    /** {@link #fromPretrained} for a folder that must hold a GPT-2. */
    public static Gpt2Model gpt2(Path dir, NDManager manager) throws IOException {
        Loaded l = fromPretrained(dir, manager);
        if (l instanceof Gpt2Model g) {
            return g;
        }
        throw new CheckpointException(dir + " holds a BERT, not a GPT-2");
    }
}
