package dev.ballast.api.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Watches the raw bytes of one API connection, before the HTTP decoder: a request's first byte starts two fixed
 * deadlines (the head, and the whole request), which more bytes do not extend, so a client sending one byte at a
 * time is cut off like a silent one (408 and close); a connection with no request under way is closed silently
 * after the idle timeout; and the connection's first request line must look like HTTP, so that binary garbage (a TLS
 * handshake, say) is answered 400 at once instead of waiting for a line end. The {@link ApiFrontendHandler} tells it
 * when the head and the whole request have arrived and when the response is out.
 *
 * <p>Not thread-safe: one per connection, used on its event loop only.
 */
final class RequestArrivalGuard extends ChannelInboundHandlerAdapter {
    private enum State { IDLE, RECEIVING, ANSWERING, DONE }

    private final ApiEndpointLimits limits;
    private final EndpointResponder responder;
    private ChannelHandlerContext ctx;
    private State state = State.IDLE;
    /** Bytes of the next request came while answering the current one (a pipelining client). */
    private boolean nextRequestStarted;
    private boolean firstLineChecked;
    private int firstLineOffset;
    private ScheduledFuture<?> idleTimer;
    private ScheduledFuture<?> headTimer;
    private ScheduledFuture<?> requestTimer;

    RequestArrivalGuard(ApiEndpointLimits limits, EndpointResponder responder) {
        this.limits = limits;
        this.responder = responder;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        idleTimer = schedule(limits.idleTimeout(), this::onIdle);
        super.channelActive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf bytes)) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (state == State.DONE) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (state == State.IDLE) {
            startRequest();
        } else if (state == State.ANSWERING) {
            nextRequestStarted = true;
        }
        if (!firstLineChecked && !checkFirstLine(bytes)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        ctx.fireChannelRead(msg);
    }

    /**
     * Checks the bytes of the connection's first request line: leading empty lines are allowed, then visible ASCII
     * and spaces up to the line end (RFC 9112 request-line). Answers 400 and closes on the first byte that is not.
     */
    private boolean checkFirstLine(ByteBuf bytes) {
        for (int i = bytes.readerIndex(); i < bytes.writerIndex(); i++) {
            int b = bytes.getByte(i) & 0xff;
            boolean lineEnd = b == '\n' || b == '\r';
            if (lineEnd && firstLineOffset > 0) {
                firstLineChecked = true;
                return true;
            }
            if (!lineEnd) {
                if (b < 0x20 || b > 0x7e || (firstLineOffset == 0 && b == ' ')) {
                    stop();
                    responder.fail(ctx, EndpointError.MALFORMED_REQUEST, String.format(
                            "request line: byte 0x%02x at offset %d (expected: an HTTP/1.1 request line)", b,
                            firstLineOffset));
                    return false;
                }
                firstLineOffset++;
            }
        }
        return true;
    }

    /** The request's head has arrived: the head timeout no longer applies. */
    void headReceived() {
        startIfIdle();
        cancel(headTimer);
    }

    /** The whole request has arrived and is being answered: no deadline runs while the server works. */
    void requestReceived() {
        startIfIdle();
        cancel(headTimer);
        cancel(requestTimer);
        if (state == State.RECEIVING) {
            state = State.ANSWERING;
        }
    }

    /**
     * A pipelined request whose first bytes came in the same read as the end of the previous one was not seen
     * starting here; it starts when the decoder hands it on.
     */
    private void startIfIdle() {
        if (state == State.IDLE) {
            startRequest();
        }
    }

    /** The response is out and the connection stays open: wait for the next request. */
    void responseSent() {
        if (state != State.ANSWERING) {
            return;
        }
        if (nextRequestStarted) {
            nextRequestStarted = false;
            startRequest();
        } else {
            state = State.IDLE;
            idleTimer = schedule(limits.idleTimeout(), this::onIdle);
        }
    }

    /** The connection is being closed with an answer: no timer may answer too. */
    void stop() {
        state = State.DONE;
        cancelAll();
    }

    private void startRequest() {
        cancel(idleTimer);
        state = State.RECEIVING;
        headTimer = schedule(limits.requestHeadTimeout(), this::onHeadTimeout);
        requestTimer = schedule(limits.requestTimeout(), this::onRequestTimeout);
    }

    private void onIdle() {
        if (state == State.IDLE) {
            stop();
            ctx.close();
        }
    }

    private void onHeadTimeout() {
        timeOut("request head", limits.requestHeadTimeout(), "the whole head", "its first byte");
    }

    private void onRequestTimeout() {
        timeOut("request", limits.requestTimeout(), "head and body", "the first byte");
    }

    private void timeOut(String what, Duration limit, String expected, String since) {
        if (state == State.RECEIVING) {
            stop();
            long millis = limit.toMillis();
            responder.fail(ctx, EndpointError.REQUEST_TIMEOUT, what + ": not complete after " + millis
                    + " ms (expected: " + expected + " within " + millis + " ms of " + since + ")");
        }
    }

    private ScheduledFuture<?> schedule(Duration delay, Runnable task) {
        return ctx.executor().schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void cancelAll() {
        cancel(idleTimer);
        cancel(headTimer);
        cancel(requestTimer);
    }

    private static void cancel(ScheduledFuture<?> timer) {
        if (timer != null) {
            timer.cancel(false);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        stop();
        super.channelInactive(ctx);
    }
}
