/**
 * Choosing the DJL engine and device ({@link org.tlnlp.engine.Engines}, the one place that names an engine) and
 * the run's seed ({@link org.tlnlp.engine.Rng}).
 */
package org.tlnlp.engine;
