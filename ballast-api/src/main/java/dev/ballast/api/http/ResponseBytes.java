package dev.ballast.api.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Encodes a whole HTTP/1.1 response (status line, headers and body) into one buffer, so that it leaves in one write
 * and one TCP segment: a head and body written apart would wait on the client's delayed ACK.
 *
 * <p>Thread-safe (stateless).
 */
final class ResponseBytes {
    private static final byte[] CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private ResponseBytes() {}

    /**
     * The response with {@code status}, {@code contentType} and {@code body}.
     *
     * @param requestId sent as {@code x-amzn-RequestId}; null for none
     * @param location sent as {@code Location}; null for none
     * @param close adds {@code Connection: close}
     */
    static ByteBuf encode(ByteBufAllocator alloc, int status, String contentType, String body, String requestId,
                          String location, boolean close) {
        List<Map.Entry<String, String>> extra = new ArrayList<>(2);
        if (requestId != null) {
            extra.add(Map.entry("x-amzn-RequestId", requestId));
        }
        if (location != null) {
            extra.add(Map.entry("Location", location));
        }
        return encode(alloc, status, contentType, body.getBytes(StandardCharsets.UTF_8), extra, close);
    }

    /**
     * The response with {@code status}, {@code contentType}, {@code content} and the {@code extra} headers.
     *
     * @param close adds {@code Connection: close}
     */
    static ByteBuf encode(ByteBufAllocator alloc, int status, String contentType, byte[] content,
                          List<Map.Entry<String, String>> extra, boolean close) {
        StringBuilder head = new StringBuilder(160)
                .append("HTTP/1.1 ").append(status).append(' ')
                .append(HttpResponseStatus.valueOf(status).reasonPhrase()).append("\r\n")
                .append("Content-Type: ").append(contentType).append("\r\n")
                .append("Content-Length: ").append(content.length).append("\r\n");
        for (Map.Entry<String, String> header : extra) {
            head.append(header.getKey()).append(": ").append(header.getValue()).append("\r\n");
        }
        if (close) {
            head.append("Connection: close\r\n");
        }
        head.append("\r\n");
        ByteBuf out = alloc.buffer(head.length() + content.length);
        out.writeCharSequence(head, StandardCharsets.US_ASCII);
        out.writeBytes(content);
        return out;
    }

    /** The interim {@code 100 Continue} for a request that expects it. */
    static ByteBuf continue100(ByteBufAllocator alloc) {
        return alloc.buffer(CONTINUE.length).writeBytes(CONTINUE);
    }
}
