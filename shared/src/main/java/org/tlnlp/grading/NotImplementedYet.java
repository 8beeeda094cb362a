package org.tlnlp.grading;

/**
 * Thrown by every exercise stub until the learner fills it in. The grader reports an exercise that
 * throws it as "not started", not as failed.
 */
public class NotImplementedYet extends UnsupportedOperationException {

    public NotImplementedYet(String exercise) {
        super("Exercise " + exercise + " is not implemented yet: replace the 'throw new NotImplementedYet(...)' line"
                + " with your code, then run the lesson's tests again.");
    }
}
