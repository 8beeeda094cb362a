/** Figures (XChart, saved as PNG or shown inline) and tables (Tablesaw, written as Markdown). */
package org.tlnlp.plot;
