package org.tlnlp.analysis.layers;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link CurveShapes}: the written rules, on curves made to pass and to fail them. */
class CurveShapesTest {

    private static CurveShapes.Verdict check(CurveShapes.Shape s, double... v) {
        return CurveShapes.check("curve", v, s, 0.02);
    }

    @Test
    void fallsSteadily() {
        assertTrue(check(CurveShapes.Shape.FALLS_STEADILY, 3.0, 2.8, 2.8, 2.1).shows());
        assertTrue(check(CurveShapes.Shape.FALLS_STEADILY, 3.0, 3.01, 2.5).shows(), "a rise within the tolerance");
        CurveShapes.Verdict bump = check(CurveShapes.Shape.FALLS_STEADILY, 3.0, 2.5, 2.7, 2.0);
        assertFalse(bump.shows());
        assertTrue(bump.sentence().contains("not steadily (rises at layer 2)"), bump.sentence());
        assertFalse(check(CurveShapes.Shape.FALLS_STEADILY, 3.0, 3.0, 3.0).shows());
        assertTrue(check(CurveShapes.Shape.FALLS, 3.0, 2.5, 2.7, 2.0).shows(), "falls, not steadily, still falls");
        assertFalse(check(CurveShapes.Shape.FALLS, 3.0, 2.5, 3.1).shows());
    }

    @Test
    void fallsThenRecovers() {
        CurveShapes.Verdict v = check(CurveShapes.Shape.FALLS_THEN_RECOVERS, 3.0, 2.6, 2.0, 2.5);
        assertTrue(v.shows());
        assertTrue(v.sentence().contains("recovers 50% of what it lost"), v.sentence());
        assertTrue(v.sentence().contains("Shown here: yes"), v.sentence());
        assertFalse(check(CurveShapes.Shape.FALLS_THEN_RECOVERS, 3.0, 2.6, 2.0).shows(), "lowest at the top");
        assertFalse(check(CurveShapes.Shape.FALLS_THEN_RECOVERS, 3.0, 2.99, 3.0).shows(), "no real dip");
        assertFalse(check(CurveShapes.Shape.FALLS_THEN_RECOVERS, 3.0, 2.0, 2.01).shows(), "no real recovery");
    }

    @Test
    void rises() {
        assertTrue(check(CurveShapes.Shape.RISES, 0.5, 0.9, 1.4).shows());
        CurveShapes.Verdict v = check(CurveShapes.Shape.RISES, 0.5, 0.9, 0.7, 1.4);
        assertTrue(v.shows());
        assertTrue(v.sentence().contains("rises overall (falls at layer 2)"), v.sentence());
        assertFalse(check(CurveShapes.Shape.RISES, 0.5, 0.6, 0.51).shows());
    }
}
