package dev.ballast.api.query;

/**
 * An HTTP answer of the API: status, XML body and the request id sent as {@code x-amzn-RequestId}.
 *
 * <p>Thread-safe (immutable).
 */
public record ApiResponse(int status, String body, String requestId) {}
