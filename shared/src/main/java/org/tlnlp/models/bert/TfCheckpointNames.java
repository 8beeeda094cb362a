package org.tlnlp.models.bert;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import org.tlnlp.io.CheckpointException;
import org.tlnlp.io.TensorSource;
import org.tlnlp.nn.ParameterMap;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The names the original TensorFlow BERT (google-research/bert, and the TF-Hub modules made from it) gives its
 * variables, and the Hugging Face name of each, which is the name the course's BERT knows its parameters by
 * ({@link BertPretraining#namedParameters()}). One variable of each kind, with layer {@code N}:
 *
 * <pre>
 *   TensorFlow                                              Hugging Face                                  values
 *   bert/embeddings/word_embeddings                         bert.embeddings.word_embeddings.weight        as stored
 *   bert/embeddings/position_embeddings                     bert.embeddings.position_embeddings.weight
 *   bert/embeddings/token_type_embeddings                   bert.embeddings.token_type_embeddings.weight
 *   bert/embeddings/LayerNorm/gamma                         bert.embeddings.LayerNorm.weight
 *   bert/embeddings/LayerNorm/beta                          bert.embeddings.LayerNorm.bias
 *   bert/encoder/layer_N/attention/self/query/kernel        bert.encoder.layer.N.attention.self.query.weight  transposed
 *   bert/encoder/layer_N/attention/self/query/bias          bert.encoder.layer.N.attention.self.query.bias
 *     (key, value, attention/output/dense, intermediate/dense and output/dense the same way)
 *   bert/encoder/layer_N/attention/output/LayerNorm/gamma   bert.encoder.layer.N.attention.output.LayerNorm.weight
 *   bert/encoder/layer_N/output/LayerNorm/beta              bert.encoder.layer.N.output.LayerNorm.bias
 *   bert/pooler/dense/kernel                                bert.pooler.dense.weight                      transposed
 *   cls/predictions/transform/dense/kernel                  cls.predictions.transform.dense.weight        transposed
 *   cls/predictions/transform/LayerNorm/gamma               cls.predictions.transform.LayerNorm.weight
 *   cls/predictions/output_bias                             cls.predictions.bias
 *   cls/seq_relationship/output_weights                     cls.seq_relationship.weight                   as stored
 *   cls/seq_relationship/output_bias                        cls.seq_relationship.bias
 * </pre>
 *
 * So the rules are few: {@code /} becomes {@code .}, {@code layer_N} becomes {@code layer.N}, an embedding
 * table gets {@code .weight}, and the last part is renamed: {@code kernel} → {@code weight}, {@code gamma} →
 * {@code weight} and {@code beta} → {@code bias} (LayerNorm's scale and shift), {@code output_weights} →
 * {@code weight}, {@code output_bias} → {@code bias}. A TensorFlow {@code kernel} is stored (in, out), because
 * TensorFlow computes {@code x · kernel}; PyTorch's {@code Linear} stores its weight (out, in) and computes
 * {@code x · weightᵀ}; so kernels are transposed. The next-sentence head's {@code output_weights} is already
 * (out, in): the TensorFlow code multiplies by its transpose. The masked-LM decoder has no weight of its own:
 * it is the word-embedding table (tied weights).
 *
 * <p>Anything else (an optimizer's {@code adam_m}, {@code global_step}) has no Hugging Face name: {@link #view}
 * passes it through under its TensorFlow name, so the strict loader reports it as a tensor the model has no
 * place for, never silently drops it.
 */
public final class TfCheckpointNames {

    /** A variable's Hugging Face name, and how its stored values relate to Hugging Face's layout. */
    public record Mapped(String name, ParameterMap.Layout layout) {
    }

    private static final Pattern LAYER = Pattern.compile("layer_(\\d+)");

    private TfCheckpointNames() {
    }

    /**
     * The Hugging Face name of TensorFlow variable {@code tfName} (without a scope such as TF-Hub's
     * {@code module/}), or null when BERT has no such variable.
     */
    public static Mapped huggingFace(String tfName) {
        String[] parts = tfName.split("/");
        StringBuilder name = new StringBuilder();
        for (int i = 0; i < parts.length - 1; i++) {
            Matcher layer = LAYER.matcher(parts[i]);
            name.append(layer.matches() ? "layer." + layer.group(1) : parts[i]).append('.');
        }
        String last = parts[parts.length - 1];
        ParameterMap.Layout layout = ParameterMap.SAME;
        switch (last) {
            case "word_embeddings", "position_embeddings", "token_type_embeddings" -> name.append(last).append(".weight");
            case "kernel" -> {
                name.append("weight");
                layout = ParameterMap.TRANSPOSED;
            }
            case "gamma", "output_weights" -> name.append("weight");
            case "beta", "bias", "output_bias" -> name.append("bias");
            default -> {
                return null;
            }
        }
        return new Mapped(name.toString(), layout);
    }

    /**
     * The TensorFlow checkpoint {@code tf} seen under Hugging Face's names and in Hugging Face's layouts
     * (kernels transposed to (out, in)), ready for {@link org.tlnlp.io.Checkpoints#load} into
     * {@link BertPretraining#namedParameters()}, or into {@link Bert#namedParameters()} with the policy's
     * prefix {@code bert.}. {@code scope} is the prefix of every variable: {@code module/} in a TF-Hub export,
     * empty in google-research/bert's checkpoints. Variables outside the scope, or with no Hugging Face name,
     * keep their TensorFlow names. Closing the view closes {@code tf}.
     */
    public static TensorSource view(TensorSource tf, String scope) throws CheckpointException {
        Map<String, String> tfNameOf = new LinkedHashMap<>();
        Map<String, ParameterMap.Layout> layouts = new LinkedHashMap<>();
        Map<String, Shape> shapes = new LinkedHashMap<>();
        for (Map.Entry<String, Shape> e : tf.shapes().entrySet()) {
            String tfName = e.getKey();
            Mapped m = tfName.startsWith(scope) ? huggingFace(tfName.substring(scope.length())) : null;
            String name = m == null ? tfName : m.name();
            ParameterMap.Layout layout = m == null ? ParameterMap.SAME : m.layout();
            if (layout == ParameterMap.TRANSPOSED && e.getValue().dimension() != 2) {
                throw new CheckpointException(tf.describe() + ": tensor '" + tfName + "' is a kernel of shape "
                        + e.getValue() + "; a kernel is a matrix (in, out)");
            }
            String earlier = tfNameOf.putIfAbsent(name, tfName);
            if (earlier != null) {
                throw new CheckpointException(tf.describe() + ": tensors '" + earlier + "' and '" + tfName
                        + "' would both be '" + name + "'");
            }
            layouts.put(name, layout);
            shapes.put(name, layout.stored(e.getValue()));
        }
        return TensorSource.of(tf.describe() + " (TensorFlow names read as Hugging Face's)", shapes,
                (name, manager) -> {
                    NDArray stored = tf.read(tfNameOf.get(name), manager);
                    return layouts.get(name).toModel(stored, shapes.get(name));
                }, tf::close);
    }
}
