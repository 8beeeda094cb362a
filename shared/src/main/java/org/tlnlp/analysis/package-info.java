/**
 * Measuring: domain-shift measures, shared spaces for domain adaptation, linear probes, evaluation of a classifier
 * over a data set, scores and their intervals ({@link org.tlnlp.analysis.Metrics}, {@link org.tlnlp.analysis.Intervals},
 * {@link org.tlnlp.analysis.TestAccuracy}), and the layer analyses (clustering, mutual information, CKA, PWCCA,
 * expected layer).
 */
package org.tlnlp.analysis;
