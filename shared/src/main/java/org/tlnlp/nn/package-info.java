/**
 * Blocks with fixed-shape parameters and the arithmetic models share: dense layers, LayerNorm, embedding tables,
 * multi-head attention, GELU, dropout, highway layers, the LSTM with projection, the scalar mix. Every model names
 * its parameters as its checkpoint does through a {@link org.tlnlp.nn.ParameterMap}
 * ({@link org.tlnlp.nn.NamedParameters}).
 */
package org.tlnlp.nn;
