/**
 * Multitask learning (Caruana 1997; Ruder 2017): several tasks trained at once with shared parameters. Hard
 * sharing ({@link org.tlnlp.multitask.MultitaskModel#hard}): one encoder, one head per task. Soft sharing
 * ({@link org.tlnlp.multitask.MultitaskModel#soft}): one encoder per task, pulled together by an L2 penalty.
 * How the tasks' losses are combined ({@link org.tlnlp.multitask.LossWeighting}: fixed weights, Kendall et al.
 * 2018's uncertainty weighting), which task trains when ({@link org.tlnlp.multitask.TaskSampling},
 * {@link org.tlnlp.multitask.TaskBatches}), and whether the tasks pull the shared encoder the same way
 * ({@link org.tlnlp.multitask.GradientConflict}).
 */
package org.tlnlp.multitask;
