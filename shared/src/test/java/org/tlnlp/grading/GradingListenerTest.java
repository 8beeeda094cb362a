package org.tlnlp.grading;

import org.junit.jupiter.api.Test;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

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
    void anExerciseThatCallsTheLibraryPieceItTeachesScoresNothingAndTheMessageNamesTheCall() {
        GradingListener listener = new GradingListener();
        LauncherFactory.create(LauncherConfig.builder().enableTestExecutionListenerAutoRegistration(false).build()).execute(LauncherDiscoveryRequestBuilder.request()
                .selectors(DiscoverySelectors.selectClass("org.tlnlp.grading.fixture.TwinCases"))
                .configurationParameter("junit.jupiter.extensions.autodetection.enabled", "true").build(), listener);
        GradeReport report = listener.report("fixture", "lesson");
        java.util.Map<String, GradeReport.Exercise> byId = new java.util.HashMap<>();
        report.exercises.forEach(e -> byId.put(e.id, e));
        for (String id : new String[] {"9.1", "9.2", "9.3"}) {
            GradeReport.Exercise e = byId.get(id);
            assertEquals("uses the library's DomainShift.jaccard", e.status, id);
            assertEquals(0, e.earned, id + " earns nothing");
            assertTrue(e.tests.get(0).message.contains("uses the library's DomainShift.jaccard (Twins.java:"),
                    e.tests.get(0).message);
        }
        assertEquals("passed", byId.get("9.4").status);
        assertEquals(2, byId.get("9.4").earned, "written by hand: its points");
        GradeReport.Exercise failed = byId.get("9.5");
        assertEquals("failed", failed.status);
        assertEquals("Look at the sign.", failed.tests.get(0).hint);
        assertTrue(failed.tests.get(0).message.contains("Hint: Look at the sign."), failed.tests.get(0).message);
        assertTrue(report.table().contains("hint: Look at the sign."), report.table());
        assertEquals(9, report.possible, "points follow the rubric: 4 functions and a recipe");
    }

    @Test
    void theStubMessageSaysWhatToDo() {
        String m = new NotImplementedYet("1.3 (jensenShannon)").getMessage();
        assertTrue(m.startsWith("Exercise 1.3 (jensenShannon) is not implemented yet"), m);
    }
}
