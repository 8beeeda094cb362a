package org.tlnlp.engine;

import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;
import org.tlnlp.models.bert.Bert;
import org.tlnlp.models.bert.BertConfig;
import org.tlnlp.models.bert.BertInput;
import org.tlnlp.text.Encoding;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Inference records no autograd graph on any thread. The evidence is the one thing a graph is for: back-propagating
 * through an output works when a graph was recorded and fails when none was. (DJL's own probes of this,
 * {@code requiresGrad} and the gradient-function names, are not reliable on PyTorch, so they are not used.)
 */
class NoGradientTest {

    @Test
    void aForwardPassOnAFreshThreadRecordsAGraphUnlessItIsInference() throws Exception {
        assumeTrue("PyTorch".equals(Engines.engine().getEngineName()), "grad mode is PyTorch's");
        ExecutorService fresh = Executors.newSingleThreadExecutor(); // a thread that did not start the engine
        try (NDManager m = Engines.newManager()) {
            Bert bert = Bert.create(new BertConfig(50, 16, 2, 2, 32, 16, 2, 1e-12f, 0f), m);
            Encoding e = new Encoding(List.of("[CLS]", "a", "b", "[SEP]"), new int[] {2, 7, 9, 3}, new int[4], new int[] {1, 1, 1, 1});
            CompletableFuture.runAsync(() -> {
                try (NDManager scope = m.newSubManager()) {
                    assertEquals(Boolean.TRUE, NoGradient.recording(), "PyTorch records gradients on a new thread");
                    BertInput in = BertInput.of(scope, List.of(e), 0);
                    NDArray plain = bert.forward(new ParameterStore(scope, false), in, false, false).lastHidden();
                    NDArray inferred = bert.infer(in, false).lastHidden();
                    assertEquals(Boolean.TRUE, NoGradient.recording(), "infer restores the thread's mode");
                    assertTrue(inferred.contentEquals(plain), "the same numbers either way");
                    try (GradientCollector collector = Engines.engine().newGradientCollector()) {
                        assertDoesNotThrow(() -> collector.backward(plain.sum()),
                                "a plain forward on this thread recorded a graph (the problem NoGradient solves)");
                        assertThrows(EngineException.class, () -> collector.backward(inferred.sum()),
                                "inference must not record a graph");
                    }
                }
            }, fresh).get();
        } finally {
            fresh.shutdown();
        }
    }

    @Test
    void scopesNestAndRestoreWhatTheyFound() throws Exception {
        assumeTrue("PyTorch".equals(Engines.engine().getEngineName()), "grad mode is PyTorch's");
        ExecutorService fresh = Executors.newSingleThreadExecutor();
        try {
            CompletableFuture.runAsync(() -> {
                assertEquals(Boolean.TRUE, NoGradient.recording());
                try (NoGradient outer = NoGradient.open()) {
                    assertFalse(NoGradient.recording());
                    try (NoGradient inner = NoGradient.open()) {
                        assertFalse(NoGradient.recording());
                    }
                    assertFalse(NoGradient.recording(), "the inner scope found it off and leaves it off");
                }
                assertEquals(Boolean.TRUE, NoGradient.recording());
                assertEquals(7, NoGradient.call(() -> {
                    assertFalse(NoGradient.recording());
                    return 7;
                }));
                assertEquals(Boolean.TRUE, NoGradient.recording());
            }, fresh).get();
        } finally {
            fresh.shutdown();
        }
    }
}
