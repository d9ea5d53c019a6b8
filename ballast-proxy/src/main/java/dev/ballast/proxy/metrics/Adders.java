package dev.ballast.proxy.metrics;

import java.util.concurrent.atomic.LongAdder;

/**
 * Arrays of counters indexed by a small number (a status class, a bucket).
 *
 * <p>Thread-safe (stateless).
 */
final class Adders {
    private Adders() {
    }

    /** {@code n} new counters at zero. */
    static LongAdder[] array(int n) {
        LongAdder[] adders = new LongAdder[n];
        for (int i = 0; i < n; i++) {
            adders[i] = new LongAdder();
        }
        return adders;
    }
}
