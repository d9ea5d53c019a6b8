package dev.ballast.proxy.metrics;

import java.util.concurrent.atomic.LongAdder;

/**
 * A latency histogram with fixed bucket bounds in seconds (Prometheus' classic buckets), fed in nanoseconds.
 *
 * <p>Thread-safe and lock-free: each bucket and the sum are {@link LongAdder}s, summed only when read.
 */
public final class LatencyHistogram {
    /** Upper bounds of the buckets in seconds; the last, implicit bucket is +Inf. */
    public static final double[] BOUNDS_SECONDS =
            {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
    private static final long[] BOUNDS_NANOS = new long[BOUNDS_SECONDS.length];

    static {
        for (int i = 0; i < BOUNDS_SECONDS.length; i++) {
            BOUNDS_NANOS[i] = Math.round(BOUNDS_SECONDS[i] * 1e9);
        }
    }

    private final LongAdder[] buckets = Adders.array(BOUNDS_SECONDS.length + 1);
    private final LongAdder sumNanos = new LongAdder();

    LatencyHistogram() {
    }

    /** Records one observation of {@code nanos}. */
    public void observeNanos(long nanos) {
        int i = 0;
        while (i < BOUNDS_NANOS.length && nanos > BOUNDS_NANOS[i]) {
            i++;
        }
        buckets[i].increment();
        sumNanos.add(nanos);
    }

    /** The count of each bucket (not cumulative), {@code BOUNDS_SECONDS.length + 1} of them, the last for +Inf. */
    public long[] bucketCounts() {
        long[] counts = new long[buckets.length];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = buckets[i].sum();
        }
        return counts;
    }

    /** The sum of all observations in seconds. */
    public double sumSeconds() {
        return sumNanos.sum() / 1e9;
    }
}
