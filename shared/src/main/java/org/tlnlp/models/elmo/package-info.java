/**
 * ELMo (Peters et al. 2018): the character-based biLM with its scalar mixes ({@link org.tlnlp.models.elmo.Elmo})
 * under the published HDF5 names, its biLM objective and batches, frozen-layer features and a classifier that
 * mixes them per task.
 */
package org.tlnlp.models.elmo;
