package dev.ballast.api.query;

import dev.ballast.api.xml.XmlWriter;
import dev.ballast.control.error.AwsError;

/**
 * Renders AWS's Query-protocol error document:
 * {@code <ErrorResponse><Error><Type/><Code/><Message/></Error><RequestId/></ErrorResponse>}, with the
 * error's HTTP status.
 *
 * <p>Thread-safe (stateless).
 */
public final class ErrorResponseWriter {
    private ErrorResponseWriter() {}

    /** The error response for {@code error} in {@code namespace}. */
    public static ApiResponse render(String namespace, AwsError error, String message, String requestId) {
        return render(namespace, error.type(), error.code(), error.httpStatus(), message, requestId);
    }

    /** The error response with fault {@code type}, {@code code} and HTTP {@code status} in {@code namespace}. */
    public static ApiResponse render(String namespace, String type, String code, int status, String message,
                                     String requestId) {
        XmlWriter xml = new XmlWriter().startRoot("ErrorResponse", namespace)
                .start("Error")
                .element("Type", type)
                .element("Code", code)
                .element("Message", message)
                .end()
                .element("RequestId", requestId)
                .end();
        return new ApiResponse(status, xml.toString(), requestId);
    }
}
