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

    /** The tanh approximation: 0.5·x·(1 + tanh(sqrt(2/π)·(x + 0.044715·x³))). */
    public static NDArray geluTanh(NDArray x) {
        NDArray inner = x.pow(3).mul(0.044715f).add(x).mul((float) Math.sqrt(2 / Math.PI));
        return inner.tanh().add(1f).mul(x).mul(0.5f);
    }
}
