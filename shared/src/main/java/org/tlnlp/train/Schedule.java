package org.tlnlp.train;

/**
 * A learning-rate schedule: the factor by which the base learning rate is multiplied at a given
 * optimisation step (0-based). Factories for the schedules the course uses are in {@link Schedules}.
 */
@FunctionalInterface
public interface Schedule {

    double factor(int step);
}
