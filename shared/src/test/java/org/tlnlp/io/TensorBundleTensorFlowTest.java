package org.tlnlp.io;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.GraphOperation;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The independent reference for the tensor-bundle reader: TensorFlow restores BERT-base's SavedModel with its
 * own (C++) bundle reader, and every one of its 204 variables must equal, bit for bit, what {@link TensorBundle}
 * reads from the same files. TensorFlow reads only directories, so the SavedModel is extracted first (443 MB in
 * a temporary folder, removed afterwards).
 */
class TensorBundleTensorFlowTest {

    @TempDir
    static Path savedModel;
    private static SavedModelBundle tf;

    @BeforeAll
    static void load() throws IOException {
        EasyBertJar.extract(savedModel, Long.MAX_VALUE);
        tf = SavedModelBundle.load(savedModel.toString(), "serve");
    }

    @AfterAll
    static void close() {
        tf.close();
    }

    @Test
    void everyVariableEqualsWhatTensorFlowRestores() throws IOException {
        try (TensorBundle bundle = TensorBundle.open(savedModel.resolve(EasyBertJar.VARIABLES))) {
            // The graph's variables (one VarHandleOp each) are exactly the bundle's tensors.
            Set<String> variables = new TreeSet<>();
            for (Iterator<GraphOperation> it = tf.graph().operations(); it.hasNext(); ) {
                GraphOperation op = it.next();
                if (op.type().equals("VarHandleOp")) {
                    variables.add(op.name());
                }
            }
            assertEquals(new TreeSet<>(bundle.entries().keySet()), variables);

            // One run fetches them all: each distinct set of fetches costs TensorFlow a pass over the 11,908-node
            // graph, so 204 single fetches took about 20 s.
            Session.Runner runner = tf.session().runner();
            for (String name : bundle.entries().keySet()) {
                runner.fetch(name + "/Read/ReadVariableOp:0");
            }
            try (Result r = runner.run()) {
                int i = 0;
                for (TensorBundle.Entry e : bundle.entries().values()) {
                    TFloat32 t = (TFloat32) r.get(i++);
                    assertArrayEquals(e.shape().getShape(), t.shape().asArray(), e.name());
                    float[] theirs = new float[Math.toIntExact(t.size())];
                    t.copyTo(DataBuffers.of(theirs, false, false));
                    assertArrayEquals(theirs, bundle.floats(e.name()), e.name()); // exact: the same bytes
                }
            }
        }
    }
}
