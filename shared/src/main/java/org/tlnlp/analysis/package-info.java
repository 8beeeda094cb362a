/**
 * Measuring: domain-shift measures, shared spaces for domain adaptation, linear probes, and evaluation of a
 * classifier over a data set.
 */
package org.tlnlp.analysis;
