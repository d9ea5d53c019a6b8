package dev.ballast.proxy;

import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * Sent down the pipeline by {@link RequestFramingGuard} in place of the bytes it refused: the client's stream can no
 * longer be read as HTTP, so the exchange ends with {@code status} (or a close) and both connections close.
 *
 * @param status 400 for broken framing, 408 for a head that did not arrive in time, 414/431 for oversized heads
 * @param reason what was wrong, for logs and counters
 *
 * <p>Thread-safe (immutable).
 */
record RequestFramingError(HttpResponseStatus status, String reason) {
}
