/**
 * BERT (Devlin et al. 2019): the encoder ({@link org.tlnlp.models.bert.Bert}) under Hugging Face's names, its
 * pre-training heads (masked LM with {@link org.tlnlp.models.bert.MlmMasking}, next sentence), a sequence
 * classifier and a tagger, their typed batches, all-MiniLM-L6-v2 from its ONNX file, BERT-base uncased from its
 * TensorFlow tensor bundle ({@link org.tlnlp.models.bert.BertBaseUncased}, with the TensorFlow names mapped in
 * {@link org.tlnlp.models.bert.TfCheckpointNames}), and the fill-mask pipeline ({@link org.tlnlp.models.bert.FillMask}).
 */
package org.tlnlp.models.bert;
