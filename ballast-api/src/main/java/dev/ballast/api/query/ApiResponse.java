package dev.ballast.api.query;

/**
 * An HTTP answer of the API: status, body, the request id sent as {@code x-amzn-RequestId} and the body's content
 * type ({@code text/xml} for the Query protocol, {@code application/x-amz-json-1.1} for JSON protocols).
 *
 * <p>Thread-safe (immutable).
 */
public record ApiResponse(int status, String body, String requestId, String contentType) {
    /** A Query-protocol (XML) answer. */
    public ApiResponse(int status, String body, String requestId) {
        this(status, body, requestId, "text/xml");
    }
}
