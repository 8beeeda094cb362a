/**
 * Training: {@link org.tlnlp.train.TrainLoop} over typed batches ({@link org.tlnlp.train.Batch}) and an
 * {@link org.tlnlp.train.Objective}, named {@link org.tlnlp.train.Recipe}s (rate, schedule, warm-up, weight decay
 * that skips 1-D parameters, clipping), schedules, parameter groups chosen by checkpoint names or depth, progress
 * and metric history.
 */
package org.tlnlp.train;
