package dev.ballast.api.http;

import java.time.Duration;

/**
 * The limits the API endpoint enforces per connection and for the whole endpoint, so that slow, idle, oversized or
 * numerous connections cannot starve other clients.
 *
 * <p>Thread-safe (immutable).
 *
 * @param idleTimeout a kept-alive connection with no request under way is closed (silently) after this long
 * @param requestHeadTimeout a request whose first byte arrived must have its whole head within this time, else 408
 * @param requestTimeout a request whose first byte arrived must be received whole (head and body) within this time,
 *     else 408: a fixed deadline that bytes arriving one at a time do not extend
 * @param maxHeaderBytes the largest request head (headers) accepted, else 431
 * @param maxBodyBytes the largest request body accepted, else 413 (by {@code Content-Length}, before reading it)
 * @param maxConnections connections open at once; one more is closed at accept with a log line
 * @param dispatchThreads the threads that run API actions (store commits), off the event loop
 * @param dispatchQueue requests waiting for a dispatch thread; one more is answered 503 ServiceUnavailable
 */
public record ApiEndpointLimits(Duration idleTimeout, Duration requestHeadTimeout, Duration requestTimeout,
                                int maxHeaderBytes, int maxBodyBytes, int maxConnections, int dispatchThreads,
                                int dispatchQueue) {
    /** The largest request line (method, URI, version) accepted: GET requests carry the whole Query form in it. */
    public static final int MAX_REQUEST_LINE_BYTES = 64 * 1024;

    /** Checks every limit. */
    public ApiEndpointLimits {
        positive("idleTimeout", idleTimeout);
        positive("requestHeadTimeout", requestHeadTimeout);
        positive("requestTimeout", requestTimeout);
        atLeast("maxHeaderBytes", maxHeaderBytes, 1024);
        atLeast("maxBodyBytes", maxBodyBytes, 0);
        atLeast("maxConnections", maxConnections, 1);
        atLeast("dispatchThreads", dispatchThreads, 1);
        atLeast("dispatchQueue", dispatchQueue, 1);
    }

    /**
     * The defaults: idle 60 s (ALB's default idle timeout), head 10 s, whole request 30 s, headers 16 KiB, body
     * 1 MiB, 1024 connections, 4 dispatch threads with 256 waiting requests.
     */
    public static ApiEndpointLimits defaults() {
        return new ApiEndpointLimits(Duration.ofSeconds(60), Duration.ofSeconds(10), Duration.ofSeconds(30),
                16 * 1024, 1 << 20, 1024, 4, 256);
    }

    /** These limits with {@code threads} dispatch threads. */
    public ApiEndpointLimits withDispatchThreads(int threads) {
        return new ApiEndpointLimits(idleTimeout, requestHeadTimeout, requestTimeout, maxHeaderBytes, maxBodyBytes,
                maxConnections, threads, dispatchQueue);
    }

    private static void positive(String field, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(field + ": " + value + " (expected: a positive duration)");
        }
    }

    private static void atLeast(String field, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(field + ": " + value + " (expected: at least " + min + ")");
        }
    }
}
