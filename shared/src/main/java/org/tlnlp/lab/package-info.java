/** What every lab shares: its size (smoke, quick, full) and its report, which records how each number was produced. */
package org.tlnlp.lab;
