package dev.ballast.proxy;

import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import java.util.Iterator;
import java.util.Map;

/**
 * ALB's request limits and rejections: 414 for a request line over 16 KB, 431 for one header over 16 KB or all
 * headers over 64 KB, 405 for TRACE, 501 for a transfer coding other than chunked/identity, 400 for anything
 * malformed (including Content-Length with Transfer-Encoding, and differing duplicate Content-Lengths).
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
        if (hasUnsupportedTransferCoding(request.headers())) {
            return HttpResponseStatus.NOT_IMPLEMENTED;
        }
        return HttpResponseStatus.BAD_REQUEST;
    }

    /** The status to reject a well-formed request with, or null when it may proceed. */
    static HttpResponseStatus rejection(HttpRequest request) {
        HttpHeaders headers = request.headers();
        if (request.method().equals(HttpMethod.TRACE)) {
            return HttpResponseStatus.METHOD_NOT_ALLOWED;
        }
        if (hasUnsupportedTransferCoding(headers)) {
            return HttpResponseStatus.NOT_IMPLEMENTED;
        }
        if (headers.contains(HttpHeaderNames.TRANSFER_ENCODING) && headers.contains(HttpHeaderNames.CONTENT_LENGTH)) {
            return HttpResponseStatus.BAD_REQUEST;
        }
        if (request.protocolVersion().equals(HttpVersion.HTTP_1_1) && !headers.contains(HttpHeaderNames.HOST)) {
            return HttpResponseStatus.BAD_REQUEST;
        }
        Iterator<Map.Entry<CharSequence, CharSequence>> it = headers.iteratorCharSequence();
        while (it.hasNext()) {
            Map.Entry<CharSequence, CharSequence> header = it.next();
            // name ": " value, as on the wire
            if (header.getKey().length() + 2 + header.getValue().length() > MAX_HEADER_LINE) {
                return HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE;
            }
        }
        return null;
    }

    private static boolean hasUnsupportedTransferCoding(HttpHeaders headers) {
        for (String value : headers.getAll(HttpHeaderNames.TRANSFER_ENCODING)) {
            for (String coding : value.split(",")) {
                String c = coding.trim();
                if (!c.equalsIgnoreCase("chunked") && !c.equalsIgnoreCase("identity") && !c.isEmpty()) {
                    return true;
                }
            }
        }
        return false;
    }
}
