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
        XmlWriter xml = new XmlWriter().startRoot("ErrorResponse", namespace)
                .start("Error")
                .element("Type", error.type())
                .element("Code", error.code())
                .element("Message", message)
                .end()
                .element("RequestId", requestId)
                .end();
        return new ApiResponse(error.httpStatus(), xml.toString(), requestId);
    }
}
