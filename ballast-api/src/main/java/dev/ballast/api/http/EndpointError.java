package dev.ballast.api.http;

/**
 * The HTTP-level failures the API endpoint answers itself, before a request reaches the dispatcher. AWS has no
 * fixed code or text for these, so the codes name the HTTP status and the messages say what was expected.
 *
 * <p>Thread-safe (enum).
 */
enum EndpointError {
    MALFORMED_REQUEST(400, "MalformedHttpRequest"),
    REQUEST_TIMEOUT(408, "RequestTimeout"),
    REQUEST_ENTITY_TOO_LARGE(413, "RequestEntityTooLarge"),
    REQUEST_URI_TOO_LONG(414, "RequestURITooLong"),
    REQUEST_HEADER_FIELDS_TOO_LARGE(431, "RequestHeaderFieldsTooLarge");

    private final int status;
    private final String code;

    EndpointError(int status, String code) {
        this.status = status;
        this.code = code;
    }

    int status() {
        return status;
    }

    String code() {
        return code;
    }
}
