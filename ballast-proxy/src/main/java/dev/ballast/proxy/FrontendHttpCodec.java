package dev.ballast.proxy;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.CombinedChannelDuplexHandler;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.codec.http.LastHttpContent;

/**
 * The client-side HTTP/1.x codec with ALB's limits: request line 16 KB, headers 64 KB in all. It only decodes
 * bytes {@link RequestFramingGuard} let through (a request the guard passes on as a {@link RequestHead} and its body
 * bytes go past it undecoded), so framing decisions (Content-Length with Transfer-Encoding,
 * duplicate Content-Lengths) are the guard's and the desync mode's; Netty's defaults then drop Content-Length
 * beside chunked and fold identical duplicates into one. The encoder writes the load balancer's own responses and
 * target responses to HTTP/1.0 clients (an HTTP/1.1 client gets the target's bytes past it, see
 * {@link ResponseHead}); it knows when the response answers a HEAD request.
 *
 * <p>Not thread-safe: one per client connection, used on its event loop.
 */
final class FrontendHttpCodec extends CombinedChannelDuplexHandler<HttpRequestDecoder, HttpResponseEncoder> {
    private static final HttpDecoderConfig CONFIG = new HttpDecoderConfig()
            .setMaxInitialLineLength(RequestChecks.MAX_REQUEST_LINE)
            .setMaxHeaderSize(RequestChecks.MAX_HEADERS)
            .setMaxChunkSize(64 * 1024)
            .setAllowDuplicateContentLengths(true)
            // RFC 9112 rejects Transfer-Encoding with Content-Length, and in HTTP/1.0; AWS's desync classes call
            // both Ambiguous, which only strictest mode rejects: the guard classified them, the mode decides.
            .setUseRfc9112TransferEncoding(false);

    private final ResponseEncoder encoder;

    FrontendHttpCodec() {
        this(new ResponseEncoder());
    }

    private FrontendHttpCodec(ResponseEncoder encoder) {
        super(new RequestDecoder(), encoder);
        this.encoder = encoder;
    }

    /** Tells the encoder whether the next response answers a HEAD request (it then has no body). */
    void respondingToHead(boolean head) {
        encoder.head = head;
    }

    private static final class RequestDecoder extends HttpRequestDecoder {
        /** Between a {@link RequestHead} and the end of its body: the guard's bytes are that body, not for decoding. */
        private boolean passing;

        RequestDecoder() {
            super(CONFIG);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
            if (msg instanceof RequestHead) {
                passing = true;
            } else if (passing && msg == LastHttpContent.EMPTY_LAST_CONTENT) {
                passing = false;
            } else if (!passing) {
                super.channelRead(ctx, msg);
                return;
            }
            ctx.fireChannelRead(msg);
        }

        @Override
        protected void handleTransferEncodingChunkedWithContentLength(HttpMessage message) {
            // The body is chunked (RFC 9112 §6.3): drop Content-Length, but leave keep-alive to the desync mode.
            clearContentLength();
            message.headers().remove(HttpHeaderNames.CONTENT_LENGTH);
        }
    }

    private static final class ResponseEncoder extends HttpResponseEncoder {
        private boolean head;

        @Override
        protected boolean isContentAlwaysEmpty(HttpResponse msg) {
            return head || super.isContentAlwaysEmpty(msg);
        }
    }
}
