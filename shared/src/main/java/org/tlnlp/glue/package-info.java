/**
 * The GLUE benchmark (Wang et al., 2019, "GLUE: A Multi-Task Benchmark and Analysis Platform for Natural Language
 * Understanding"), as files and as scores, and the course's offline suite of real tasks in GLUE's format.
 *
 * <ul>
 *   <li>{@link org.tlnlp.glue.GlueTask}: the nine tasks and the diagnostic set, each with its files' layouts
 *       (columns, headers, unlabelled test files, MNLI's matched and mismatched sets), labels, official metrics and
 *       submission file names;</li>
 *   <li>{@link org.tlnlp.glue.GlueFiles}: reading a task's folder into {@link org.tlnlp.glue.TaskData}, writing
 *       one back;</li>
 *   <li>{@link org.tlnlp.glue.GlueScores}: a task's official metrics, its task score, and the GLUE score as the
 *       benchmark computes it;</li>
 *   <li>{@link org.tlnlp.glue.Submission}: test predictions as the benchmark's server expects them;</li>
 *   <li>{@link org.tlnlp.glue.BertFineTuning} and {@link org.tlnlp.glue.GlueCommand}: fine-tuning a BERT-family
 *       encoder on every task of a folder ({@code ./course glue DIR});</li>
 *   <li>{@link org.tlnlp.glue.OfflineSuite}: real data that ships with the course (sentiment sentences, spam,
 *       Brown), made into tasks in GLUE's format; none of them is a GLUE task.</li>
 * </ul>
 *
 * Nothing here downloads anything: GLUE's data is read from a folder the user already has.
 */
package org.tlnlp.glue;
