/**
 * Corpora and tasks: the Brown corpus with its fixed split by document, passages, the course's Brown tasks
 * ({@link org.tlnlp.data.BrownTasks}: genre passages, tagged sentences, documents for pre-training), sentence
 * pairs for next-sentence prediction, GLUE-format TSV, and two real labelled sets with fixed splits:
 * {@link org.tlnlp.data.SentimentSentences} (sentence sentiment) and {@link org.tlnlp.data.SpamAssassin} (e-mail
 * spam, cleaned by {@link org.tlnlp.data.EmailText}). Every data set ships inside the library as a resource with a
 * {@code *-PROVENANCE.md} beside it and is checked against its SHA-256 when it is read.
 */
package org.tlnlp.data;
