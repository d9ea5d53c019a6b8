package dev.ballast.proxy;

import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;

/**
 * ALB's request limits and the rejections that do not depend on framing: 414 for a request line over 16 KB, 431 for
 * one header over 16 KB or all headers over 64 KB (enforced on the raw bytes by {@link RequestFramingGuard}),
 * 405 for TRACE, 400 for anything the decoder could not parse. Framing rejections are {@link HeadVerdict}'s.
 *
 * <p>Thread-safe (stateless).
 */
final class RequestChecks {
    /** The longest request line ALB accepts. */
    static final int MAX_REQUEST_LINE = 16 * 1024;
    /** The longest single header line ALB accepts. */
    static final int MAX_HEADER_LINE = 16 * 1024;
    /** The most header bytes ALB accepts in one request. */
    static final int MAX_HEADERS = 64 * 1024;

    private RequestChecks() {
    }

    /** The status for a request the decoder could not parse. */
    static HttpResponseStatus forDecoderFailure(HttpRequest request) {
        DecoderResult result = request.decoderResult();
        Throwable cause = result.cause();
        if (cause instanceof TooLongHttpLineException) {
            return HttpResponseStatus.REQUEST_URI_TOO_LONG;
        }
        if (cause instanceof TooLongHttpHeaderException) {
            return HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE;
        }
        return HttpResponseStatus.BAD_REQUEST;
    }

    /** The status to reject a well-formed request with, or null when it may proceed. */
    static HttpResponseStatus rejection(HttpRequest request) {
        return rejection(request.method());
    }

    /** The status to reject a well-formed request with {@code method}, or null when it may proceed. */
    static HttpResponseStatus rejection(HttpMethod method) {
        if (method.equals(HttpMethod.TRACE)) {
            return HttpResponseStatus.METHOD_NOT_ALLOWED;
        }
        return null;
    }
}
