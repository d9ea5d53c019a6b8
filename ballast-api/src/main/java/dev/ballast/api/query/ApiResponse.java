package dev.ballast.api.query;

/**
 * An HTTP answer of the API: status, body, the request id sent as {@code x-amzn-RequestId}, the body's content
 * type ({@code text/xml} for the Query and REST-XML protocols, {@code application/x-amz-json-1.1} for JSON
 * protocols) and, for a REST API's 201 Created, the new resource's {@code Location}.
 *
 * <p>Thread-safe (immutable).
 *
 * @param location the {@code Location} header, or null for none
 */
public record ApiResponse(int status, String body, String requestId, String contentType, String location) {
    /** A Query-protocol (XML) answer. */
    public ApiResponse(int status, String body, String requestId) {
        this(status, body, requestId, "text/xml");
    }

    /** An answer without {@code Location}. */
    public ApiResponse(int status, String body, String requestId, String contentType) {
        this(status, body, requestId, contentType, null);
    }
}
