/** Count-based language models: the unigram and interpolated bigram baselines a neural LM must beat. */
package org.tlnlp.models.ngram;
