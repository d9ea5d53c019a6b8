package dev.ballast.proxy;

import dev.ballast.core.balancing.PerThreadRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Tunables of the data plane that are not part of the AWS configuration.
 *
 * @param eventLoops number of event loops; 0 means one per core
 * @param connectTimeout how long a connection to a target may take before the request fails with 504 (ALB: 10 s)
 * @param clock wall clock for trace ids and stickiness cookie expiry
 * @param random randomness for trace ids and target selection; must be thread-safe
 * @param maxIdleConnectionsPerTarget idle keep-alive connections kept per target and event loop
 * @param requestHeadTimeout how long a request head may take from its first byte to its empty line before the
 *     client gets 408 and the connection closes (HAProxy's {@code timeout http-request})
 *
 * <p>Thread-safe (immutable).
 */
public record ProxyOptions(int eventLoops, Duration connectTimeout, Clock clock, RandomGenerator random,
                           int maxIdleConnectionsPerTarget, Duration requestHeadTimeout) {
    /**
     * Idle keep-alive connections kept per target and event loop by default. It must cover the concurrency one
     * event loop sees: with fewer, a burst of concurrent requests closes the surplus connections when they come
     * back idle and the next burst opens them again (measured: 500 client connections on one event loop churned
     * ~1,700 target connections per second with a limit of 64, and halved the throughput).
     */
    public static final int DEFAULT_MAX_IDLE_CONNECTIONS_PER_TARGET = 1024;

    /** ALB's connect timeout to a target. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

    /** The request-head timeout by default (HAProxy's recommended {@code timeout http-request}). */
    public static final Duration DEFAULT_REQUEST_HEAD_TIMEOUT = Duration.ofSeconds(10);

    /** Validates the values. */
    public ProxyOptions {
        if (eventLoops < 0) {
            throw new IllegalArgumentException("eventLoops: " + eventLoops + " (expected: 0 or more)");
        }
        if (connectTimeout == null || connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new IllegalArgumentException("connectTimeout: " + connectTimeout + " (expected: a positive duration)");
        }
        if (maxIdleConnectionsPerTarget < 0) {
            throw new IllegalArgumentException("maxIdleConnectionsPerTarget: " + maxIdleConnectionsPerTarget
                    + " (expected: 0 or more)");
        }
        if (requestHeadTimeout == null || requestHeadTimeout.isNegative() || requestHeadTimeout.isZero()) {
            throw new IllegalArgumentException("requestHeadTimeout: " + requestHeadTimeout
                    + " (expected: a positive duration)");
        }
        clock = clock == null ? Clock.systemUTC() : clock;
        random = random == null ? PerThreadRandom.INSTANCE : random;
    }

    /** The defaults with {@code eventLoops} event loops (0 = one per core). */
    public static ProxyOptions defaults(int eventLoops) {
        return new ProxyOptions(eventLoops, DEFAULT_CONNECT_TIMEOUT, Clock.systemUTC(), PerThreadRandom.INSTANCE,
                DEFAULT_MAX_IDLE_CONNECTIONS_PER_TARGET, DEFAULT_REQUEST_HEAD_TIMEOUT);
    }

    /** These options with another connect timeout. */
    public ProxyOptions withConnectTimeout(Duration timeout) {
        return new ProxyOptions(eventLoops, timeout, clock, random, maxIdleConnectionsPerTarget, requestHeadTimeout);
    }

    /** These options with another request-head timeout. */
    public ProxyOptions withRequestHeadTimeout(Duration timeout) {
        return new ProxyOptions(eventLoops, connectTimeout, clock, random, maxIdleConnectionsPerTarget, timeout);
    }

    /** The number of event loops to start. */
    public int resolvedEventLoops() {
        return eventLoops == 0 ? Runtime.getRuntime().availableProcessors() : eventLoops;
    }
}
