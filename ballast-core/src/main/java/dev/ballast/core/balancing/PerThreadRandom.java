package dev.ballast.core.balancing;

import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

/**
 * A {@link RandomGenerator} for production selectors: each calling thread draws from its own
 * {@link ThreadLocalRandom}, so event loops never contend on a shared seed. Tests pass a seeded generator
 * instead.
 *
 * <p>Thread-safe (no shared state).
 */
public final class PerThreadRandom implements RandomGenerator {
    /** The one instance; it holds no state. */
    public static final PerThreadRandom INSTANCE = new PerThreadRandom();

    private PerThreadRandom() {}

    @Override
    public long nextLong() {
        return ThreadLocalRandom.current().nextLong();
    }

    @Override
    public int nextInt(int bound) {
        return ThreadLocalRandom.current().nextInt(bound);
    }

    @Override
    public double nextDouble() {
        return ThreadLocalRandom.current().nextDouble();
    }
}
