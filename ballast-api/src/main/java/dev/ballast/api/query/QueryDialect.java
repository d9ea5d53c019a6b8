package dev.ballast.api.query;

import dev.ballast.api.xml.XmlWriter;
import dev.ballast.control.error.AwsError;

/**
 * How a Query-protocol service shapes its answers: ELB, IAM and most services wrap the result in
 * {@code <XResponse><XResult>…</XResult><ResponseMetadata/></XResponse>} and answer errors with an
 * {@code ErrorResponse}; EC2 writes the result's members straight into {@code <XResponse>} after a
 * {@code requestId} and answers errors with {@code <Response><Errors><Error/></Errors><RequestID/></Response>}.
 *
 * <p>Implementations must be thread-safe.
 */
public interface QueryDialect {
    /** The wrapped-result dialect of ELB, IAM and the other Query services. */
    QueryDialect WRAPPED_RESULT = new QueryDialect() {
        @Override
        public XmlWriter open(String action, String namespace, String requestId) {
            return new XmlWriter().startRoot(action + "Response", namespace).start(action + "Result");
        }

        @Override
        public String close(XmlWriter xml, String requestId) {
            return xml.end().start("ResponseMetadata").element("RequestId", requestId).end().end().toString();
        }

        @Override
        public ApiResponse error(String namespace, AwsError error, String message, String requestId) {
            return ErrorResponseWriter.render(namespace, error, message, requestId);
        }
    };

    /** Starts the answer to {@code action}; the action writes its members into the returned writer. */
    XmlWriter open(String action, String namespace, String requestId);

    /** Finishes the answer {@link #open} started; the document. */
    String close(XmlWriter xml, String requestId);

    /** The error document for {@code error}, with its HTTP status. */
    ApiResponse error(String namespace, AwsError error, String message, String requestId);
}
