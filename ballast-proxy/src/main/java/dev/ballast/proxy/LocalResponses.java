package dev.ballast.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.DateFormatter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.Date;

/**
 * The responses the load balancer writes itself: error pages shaped like ALB's, fixed responses and redirects,
 * each with {@code Server: awselb/2.0}.
 *
 * <p>Thread-safe (stateless).
 */
final class LocalResponses {
    static final String SERVER = "awselb/2.0";

    private LocalResponses() {
    }

    /** ALB's HTML page for {@code status}, e.g. {@code 502 Bad Gateway}. */
    static FullHttpResponse error(ByteBufAllocator alloc, HttpResponseStatus status) {
        return html(alloc, status);
    }

    /** A redirect to {@code location} with ALB's HTML body. */
    static FullHttpResponse redirect(ByteBufAllocator alloc, HttpResponseStatus status, String location) {
        FullHttpResponse response = html(alloc, status);
        response.headers().set(HeaderNames.LOCATION, location);
        return response;
    }

    /** A fixed response with the configured status, content type and body. */
    static FullHttpResponse fixed(ByteBufAllocator alloc, int status, String contentType, String body) {
        String type = (contentType == null ? "text/plain" : contentType) + "; charset=utf-8";
        return response(alloc, HttpResponseStatus.valueOf(status), type, body);
    }

    /** ALB's pages carry nginx's reason phrases where they differ from the RFC's. */
    private static HttpResponseStatus albStatus(HttpResponseStatus status) {
        return switch (status.code()) {
            case 405 -> new HttpResponseStatus(405, "Not Allowed");
            case 414 -> new HttpResponseStatus(414, "Request-URI Too Large");
            case 503 -> new HttpResponseStatus(503, "Service Temporarily Unavailable");
            case 504 -> new HttpResponseStatus(504, "Gateway Time-out");
            default -> status;
        };
    }

    private static FullHttpResponse html(ByteBufAllocator alloc, HttpResponseStatus rfcStatus) {
        HttpResponseStatus status = albStatus(rfcStatus);
        String title = status.code() + " " + status.reasonPhrase();
        String body = "<html>\r\n<head><title>" + title + "</title></head>\r\n<body>\r\n<center><h1>" + title
                + "</h1></center>\r\n</body>\r\n</html>\r\n";
        return response(alloc, status, "text/html", body);
    }

    private static FullHttpResponse response(ByteBufAllocator alloc, HttpResponseStatus status, String contentType,
                                             String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ByteBuf content = alloc.buffer(bytes.length).writeBytes(bytes);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, content);
        response.headers()
                .set(HeaderNames.SERVER, SERVER)
                .set(HeaderNames.DATE, DateFormatter.format(new Date()))
                .set(HeaderNames.CONTENT_TYPE, contentType)
                .setInt(HeaderNames.CONTENT_LENGTH, bytes.length);
        return response;
    }
}
