package org.tlnlp.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;

/**
 * The GELU of Transformers (Hendrycks and Gimpel 2016), in its two forms. They differ by up to about 1e-3 per
 * value, which grows to visible differences in a deep model's outputs, so a model uses the form its weights
 * were trained with: Hugging Face's {@code bert-base-uncased} config says {@code gelu} (erf), GPT-2 and the
 * original TensorFlow BERT graph use the tanh approximation ({@code gelu_new}).
 */
public final class Activations {

    /** Which GELU, named as Hugging Face's configs name it ({@code hidden_act}, {@code activation_function}). */
    public enum Gelu {
        /** x·Φ(x), with the error function: {@code gelu}. */
        ERF("gelu"),
        /** 0.5·x·(1 + tanh(sqrt(2/π)·(x + 0.044715·x³))): {@code gelu_new}. */
        TANH("gelu_new");

        private final String configName;

        Gelu(String configName) {
            this.configName = configName;
        }

        public String configName() {
            return configName;
        }

        public NDArray apply(NDArray x) {
            return this == ERF ? Activation.gelu(x) : geluTanh(x);
        }

        /** The form a config names, or an error listing the supported names. */
        public static Gelu fromConfig(String name) {
            for (Gelu g : values()) {
                if (g.configName.equals(name)) {
                    return g;
                }
            }
            if (name.equals("gelu_pytorch_tanh")) {
                return TANH;
            }
            throw new IllegalArgumentException("activation '" + name + "' is not supported (gelu, gelu_new and "
                    + "gelu_pytorch_tanh are)");
        }
    }

    private Activations() {
    }

    /** 2·sqrt(2/π) and 2·sqrt(2/π)·0.044715: the tanh approximation's constants, doubled for the sigmoid form. */
    private static final float LINEAR = (float) (2 * Math.sqrt(2 / Math.PI));
    private static final float CUBIC = (float) (2 * Math.sqrt(2 / Math.PI) * 0.044715);

    /**
     * The tanh approximation: 0.5·x·(1 + tanh(sqrt(2/π)·(x + 0.044715·x³))). Computed as x·σ(x·(a + b·x²)) with
     * a = 2·sqrt(2/π), b = 0.044715·a, which is the same function (0.5·(1 + tanh(u)) = σ(2u)) in six passes over
     * the array instead of eight: on a BERT-base feed-forward activation (4096 × 3072) it takes about half the time
     * (see {@code results/bench/bert.md}); the two forms differ by float rounding (below 1e-6 for |x| < 12).
     */
    public static NDArray geluTanh(NDArray x) {
        return Activation.sigmoid(x.mul(x).mul(CUBIC).add(LINEAR).mul(x)).mul(x);
    }
}
