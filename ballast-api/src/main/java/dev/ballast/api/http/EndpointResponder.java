package dev.ballast.api.http;

import dev.ballast.api.console.ConsoleFile;
import dev.ballast.api.console.ConsoleFiles;
import dev.ballast.api.query.ApiResponse;
import dev.ballast.api.query.ErrorResponseWriter;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Writes the API endpoint's answers: responses in their content type with {@code x-amzn-RequestId}, and the
 * endpoint's own HTTP-level errors as ErrorResponse documents followed by a close.
 *
 * <p>Thread-safe (immutable); call on the channel's event loop.
 */
final class EndpointResponder {
    private final String errorNamespace;

    EndpointResponder(String errorNamespace) {
        this.errorNamespace = errorNamespace;
    }

    /** Writes {@code response} in one buffer; closes the connection after it when {@code close}. */
    ChannelFuture send(ChannelHandlerContext ctx, ApiResponse response, boolean close) {
        return write(ctx, ResponseBytes.encode(ctx.alloc(), response.status(), response.contentType(), response.body(),
                response.requestId(), response.location(), close), close);
    }

    /** Answers {@code GET /ping}. */
    ChannelFuture sendPing(ChannelHandlerContext ctx, boolean close) {
        return write(ctx, ResponseBytes.encode(ctx.alloc(), 200, "text/plain", "ok\n", null, null, close), close);
    }

    /**
     * Answers a request under {@code /console} with the file it names and the console's security headers, or 404
     * when it names none.
     */
    ChannelFuture sendConsoleFile(ChannelHandlerContext ctx, ConsoleFiles files, String rawPath, boolean close) {
        ConsoleFile file = files.find(rawPath).orElse(null);
        if (file == null) {
            byte[] notFound = ("console file: " + rawPath + " (expected: /console/ or a file it loads)\n")
                    .getBytes(StandardCharsets.UTF_8);
            return write(ctx, ResponseBytes.encode(ctx.alloc(), 404, "text/plain; charset=utf-8", notFound,
                    ConsoleFiles.SECURITY_HEADERS, close), close);
        }
        return write(ctx, ResponseBytes.encode(ctx.alloc(), 200, file.contentType(), file.bytes(),
                ConsoleFiles.SECURITY_HEADERS, close), close);
    }

    /** Answers {@code error} with {@code message} and closes the connection. */
    void fail(ChannelHandlerContext ctx, EndpointError error, String message) {
        send(ctx, ErrorResponseWriter.render(errorNamespace, "Sender", error.code(), error.status(), message,
                UUID.randomUUID().toString()), true);
    }

    private static ChannelFuture write(ChannelHandlerContext ctx, Object bytes, boolean close) {
        ChannelFuture written = ctx.writeAndFlush(bytes);
        if (close) {
            written.addListener(ChannelFutureListener.CLOSE);
        }
        return written;
    }
}
