/**
 * Checkpoint formats and the one loader and saver ({@link org.tlnlp.io.Checkpoints}): every format (safetensors,
 * ONNX initializers, HDF5, TensorFlow bundles) is read as a {@link org.tlnlp.io.TensorSource} and loaded by the
 * checkpoint's own parameter names, strictly by default ({@link org.tlnlp.io.LoadPolicy}); safetensors are written
 * through a temporary file. Also small JSON configs with errors that name the file and key.
 */
package org.tlnlp.io;
