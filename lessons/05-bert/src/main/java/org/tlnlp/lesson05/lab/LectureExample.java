package org.tlnlp.lesson05.lab;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import org.tlnlp.engine.Engines;
import org.tlnlp.models.Pretrained;
import org.tlnlp.models.bert.Bert;
import org.tlnlp.models.bert.BertInput;
import org.tlnlp.models.bert.FillMask;
import org.tlnlp.text.Encoding;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Part 1 of lab 05: the lecture's code on the lecture's model, BERT-base uncased (Google's weights, with the
 * masked-LM head): {@code tokenizer.encode("example_text")}, the last hidden states, the pooler on [CLS], and the
 * fill-mask pipeline.
 */
public final class LectureExample {

    /** The fill-mask sentence. */
    public static final String FILL_MASK = "the jury [MASK] the election was conducted well.";

    /** What part 1 found: a paragraph of text and the fill-mask table. */
    public record Result(String text, Table fillMask) {
    }

    private LectureExample() {
    }

    public static Result run() throws Exception {
        try (NDManager m = Engines.newManager()) {
            Pretrained.BertMaskedLmModel base = Pretrained.bertBaseUncased(m);
            Bert bert = base.encoder().withAttention(Yours.attention());
            Encoding e = base.tokenizer().encode("example_text");
            Bert.Output out = bert.forward(new ParameterStore(m, false), BertInput.of(m, List.of(e), 0), false, false);
            NDArray h = out.lastHidden();
            float[] v = h.get("0, 0, :5").toFloatArray();
            float[] p = out.pooled().get("0, :5").toFloatArray();
            List<FillMask.Prediction> top = FillMask.topK(base.model(), base.tokenizer(), FILL_MASK, 5);
            Table table = Table.create("BERT-base's five most probable words for [MASK] in \"" + FILL_MASK + "\"",
                    StringColumn.create("word", top.stream().map(FillMask.Prediction::token).toList()),
                    DoubleColumn.create("probability", top.stream().mapToDouble(FillMask.Prediction::probability)));
            String text = "`tokenizer.encode(\"example_text\")` with BERT-base's `vocab.txt` gives `"
                    + Arrays.toString(e.ids()) + "` (tokens " + e.tokens() + "); MiniLM uses the same vocabulary and "
                    + "gives the same ids.\n\n"
                    + "The last hidden states have shape " + h.getShape() + " (batch, tokens, width); the first five values "
                    + "at [CLS]: " + five(v) + ". The pooler, a dense layer with tanh on the [CLS] vector that BERT was "
                    + "pre-trained to use for next-sentence prediction, gives a vector of shape " + out.pooled().getShape()
                    + " starting " + five(p) + ".\n\n"
                    + "This export carries BERT-base's masked-LM head (the transform and the output bias; the decoder "
                    + "is the word embeddings, tied) but **no next-sentence head**: `cls/seq_relationship` is not in "
                    + "the SavedModel, so next-sentence prediction cannot be shown on BERT-base here. Part 2 trains both "
                    + "objectives on a small BERT. The masked-LM head fills a [MASK] (the lecture's fill-mask pipeline):";
            return new Result(text, table);
        }
    }

    private static String five(float[] v) {
        return String.format(Locale.ROOT, "%.4f, %.4f, %.4f, %.4f, %.4f", v[0], v[1], v[2], v[3], v[4]);
    }
}
