package org.tlnlp.lesson06;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.tlnlp.engine.Engines;
import org.tlnlp.io.SafeTensors;
import org.tlnlp.lab.LabReport;
import org.tlnlp.models.gpt2.Gpt2;
import org.tlnlp.models.gpt2.Gpt2Config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The reference the graded tests compare with: a tiny GPT-2 (2 blocks, width 64, 4 heads, vocabulary 512)
 * with random weights, written in Hugging Face's layout by {@code tools/reference/gpt2_torch.py}, which also
 * stored PyTorch's logits and hidden states for a batch of 3 × 20 token ids ({@code expected.safetensors}).
 */
final class Fixture {

    static final Path DIR = LabReport.repositoryRoot().resolve("testdata/gpt2-tiny");
    static final NDManager MANAGER = Engines.newManager();

    private Fixture() {
    }

    /** A fresh copy of the model (so that a test may plug its own attention in). */
    static Gpt2 model() {
        try {
            Gpt2 g = Gpt2.create(Gpt2Config.fromJson(DIR.resolve("config.json")), MANAGER);
            g.loadWeights(DIR.resolve("model.safetensors"));
            return g;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** input_ids (3, 20), logits (3, 20, 512), hidden_0 .. hidden_2 (3, 20, 64), as PyTorch computed them. */
    static Map<String, NDArray> expected() {
        try {
            return SafeTensors.load(DIR.resolve("expected.safetensors"), MANAGER);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static double maxAbsDiff(NDArray a, NDArray b) {
        if (!a.getShape().equals(b.getShape())) {
            throw new AssertionError("shape " + b.getShape() + ", expected " + a.getShape());
        }
        return a.sub(b).abs().max().getFloat();
    }
}
