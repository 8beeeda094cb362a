package org.tlnlp.models;

import ai.djl.ndarray.NDManager;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import org.tlnlp.io.AtomicFiles;
import org.tlnlp.io.CheckpointException;
import org.tlnlp.io.Checkpoints;
import org.tlnlp.io.JsonFiles;
import org.tlnlp.io.LoadPolicy;
import org.tlnlp.io.LoadReport;
import org.tlnlp.io.SafeTensors;
import org.tlnlp.io.TensorSource;
import org.tlnlp.models.bert.Bert;
import org.tlnlp.models.bert.BertBaseUncased;
import org.tlnlp.models.bert.BertClassifier;
import org.tlnlp.models.bert.BertConfig;
import org.tlnlp.models.bert.BertPretraining;
import org.tlnlp.models.bert.MiniLM;
import org.tlnlp.models.gpt2.Gpt2;
import org.tlnlp.models.gpt2.Gpt2Config;
import org.tlnlp.text.BertTokenizer;
import org.tlnlp.text.ByteLevelBpe;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The course's {@code from_pretrained} and {@code save_pretrained}: a folder laid out as Hugging Face saves a
 * model ({@code config.json}, {@code model.safetensors} and the tokenizer's files) in, a model and its tokenizer
 * out, and back. {@code config.json} chooses the architecture: its {@code model_type} ({@code bert},
 * {@code gpt2}) and, for BERT, its {@code architectures} ({@code BertForSequenceClassification} loads the
 * classifier with its head). Loading is strict: every tensor must fit the model, with the exceptions named
 * below. Also here: the pre-trained models that ship through Maven.
 */
public final class Pretrained {

    /** What {@link #fromPretrained} returns: one of the records below. */
    public sealed interface Loaded permits BertModel, BertClassifierModel, Gpt2Model {
    }

    /** A BERT encoder, its tokenizer, and the load's report (a checkpoint may lack the pooler). */
    public record BertModel(Bert model, BertTokenizer tokenizer, LoadReport report) implements Loaded {
    }

    /** A BERT sequence classifier with its head, its tokenizer and its labels' names. */
    public record BertClassifierModel(BertClassifier model, BertTokenizer tokenizer, List<String> labels)
            implements Loaded {
    }

    /** A loaded GPT-2 and its byte-level BPE ({@code vocab.json} + {@code merges.txt}, else GPT-2's r50k). */
    public record Gpt2Model(Gpt2 model, ByteLevelBpe tokenizer) implements Loaded {
    }

    /**
     * A BERT with its masked-LM head (and no next-sentence head), and its tokenizer: what the lecture's
     * {@code pipeline("fill-mask")} runs ({@link org.tlnlp.models.bert.FillMask}).
     */
    public record BertMaskedLmModel(BertPretraining model, BertTokenizer tokenizer) {
        /** The encoder under the head. */
        public Bert encoder() {
            return model.bert();
        }
    }

    private static final String BERT_CLASSIFIER = "BertForSequenceClassification";

    private Pretrained() {
    }

    /** all-MiniLM-L6-v2, from the Maven artifact that ships it (see {@link MiniLM}). */
    public static Bert miniLM(NDManager manager) throws IOException {
        return MiniLM.load(manager);
    }

    /**
     * BERT-base uncased with its masked-LM head, and its WordPiece tokenizer, from the Maven artifact
     * {@value BertBaseUncased#ARTIFACT} (see {@link BertBaseUncased}); an error names the artifact when it is not
     * on the class path.
     */
    public static BertMaskedLmModel bertBaseUncased(NDManager manager) throws IOException {
        BertTokenizer tokenizer = BertBaseUncased.tokenizer(); // first: cheap, and says early if the jar is missing
        return new BertMaskedLmModel(BertBaseUncased.load(manager), tokenizer);
    }

    /**
     * BERT-base uncased's encoder alone, and its tokenizer; the report lists the masked-LM head's tensors as
     * ignored.
     */
    public static BertModel bertBaseUncasedEncoder(NDManager manager) throws IOException {
        BertTokenizer tokenizer = BertBaseUncased.tokenizer();
        BertBaseUncased.LoadedEncoder loaded = BertBaseUncased.loadEncoder(manager);
        return new BertModel(loaded.bert(), tokenizer, loaded.report());
    }

    /** Loads a BERT or GPT-2 folder, as its {@code config.json} says. */
    public static Loaded fromPretrained(Path dir, NDManager manager) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new CheckpointException(dir + (Files.exists(dir) ? " is a file; a model folder" : " does not exist; a model"
                    + " folder") + " (config.json, model.safetensors and the tokenizer's files) was expected");
        }
        Path config = dir.resolve("config.json");
        if (!Files.exists(config)) {
            throw new CheckpointException(dir + ": no config.json (expected a folder saved by Hugging Face)");
        }
        JsonObject json = JsonFiles.object(config);
        String type = JsonFiles.string(config, json, "model_type", "");
        if (!type.equals("bert") && !type.equals("gpt2")) {
            throw new CheckpointException(config + ": model_type '" + type + "' is not supported (bert and gpt2 are)");
        }
        Path weights = dir.resolve("model.safetensors");
        if (!Files.exists(weights)) {
            throw new CheckpointException(dir + ": no model.safetensors (only the safetensors format is read)");
        }
        if (type.equals("gpt2")) {
            return loadGpt2(dir, config, weights, manager);
        }
        return architectures(json).contains(BERT_CLASSIFIER) ? loadBertClassifier(dir, config, json, weights, manager)
                : loadBert(dir, config, weights, manager);
    }

    /**
     * The encoder of any BERT folder: task heads ({@code cls.*}, {@code classifier.*}) are not its own and are
     * left aside, and some checkpoints (BertForMaskedLM) have no pooler, which is then reported as missing.
     */
    private static BertModel loadBert(Path dir, Path config, Path weights, NDManager manager) throws IOException {
        Bert bert = Bert.create(BertConfig.fromJson(config), manager);
        try (TensorSource file = SafeTensors.source(weights)) {
            boolean prefixed = file.shapes().containsKey("bert.embeddings.word_embeddings.weight");
            LoadPolicy policy = LoadPolicy.strict().under(prefixed ? "bert." : "").ignoring("cls.*", "classifier.*")
                    .optional("pooler.*");
            LoadReport report = Checkpoints.load(bert.namedParameters(), file, policy);
            return new BertModel(bert, BertTokenizer.fromDirectory(dir), report);
        }
    }

    private static BertClassifierModel loadBertClassifier(Path dir, Path config, JsonObject json, Path weights,
                                                          NDManager manager) throws IOException {
        List<String> labels = labels(config, json);
        BertClassifier clf = new BertClassifier(Bert.create(BertConfig.fromJson(config), manager), labels.size(),
                pooling(config, json));
        clf.initialize(manager);
        try (TensorSource file = SafeTensors.source(weights)) {
            Checkpoints.load(clf.namedParameters(), file, LoadPolicy.strict());
        }
        return new BertClassifierModel(clf, BertTokenizer.fromDirectory(dir), labels);
    }

    private static Gpt2Model loadGpt2(Path dir, Path config, Path weights, NDManager manager) throws IOException {
        Gpt2Config c = Gpt2Config.fromJson(config);
        ByteLevelBpe tokenizer = Files.exists(dir.resolve("vocab.json")) && Files.exists(dir.resolve("merges.txt"))
                ? ByteLevelBpe.fromFiles(dir.resolve("vocab.json"), dir.resolve("merges.txt")) : ByteLevelBpe.r50k();
        if (tokenizer.size() > c.vocab()) {
            throw new CheckpointException(dir + ": the tokenizer has " + tokenizer.size() + " ids but config.json's"
                    + " vocab_size is " + c.vocab());
        }
        Gpt2 gpt2 = Gpt2.create(c, manager);
        gpt2.loadWeights(weights);
        return new Gpt2Model(gpt2, tokenizer);
    }

    /** The BERT encoder of a folder, whatever task head the folder's model has beside it. */
    public static BertModel bert(Path dir, NDManager manager) throws IOException {
        Loaded loaded = fromPretrained(dir, manager);
        if (loaded instanceof BertClassifierModel) {
            return loadBert(dir, dir.resolve("config.json"), dir.resolve("model.safetensors"), manager);
        }
        return as(BertModel.class, loaded, dir);
    }

    /** {@link #fromPretrained} for a folder that must hold a BERT sequence classifier. */
    public static BertClassifierModel bertClassifier(Path dir, NDManager manager) throws IOException {
        return as(BertClassifierModel.class, fromPretrained(dir, manager), dir);
    }

    /** {@link #fromPretrained} for a folder that must hold a GPT-2. */
    public static Gpt2Model gpt2(Path dir, NDManager manager) throws IOException {
        return as(Gpt2Model.class, fromPretrained(dir, manager), dir);
    }

    private static <T extends Loaded> T as(Class<T> kind, Loaded loaded, Path dir) throws CheckpointException {
        if (kind.isInstance(loaded)) {
            return kind.cast(loaded);
        }
        throw new CheckpointException(dir + " holds a " + loaded.getClass().getSimpleName() + ", not a "
                + kind.getSimpleName());
    }

    // ------------------------------------------------------------------ saving

    /** Saves a BERT encoder as Hugging Face would: config.json, model.safetensors, vocab.txt. */
    public static void save(Bert bert, BertTokenizer tokenizer, Path dir) throws IOException {
        Files.createDirectories(dir);
        AtomicFiles.writeString(dir.resolve("config.json"), bert.config().toJson());
        Checkpoints.save(bert.namedParameters(), dir.resolve("model.safetensors"), Map.of("format", "pt"));
        saveVocabulary(tokenizer, dir);
    }

    /**
     * Saves a fine-tuned classifier as {@code BertForSequenceClassification} ({@code bert.*} and
     * {@code classifier.*}, its labels as {@code id2label}), which {@link #fromPretrained} loads back exactly.
     */
    public static void save(BertClassifier clf, BertTokenizer tokenizer, List<String> labels, Path dir) throws IOException {
        if (labels.size() != clf.classes()) {
            throw new IllegalArgumentException(labels.size() + " label names for " + clf.classes() + " classes");
        }
        Files.createDirectories(dir);
        StringBuilder extra = new StringBuilder("  \"num_labels\": " + labels.size() + ",\n  \"id2label\": {");
        for (int i = 0; i < labels.size(); i++) {
            extra.append(i == 0 ? "" : ", ").append('"').append(i).append("\": \"")
                    .append(labels.get(i).replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
        }
        extra.append("},\n  \"course_pooling\": \"").append(clf.pooling().name().toLowerCase(Locale.ROOT)).append('"');
        AtomicFiles.writeString(dir.resolve("config.json"), clf.bert().config().toJson(BERT_CLASSIFIER, extra.toString()));
        Checkpoints.save(clf.namedParameters(), dir.resolve("model.safetensors"), Map.of("format", "pt"));
        saveVocabulary(tokenizer, dir);
    }

    /**
     * Saves a GPT-2 and its tokenizer as a folder {@link #fromPretrained} reads: {@code config.json},
     * {@code model.safetensors}, {@code vocab.json}, {@code merges.txt}.
     */
    public static void save(Gpt2 model, ByteLevelBpe tokenizer, Path dir) throws IOException {
        if (tokenizer.size() > model.config().vocab()) {
            throw new IllegalArgumentException("the tokenizer has " + tokenizer.size() + " ids but the model's vocabulary only "
                    + model.config().vocab());
        }
        Files.createDirectories(dir);
        AtomicFiles.writeString(dir.resolve("config.json"), model.config().toJson());
        Checkpoints.save(model.namedParameters(), dir.resolve("model.safetensors"), Map.of("format", "pt"));
        tokenizer.save(dir);
    }

    private static void saveVocabulary(BertTokenizer tokenizer, Path dir) throws IOException {
        AtomicFiles.writeString(dir.resolve("vocab.txt"), String.join("\n", tokenizer.vocabulary().tokens()) + "\n");
        AtomicFiles.writeString(dir.resolve("tokenizer_config.json"), "{\"do_lower_case\": true, \"tokenizer_class\": "
                + "\"BertTokenizer\"}\n");
    }

    private static List<String> architectures(JsonObject json) {
        List<String> out = new ArrayList<>();
        if (json.has("architectures") && json.get("architectures").isJsonArray()) {
            JsonArray a = json.getAsJsonArray("architectures");
            a.forEach(e -> out.add(e.getAsString()));
        }
        return out;
    }

    private static List<String> labels(Path config, JsonObject json) throws IOException {
        if (json.has("id2label") && json.get("id2label").isJsonObject()) {
            JsonObject m = json.getAsJsonObject("id2label");
            List<String> out = new ArrayList<>();
            for (int i = 0; i < m.size(); i++) {
                if (!m.has(Integer.toString(i))) {
                    throw new IOException(config + ": id2label has no entry for class " + i);
                }
                out.add(m.get(Integer.toString(i)).getAsString());
            }
            return out;
        }
        int n = JsonFiles.integer(config, json, "num_labels", 2);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add("LABEL_" + i);
        }
        return out;
    }

    private static BertClassifier.Pooling pooling(Path config, JsonObject json) throws IOException {
        String p = JsonFiles.string(config, json, "course_pooling", "pooler");
        try {
            return BertClassifier.Pooling.valueOf(p.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IOException(config + ": course_pooling '" + p + "' is not pooler or mean");
        }
    }
}
