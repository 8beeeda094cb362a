/**
 * GPT-2 (Radford et al. 2019): the decoder with its KV cache and generation ({@link org.tlnlp.models.gpt2.Gpt2})
 * under Hugging Face's names, its language-modelling batches, sampling, and tasks recast as scoring label words.
 */
package org.tlnlp.models.gpt2;
