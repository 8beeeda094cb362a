package org.tlnlp.lesson05.bench;

/**
 * The stages of a BERT forward pass that the benchmark's profiles report, and how a peer's graph node is sorted
 * into one by its name and operation. Both peers' graphs keep the name scopes of the code that built them, and
 * those match: TF-Hub's BERT ({@code module_apply_tokens/bert/encoder/layer_3/attention/self/query/BiasAdd}) and
 * Hugging Face's ONNX export ({@code /encoder/layer.3/attention/self/query/MatMul}).
 */
enum Stage {
    EMBEDDINGS("embeddings: three lookups, summed"),
    PROJECTIONS("attention: Q, K, V and output projections"),
    ATTENTION("attention: scores, softmax, context"),
    ADD_NORM("residual adds and LayerNorms"),
    FEED_FORWARD("feed-forward: the two dense layers"),
    GELU("feed-forward: GELU"),
    POOLER("pooler"),
    OTHER("other (reshapes, masks, copies)");

    final String label;

    Stage(String label) {
        this.label = label;
    }

    /**
     * The stage of graph node {@code node} running operation {@code op}. A product fused with what follows it (a
     * bias, an activation, a residual add) counts as the dense layer it computes, so the peer's fusions show as
     * cheaper stages, not as missing ones.
     */
    static Stage of(String node, String op) {
        boolean product = op.contains("MatMul") || op.contains("Gemm");
        if (node.contains("/embeddings/")) {
            return node.contains("/LayerNorm/") ? ADD_NORM : EMBEDDINGS;
        }
        if (node.contains("/pooler/")) {
            return POOLER;
        }
        if (node.contains("/attention/self/query/") || node.contains("/attention/self/key/")
                || node.contains("/attention/self/value/") || node.contains("/attention/output/dense/")) {
            return PROJECTIONS;
        }
        if (node.contains("/attention/self/")) {
            return ATTENTION;
        }
        if (node.contains("/intermediate/")) {
            return product || node.endsWith("/BiasAdd") ? FEED_FORWARD : GELU;
        }
        if (product || node.contains("/output/dense/")) { // the layer's output dense, perhaps fused with its residual add
            return FEED_FORWARD;
        }
        if (node.contains("/LayerNorm/") || node.endsWith("/add") || node.endsWith("/Add")) {
            return ADD_NORM;
        }
        return OTHER;
    }
}
