package org.tlnlp.grading;

import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GradingListenerTest {

    @Test
    void classifiesHowATestEnded() {
        assertEquals(Status.NOT_STARTED, GradingListener.classify(new NotImplementedYet("1.1")));
        assertEquals(Status.NOT_STARTED, GradingListener.classify(new RuntimeException("wrapped", new NotImplementedYet("1.1"))));
        assertEquals(Status.TIMED_OUT, GradingListener.classify(new TimeoutException("test timed out after 5 seconds")));
        assertEquals(Status.FAILED, GradingListener.classify(new AssertionError("expected 1 but was 2")));
        assertEquals(Status.FAILED, GradingListener.classify(new StackOverflowError()));
    }

    @Test
    void exerciseIdsSortNumerically() {
        assertTrue(GradingListener.compareIds("1.2", "1.10") < 0);
        assertTrue(GradingListener.compareIds("2.1", "1.9") > 0);
    }

    @Test
    void theStubMessageSaysWhatToDo() {
        String m = new NotImplementedYet("1.3 (jensenShannon)").getMessage();
        assertTrue(m.startsWith("Exercise 1.3 (jensenShannon) is not implemented yet"), m);
    }
}
