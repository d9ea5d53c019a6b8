package dev.ballast.proxy;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;

/**
 * The load balancer's own error answers to gRPC calls: a gRPC client reads the outcome of a call from
 * {@code grpc-status}, not from an HTML page, so an error the load balancer generates (no healthy target, target
 * connection failure, timeout, malformed request) becomes a trailers-only gRPC response with {@code :status 200},
 * {@code grpc-status} mapped from the HTTP status as gRPC's own HTTP-to-gRPC table does (502, 503 and 504 are
 * {@code UNAVAILABLE}, 14) and {@code grpc-message} naming the HTTP error. Access logs and metrics keep the HTTP
 * status.
 *
 * <p>Thread-safe (stateless).
 */
final class GrpcLocalResponses {
    static final String GRPC_STATUS = "grpc-status";
    static final String GRPC_MESSAGE = "grpc-message";
    static final String GRPC_CONTENT_TYPE = "application/grpc";

    private GrpcLocalResponses() {
    }

    /** True when {@code headers} are those of a gRPC call ({@code content-type: application/grpc[+proto...]}). */
    static boolean isGrpc(HttpHeaders headers) {
        String type = headers.get(HttpHeaderNames.CONTENT_TYPE);
        return type != null && type.regionMatches(true, 0, GRPC_CONTENT_TYPE, 0, GRPC_CONTENT_TYPE.length());
    }

    /** gRPC's status code for an HTTP status (gRPC's "HTTP to gRPC Status Code Mapping"). */
    static int statusFor(int httpStatus) {
        return switch (httpStatus) {
            case 400 -> 13; // INTERNAL
            case 401 -> 16; // UNAUTHENTICATED
            case 403 -> 7; // PERMISSION_DENIED
            case 404 -> 12; // UNIMPLEMENTED
            case 429, 502, 503, 504 -> 14; // UNAVAILABLE
            default -> 2; // UNKNOWN
        };
    }

    /**
     * The trailers-only answer for {@code status}; {@code http1} adds {@code Content-Length: 0} so that an HTTP/1.1
     * connection can frame it (HTTP/2 ends the stream with the headers).
     */
    static FullHttpResponse error(HttpResponseStatus status, boolean http1) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                Unpooled.EMPTY_BUFFER);
        response.headers()
                .set(HeaderNames.SERVER, LocalResponses.SERVER)
                .set(HeaderNames.CONTENT_TYPE, GRPC_CONTENT_TYPE)
                .setInt(GRPC_STATUS, statusFor(status.code()))
                // grpc-message is percent-encoded; a status and its reason phrase need no escaping
                .set(GRPC_MESSAGE, status.code() + " " + status.reasonPhrase());
        if (http1) {
            response.headers().setInt(HeaderNames.CONTENT_LENGTH, 0);
        }
        return response;
    }
}
