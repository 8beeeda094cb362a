package org.tlnlp.models.bert;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tlnlp.engine.Engines;
import org.tlnlp.io.CheckpointException;
import org.tlnlp.io.Checkpoints;
import org.tlnlp.io.LoadPolicy;
import org.tlnlp.io.TensorSource;
import org.tlnlp.nn.Activations.Gelu;
import org.tlnlp.nn.ParameterMap;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The names of the original TensorFlow BERT mapped onto Hugging Face's, one kind at a time, and a tiny checkpoint
 * in google-research/bert's layout (with the next-sentence head, no scope) loaded strictly into the course's
 * {@link BertPretraining}, its values checked where they land. BERT-base itself is checked against TensorFlow in
 * {@link BertBaseTensorFlowTest}.
 */
class TfCheckpointNamesTest {

    static NDManager manager;

    @BeforeAll
    static void start() {
        manager = Engines.newManager();
    }

    @AfterAll
    static void stop() {
        manager.close();
    }

    @ParameterizedTest
    @CsvSource({
            "bert/embeddings/word_embeddings, bert.embeddings.word_embeddings.weight, false",
            "bert/embeddings/position_embeddings, bert.embeddings.position_embeddings.weight, false",
            "bert/embeddings/token_type_embeddings, bert.embeddings.token_type_embeddings.weight, false",
            "bert/embeddings/LayerNorm/gamma, bert.embeddings.LayerNorm.weight, false",
            "bert/embeddings/LayerNorm/beta, bert.embeddings.LayerNorm.bias, false",
            "bert/encoder/layer_0/attention/self/query/kernel, bert.encoder.layer.0.attention.self.query.weight, true",
            "bert/encoder/layer_11/attention/self/value/bias, bert.encoder.layer.11.attention.self.value.bias, false",
            "bert/encoder/layer_3/attention/output/dense/kernel, bert.encoder.layer.3.attention.output.dense.weight, true",
            "bert/encoder/layer_3/attention/output/LayerNorm/gamma, bert.encoder.layer.3.attention.output.LayerNorm.weight, false",
            "bert/encoder/layer_7/intermediate/dense/kernel, bert.encoder.layer.7.intermediate.dense.weight, true",
            "bert/encoder/layer_7/output/dense/bias, bert.encoder.layer.7.output.dense.bias, false",
            "bert/encoder/layer_7/output/LayerNorm/beta, bert.encoder.layer.7.output.LayerNorm.bias, false",
            "bert/pooler/dense/kernel, bert.pooler.dense.weight, true",
            "cls/predictions/transform/dense/kernel, cls.predictions.transform.dense.weight, true",
            "cls/predictions/transform/LayerNorm/gamma, cls.predictions.transform.LayerNorm.weight, false",
            "cls/predictions/output_bias, cls.predictions.bias, false",
            "cls/seq_relationship/output_weights, cls.seq_relationship.weight, false",
            "cls/seq_relationship/output_bias, cls.seq_relationship.bias, false",
    })
    void eachKindOfName(String tf, String huggingFace, boolean transposed) {
        TfCheckpointNames.Mapped m = TfCheckpointNames.huggingFace(tf);
        assertEquals(huggingFace, m.name());
        assertEquals(transposed ? ParameterMap.TRANSPOSED : ParameterMap.SAME, m.layout());
    }

    @Test
    void namesBertDoesNotHaveAreNotGuessed() {
        assertNull(TfCheckpointNames.huggingFace("bert/encoder/layer_0/attention/self/query/kernel/adam_m"));
        assertNull(TfCheckpointNames.huggingFace("global_step"));
    }

    /** A 1-layer BERT (hidden 4, 2 heads, feed-forward 8, vocabulary 10, 6 positions). */
    static final BertConfig TINY = new BertConfig(10, 4, 1, 2, 8, 6, 2, 1e-12f, 0f, Gelu.TANH);

    /** The variables google-research/bert saves for {@link #TINY}, with TensorFlow's shapes (kernels (in, out)). */
    static Map<String, Shape> tinyCheckpoint() {
        int v = 10;
        int h = 4;
        int i = 8;
        Map<String, Shape> s = new LinkedHashMap<>();
        s.put("bert/embeddings/word_embeddings", new Shape(v, h));
        s.put("bert/embeddings/position_embeddings", new Shape(6, h));
        s.put("bert/embeddings/token_type_embeddings", new Shape(2, h));
        s.put("bert/embeddings/LayerNorm/gamma", new Shape(h));
        s.put("bert/embeddings/LayerNorm/beta", new Shape(h));
        String l = "bert/encoder/layer_0/";
        for (String dense : List.of("attention/self/query", "attention/self/key", "attention/self/value",
                "attention/output/dense")) {
            s.put(l + dense + "/kernel", new Shape(h, h));
            s.put(l + dense + "/bias", new Shape(h));
        }
        s.put(l + "attention/output/LayerNorm/gamma", new Shape(h));
        s.put(l + "attention/output/LayerNorm/beta", new Shape(h));
        s.put(l + "intermediate/dense/kernel", new Shape(h, i));
        s.put(l + "intermediate/dense/bias", new Shape(i));
        s.put(l + "output/dense/kernel", new Shape(i, h));
        s.put(l + "output/dense/bias", new Shape(h));
        s.put(l + "output/LayerNorm/gamma", new Shape(h));
        s.put(l + "output/LayerNorm/beta", new Shape(h));
        s.put("bert/pooler/dense/kernel", new Shape(h, h));
        s.put("bert/pooler/dense/bias", new Shape(h));
        s.put("cls/predictions/transform/dense/kernel", new Shape(h, h));
        s.put("cls/predictions/transform/dense/bias", new Shape(h));
        s.put("cls/predictions/transform/LayerNorm/gamma", new Shape(h));
        s.put("cls/predictions/transform/LayerNorm/beta", new Shape(h));
        s.put("cls/predictions/output_bias", new Shape(v));
        s.put("cls/seq_relationship/output_weights", new Shape(2, h)); // already (out, in)
        s.put("cls/seq_relationship/output_bias", new Shape(2));
        return s;
    }

    /** A checkpoint whose tensor number n holds n·1000 + 0, 1, 2, ... in row-major order. */
    static TensorSource fake(Map<String, Shape> shapes) {
        List<String> order = new ArrayList<>(shapes.keySet());
        return TensorSource.of("tiny.ckpt", shapes, (name, m) -> {
            Shape s = shapes.get(name);
            return m.arange(0f, s.size()).add(1000f * order.indexOf(name)).reshape(s);
        }, () -> { });
    }

    @Test
    void aTinyTensorFlowCheckpointLoadsStrictlyAndEveryValueLandsWhereItShould() throws Exception {
        try (NDManager m = manager.newSubManager()) {
            BertPretraining model = new BertPretraining(new Bert(TINY), true);
            model.initialize(m);
            Map<String, Shape> shapes = tinyCheckpoint();
            try (TensorSource view = TfCheckpointNames.view(fake(shapes), "")) {
                Checkpoints.load(model.namedParameters(), view, LoadPolicy.strict());
            }
            ParameterMap p = model.namedParameters();
            List<String> order = new ArrayList<>(shapes.keySet());
            try (NDManager scratch = m.newSubManager()) {
                for (Map.Entry<String, Shape> e : shapes.entrySet()) {
                    TfCheckpointNames.Mapped mapped = TfCheckpointNames.huggingFace(e.getKey());
                    NDArray stored = scratch.arange(0f, e.getValue().size()).add(1000f * order.indexOf(e.getKey()))
                            .reshape(e.getValue());
                    NDArray expected = mapped.layout() == ParameterMap.TRANSPOSED ? stored.transpose() : stored;
                    NDArray actual = p.get(mapped.name()).parameter().getArray();
                    assertEquals(expected.getShape(), actual.getShape(), mapped.name());
                    assertArrayEquals(expected.toFloatArray(), actual.toFloatArray(), mapped.name());
                }
            }
            // A kernel by hand: TensorFlow's query kernel [in=1][out=2] is Hugging Face's weight [out=2][in=1].
            int n = order.indexOf("bert/encoder/layer_0/attention/self/query/kernel");
            assertEquals(1000f * n + 1 * 4 + 2,
                    p.get("bert.encoder.layer.0.attention.self.query.weight").parameter().getArray().getFloat(2, 1));
        }
    }

    @Test
    void anOptimizersSlotsKeepTheirTensorFlowNamesAndTheStrictLoaderNamesThem() throws Exception {
        Map<String, Shape> shapes = tinyCheckpoint();
        shapes.put("bert/encoder/layer_0/attention/self/query/kernel/adam_m", new Shape(4, 4));
        shapes.put("global_step", new Shape());
        try (NDManager m = manager.newSubManager()) {
            BertPretraining model = new BertPretraining(new Bert(TINY), true);
            model.initialize(m);
            CheckpointException e = assertThrows(CheckpointException.class, () ->
                    Checkpoints.load(model.namedParameters(), TfCheckpointNames.view(fake(shapes), ""), LoadPolicy.strict()));
            assertContains(e, "tiny.ckpt", "no place for 2 of the file's tensors",
                    "bert/encoder/layer_0/attention/self/query/kernel/adam_m (4, 4)", "global_step ()");
        }
    }

    @Test
    void aScopeIsTakenOffAndNamesOutsideItAreKept() throws Exception {
        Map<String, Shape> shapes = new LinkedHashMap<>();
        shapes.put("module/bert/pooler/dense/kernel", new Shape(4, 3));
        shapes.put("other/bert/pooler/dense/bias", new Shape(3));
        try (TensorSource view = TfCheckpointNames.view(fake(shapes), "module/")) {
            Map<String, Shape> expected = new LinkedHashMap<>();
            expected.put("bert.pooler.dense.weight", new Shape(3, 4));
            expected.put("other/bert/pooler/dense/bias", new Shape(3));
            assertEquals(expected, view.shapes());
            assertTrue(view.describe().startsWith("tiny.ckpt"));
        }
    }

    static void assertContains(Exception e, String... parts) {
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), () -> "expected '" + part + "' in: " + e.getMessage());
        }
    }
}
