package org.tlnlp.train;

import org.tlnlp.nn.ParameterMap;

/**
 * An objective that trains a task's parameters in some other way (with penalties, with mixed weights): its names and
 * depths are the task's.
 *
 * @param <B> the task's batch
 */
abstract class TaskWrapper<B extends Batch> implements Objective<B> {

    final Objective<B> task;

    TaskWrapper(Objective<B> task) {
        this.task = task;
    }

    /** The objective this one wraps. */
    public Objective<B> task() {
        return task;
    }

    @Override
    public ParameterMap namedParameters() {
        return task.namedParameters();
    }

    @Override
    public int depthOf(String name) {
        return task.depthOf(name);
    }
}
