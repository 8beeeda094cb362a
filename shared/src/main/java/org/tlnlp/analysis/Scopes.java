package org.tlnlp.analysis;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * Borrowing arrays into a temporary {@link NDManager}: while borrowed, every result computed from them lands in
 * that manager and is freed with it, and the arrays themselves go back to their own managers when it closes. This
 * is how the analyses keep a long computation from leaving its temporaries on the caller's manager.
 */
final class Scopes {

    private Scopes() {
    }

    /**
     * Attaches each array to {@code scope} until it closes. An array passed twice (CKA of X with itself) is attached
     * once: attaching it again would record the scope itself as the place to return it to.
     */
    static void borrow(NDManager scope, NDArray... arrays) {
        for (int i = 0; i < arrays.length; i++) {
            boolean seen = false;
            for (int j = 0; j < i; j++) {
                seen |= arrays[j] == arrays[i];
            }
            if (arrays[i] != null && !seen) {
                arrays[i].tempAttach(scope);
            }
        }
    }
}
