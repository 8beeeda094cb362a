/**
 * Corpora and tasks: the Brown corpus with its fixed split by document, passages, the course's Brown tasks
 * ({@link org.tlnlp.data.BrownTasks}: genre passages, tagged sentences, documents for pre-training), sentence
 * pairs for next-sentence prediction, GLUE-format TSV.
 */
package org.tlnlp.data;
