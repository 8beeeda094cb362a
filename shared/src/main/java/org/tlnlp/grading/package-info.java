/** Grading exercises with JUnit 5: {@code @Graded}, "not implemented yet", and the listener that writes the grade table and JSON. */
package org.tlnlp.grading;
