/**
 * The models, one package each ({@code bert}, {@code gpt2}, {@code elmo}, and {@code ngram} for count baselines):
 * the model in one file read top to bottom, its config, its heads, the typed batches they consume and its
 * checkpoint names. {@link org.tlnlp.models.Pretrained} is the course's {@code from_pretrained} and
 * {@code save_pretrained} for Hugging Face folders, and the named pre-trained models that ship through Maven.
 */
package org.tlnlp.models;
