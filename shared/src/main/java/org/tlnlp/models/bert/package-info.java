/**
 * BERT (Devlin et al. 2019): the encoder ({@link org.tlnlp.models.bert.Bert}) under Hugging Face's names, its
 * pre-training heads (masked LM with {@link org.tlnlp.models.bert.MlmMasking}, next sentence), a sequence
 * classifier and a tagger, their typed batches, and all-MiniLM-L6-v2 from its ONNX file.
 */
package org.tlnlp.models.bert;
