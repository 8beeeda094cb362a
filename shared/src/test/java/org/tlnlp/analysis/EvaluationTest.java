package org.tlnlp.analysis;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class EvaluationTest {

    @Test
    void theMajorityLabelIsTheMostFrequentAndTiesGoToTheSmallest() {
        assertEquals(2, Evaluation.majorityLabel(new int[] {0, 2, 2, 1, 2, 0}));
        assertEquals(1, Evaluation.majorityLabel(new int[] {3, 1, 3, 1}));
        assertThrows(IllegalArgumentException.class, () -> Evaluation.majorityLabel(new int[0]));
    }
}
