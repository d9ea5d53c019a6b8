package dev.ballast.api.http;

import dev.ballast.api.console.ConsoleFiles;
import dev.ballast.api.query.ApiResponse;
import dev.ballast.control.error.AwsError;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Faces the API client: collects one request (head and body, within the body limit), hands it to the dispatch
 * executor and writes the answer back on the event loop. Reading stops while a request is being answered, so a
 * connection has at most one request in the server at a time. Malformed, oversized and over-long requests are
 * answered 400/413/414/431 and closed; a full dispatch queue is answered 503 ServiceUnavailable.
 *
 * <p>Not thread-safe: one per connection, on its event loop; only the dispatch task runs elsewhere, and it hands
 * its answer back to the event loop.
 */
final class ApiFrontendHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(ApiFrontendHandler.class);
    private static final String OVERLOADED = "The request has failed due to a temporary failure of the server.";

    private final ApiEndpointLimits limits;
    private final RequestArrivalGuard guard;
    private final EndpointResponder responder;
    private final ApiRequestAnswerer answerer;
    private final Executor dispatch;
    private final ConsoleFiles consoleFiles;
    private HttpRequest head;
    private ByteBuf body;
    private boolean discarding;

    ApiFrontendHandler(ApiEndpointLimits limits, RequestArrivalGuard guard, EndpointResponder responder,
                       ApiRequestAnswerer answerer, Executor dispatch, ConsoleFiles consoleFiles) {
        this.limits = limits;
        this.guard = guard;
        this.responder = responder;
        this.answerer = answerer;
        this.dispatch = dispatch;
        this.consoleFiles = consoleFiles;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (discarding) {
                return;
            }
            if (msg instanceof HttpRequest request && !onHead(ctx, request)) {
                return;
            }
            if (msg instanceof HttpContent content) {
                onContent(ctx, content);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    /** False when the request was refused. */
    private boolean onHead(ChannelHandlerContext ctx, HttpRequest request) {
        if (request.decoderResult().isFailure()) {
            refuseMalformed(ctx, request.decoderResult());
            return false;
        }
        guard.headReceived();
        long length = HttpUtil.getContentLength(request, -1L);
        if (length > limits.maxBodyBytes()) {
            refuse(ctx, EndpointError.REQUEST_ENTITY_TOO_LARGE, "Content-Length: " + length + " (expected: at most "
                    + limits.maxBodyBytes() + ")");
            return false;
        }
        if (HttpUtil.is100ContinueExpected(request)) {
            ctx.writeAndFlush(ResponseBytes.continue100(ctx.alloc()));
        }
        head = request;
        releaseBody();
        body = ctx.alloc().buffer((int) Math.min(Math.max(length, 256), limits.maxBodyBytes()));
        return true;
    }

    private void onContent(ChannelHandlerContext ctx, HttpContent content) {
        if (content.decoderResult().isFailure()) {
            refuseMalformed(ctx, content.decoderResult());
            return;
        }
        if (head == null) {
            return;
        }
        ByteBuf bytes = content.content();
        if (body.readableBytes() + bytes.readableBytes() > limits.maxBodyBytes()) {
            refuse(ctx, EndpointError.REQUEST_ENTITY_TOO_LARGE, "request body: more than " + limits.maxBodyBytes()
                    + " bytes (expected: at most " + limits.maxBodyBytes() + ")");
            return;
        }
        body.writeBytes(bytes);
        if (content instanceof LastHttpContent) {
            onRequestComplete(ctx);
        }
    }

    private void onRequestComplete(ChannelHandlerContext ctx) {
        HttpRequest request = head;
        byte[] bytes = new byte[body.readableBytes()];
        body.readBytes(bytes);
        head = null;
        releaseBody();
        guard.requestReceived();
        // No more reads until this request is answered: one request per connection in the server at a time.
        ctx.channel().config().setAutoRead(false);
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        String uri = RequestTarget.originForm(request.uri());
        int q = uri.indexOf('?');
        String rawPath = q < 0 ? uri : uri.substring(0, q);
        String rawQuery = q < 0 ? null : uri.substring(q + 1);
        String method = request.method().name();
        if (method.equals("GET") && rawPath.equals("/ping")) {
            responder.sendPing(ctx, !keepAlive).addListener(f -> afterResponse(ctx, keepAlive, f.isSuccess()));
            return;
        }
        if (method.equals("GET") && ConsoleFiles.serves(rawPath)) {
            // static files held in memory, unsigned (they hold no state; the page signs its own API calls)
            responder.sendConsoleFile(ctx, consoleFiles, rawPath, !keepAlive)
                    .addListener(f -> afterResponse(ctx, keepAlive, f.isSuccess()));
            return;
        }
        ApiRequest call = new ApiRequest(method, rawPath, rawQuery, lowerCaseHeaders(request), bytes);
        try {
            dispatch.execute(() -> {
                ApiResponse response = answer(call);
                ctx.executor().execute(() -> respond(ctx, response, keepAlive));
            });
        } catch (RejectedExecutionException e) {
            log.warn("API overloaded: {} refused with ServiceUnavailable (dispatch queue full)", ctx.channel());
            respond(ctx, answerer.error(call, AwsError.SERVICE_UNAVAILABLE, OVERLOADED), keepAlive);
        }
    }

    private ApiResponse answer(ApiRequest call) {
        try {
            return answerer.answer(call);
        } catch (RuntimeException e) {
            log.error("API request failed", e);
            return answerer.error(call, AwsError.INTERNAL_FAILURE, "internal failure: " + e);
        }
    }

    private void respond(ChannelHandlerContext ctx, ApiResponse response, boolean keepAlive) {
        if (!ctx.channel().isActive()) {
            return;
        }
        responder.send(ctx, response, !keepAlive).addListener(f -> afterResponse(ctx, keepAlive, f.isSuccess()));
    }

    private void afterResponse(ChannelHandlerContext ctx, boolean keepAlive, boolean written) {
        if (keepAlive && written) {
            guard.responseSent();
            ctx.channel().config().setAutoRead(true);
        }
    }

    private void refuseMalformed(ChannelHandlerContext ctx, DecoderResult result) {
        Throwable cause = result.cause();
        if (cause instanceof TooLongHttpHeaderException) {
            refuse(ctx, EndpointError.REQUEST_HEADER_FIELDS_TOO_LARGE, "request headers: more than "
                    + limits.maxHeaderBytes() + " bytes (expected: at most " + limits.maxHeaderBytes() + ")");
        } else if (cause instanceof TooLongHttpLineException) {
            refuse(ctx, EndpointError.REQUEST_URI_TOO_LONG, "request line: more than "
                    + ApiEndpointLimits.MAX_REQUEST_LINE_BYTES + " bytes (expected: at most "
                    + ApiEndpointLimits.MAX_REQUEST_LINE_BYTES + ")");
        } else {
            refuse(ctx, EndpointError.MALFORMED_REQUEST, "request: " + cause.getMessage()
                    + " (expected: an HTTP/1.1 request)");
        }
    }

    /** Answers {@code error} and closes; whatever else arrives on the connection is dropped. */
    private void refuse(ChannelHandlerContext ctx, EndpointError error, String message) {
        discarding = true;
        head = null;
        releaseBody();
        guard.stop();
        responder.fail(ctx, error, message);
    }

    private static Map<String, List<String>> lowerCaseHeaders(HttpRequest request) {
        Map<String, List<String>> out = new HashMap<>();
        request.headers().forEach(e -> out.computeIfAbsent(e.getKey().toLowerCase(Locale.ROOT),
                k -> new ArrayList<>()).add(e.getValue()));
        return out;
    }

    private void releaseBody() {
        if (body != null) {
            body.release();
            body = null;
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        releaseBody();
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("API connection {} failed: {}", ctx.channel(), cause.toString());
        ctx.close();
    }
}
