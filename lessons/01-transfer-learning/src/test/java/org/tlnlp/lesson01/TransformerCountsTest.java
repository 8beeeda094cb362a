package org.tlnlp.lesson01;

import ai.djl.ndarray.NDManager;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;
import org.tlnlp.engine.Engines;
import org.tlnlp.grading.Graded;
import org.tlnlp.lesson01.exercises.TransformerCounts;
import org.tlnlp.models.gpt2.Gpt2;
import org.tlnlp.models.gpt2.Gpt2Config;
import org.tlnlp.nn.ParameterMap;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Graded tests of exercises 1.12 and 1.13: against the tensors of PyTorch's GPT-2 ({@code testdata/scaling/
 * gpt2_counts.json}, by {@code tools/reference/scaling_scipy.py}) and of the course's own model.
 */
class TransformerCountsTest {

    static Gpt2Config config(JsonObject c) {
        return new Gpt2Config(c.get("layers").getAsInt(), c.get("heads").getAsInt(), c.get("width").getAsInt(),
                c.get("context").getAsInt(), c.get("vocab").getAsInt(), 1e-5f, 0f);
    }

    @Test
    @Graded(exercise = "1.12", kind = Graded.Kind.FUNCTION, title = "non-embedding parameters of a GPT-2",
            hint = "Per block 12·d² weights plus 13·d biases and LayerNorm values (2d + 2d for ln_1/ln_2, 3d + d + 4d + d for the biases); then 2d for ln_f; no wte, no wpe; use long.")
    void nonEmbeddingParameters() {
        assertEquals(85_056_000L, TransformerCounts.nonEmbeddingParameters(Gpt2Config.gpt2Small()),
                "GPT-2 small: 124,439,808 parameters, of which 85,056,000 outside wte and wpe");
        // One block of width 2: ln_1 and ln_2 4 + 4, c_attn 12 + 6, c_proj 4 + 2, c_fc 16 + 8, mlp.c_proj 16 + 2; ln_f 4.
        assertEquals(78L, TransformerCounts.nonEmbeddingParameters(new Gpt2Config(1, 1, 2, 4, 10, 1e-5f, 0f)),
                "one block of width 2");
        for (JsonElement e : ScalingGolden.load("gpt2_counts.json").getAsJsonArray("configs")) {
            JsonObject c = e.getAsJsonObject();
            assertEquals(c.get("non_embedding").getAsLong(), TransformerCounts.nonEmbeddingParameters(config(c)),
                    config(c) + ": PyTorch's model has " + c.get("total").getAsLong() + " parameters, "
                            + c.get("non_embedding").getAsLong() + " outside the embeddings");
        }
        Gpt2Config small = new Gpt2Config(2, 2, 16, 8, 40, 1e-5f, 0f);
        try (NDManager m = Engines.newManager()) {
            long count = 0;
            for (ParameterMap.Entry p : Gpt2.create(small, m).namedParameters()) {
                if (!p.name().startsWith("wte.") && !p.name().startsWith("wpe.")) {
                    count += p.parameter().getArray().size();
                }
            }
            assertEquals(count, TransformerCounts.nonEmbeddingParameters(small), "the course's own " + small);
        }
    }

    @Test
    @Graded(exercise = "1.13", kind = Graded.Kind.RECIPE, title = "training FLOPs, C = 6·N·tokens",
            hint = "6 × the non-embedding parameters × the tokens, computed in double (or long, then converted): int overflows.")
    void trainingFlops() {
        assertEquals(6.0 * 85_056_000L, TransformerCounts.trainingFlops(Gpt2Config.gpt2Small(), 1), 1e-3,
                "GPT-2 small, one token");
        assertEquals(6.0 * 85_056_000L * 300e9, TransformerCounts.trainingFlops(Gpt2Config.gpt2Small(), 300_000_000_000L),
                1e9, "GPT-2 small on 300 billion tokens (about 1.5e20 FLOPs)");
        for (JsonElement e : ScalingGolden.load("gpt2_counts.json").getAsJsonArray("configs")) {
            JsonObject c = e.getAsJsonObject();
            assertEquals(c.get("training_flops").getAsDouble(), TransformerCounts.trainingFlops(config(c),
                    c.get("tokens").getAsLong()), 1, config(c) + " on " + c.get("tokens").getAsLong() + " tokens");
        }
    }
}
