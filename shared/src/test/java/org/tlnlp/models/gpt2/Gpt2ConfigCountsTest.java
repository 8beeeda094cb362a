package org.tlnlp.models.gpt2;

import ai.djl.ndarray.NDManager;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import org.tlnlp.io.JsonFiles;
import org.junit.jupiter.api.Test;
import org.tlnlp.engine.Engines;
import org.tlnlp.lab.LabReport;
import org.tlnlp.nn.ParameterMap;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@link Gpt2Config#nonEmbeddingParameters()} and {@link Gpt2Config#trainingFlops} against the tensors of PyTorch's
 * GPT-2 ({@code testdata/scaling/gpt2_counts.json}, by {@code tools/reference/scaling_scipy.py}) and of our own model.
 */
class Gpt2ConfigCountsTest {

    @Test
    void countsMatchPyTorchsModel() throws IOException {
        JsonObject golden = JsonFiles.object(LabReport.repositoryRoot().resolve("testdata/scaling/gpt2_counts.json"));
        for (JsonElement e : golden.getAsJsonArray("configs")) {
            JsonObject c = e.getAsJsonObject();
            Gpt2Config config = new Gpt2Config(c.get("layers").getAsInt(), c.get("heads").getAsInt(),
                    c.get("width").getAsInt(), c.get("context").getAsInt(), c.get("vocab").getAsInt(), 1e-5f, 0f);
            assertEquals(c.get("non_embedding").getAsLong(), config.nonEmbeddingParameters(), config.toString());
            assertEquals(c.get("training_flops").getAsDouble(), config.trainingFlops(c.get("tokens").getAsLong()), 1,
                    config.toString());
        }
        assertEquals(85_056_000L, Gpt2Config.gpt2Small().nonEmbeddingParameters(), "GPT-2 small (124M in all)");
    }

    @Test
    void countsMatchOurOwnModelsTensors() {
        for (Gpt2Config config : new Gpt2Config[] {new Gpt2Config(1, 2, 32, 16, 50, 1e-5f, 0f),
                new Gpt2Config(3, 4, 64, 8, 300, 1e-5f, 0f)}) {
            try (NDManager m = Engines.newManager()) {
                ParameterMap p = Gpt2.create(config, m).namedParameters();
                long count = 0;
                for (ParameterMap.Entry entry : p) {
                    if (!entry.name().startsWith("wte.") && !entry.name().startsWith("wpe.")) {
                        count += entry.parameter().getArray().size();
                    }
                }
                assertEquals(count, config.nonEmbeddingParameters(), config.toString());
            }
        }
    }
}
