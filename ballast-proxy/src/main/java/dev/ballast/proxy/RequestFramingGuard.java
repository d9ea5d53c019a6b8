package dev.ballast.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.TimeUnit;

/**
 * Sits in front of the HTTP decoder and follows the client's byte stream with strict HTTP/1.1 framing, so the
 * decoder (which is lenient: bare LF, int-wrapping chunk sizes, skipped chunk delimiters) only ever sees bytes
 * whose framing is unambiguous. Each request head is held until complete and classified by
 * {@link RequestHeadClassifier}. A Compliant HTTP/1.1 head without a chunked body or upgrade skips the decoder: it
 * goes on as a {@link RequestHead} view over its bytes, its body as the bytes that arrive (which the decoder lets
 * through after a {@code RequestHead}) and then {@code LastHttpContent.EMPTY_LAST_CONTENT}. Any other head is passed
 * on for the decoder right after its {@link HeadVerdict}, its body as the bytes that arrive. Bodies are checked
 * against the head's Content-Length or with a {@link ChunkedBodyScanner}. At the first byte that
 * breaks the framing, and when a head takes longer than the request-head timeout, it passes a
 * {@link RequestFramingError} instead and drops everything after. After a request with an Upgrade header the stream
 * passes unchecked: it may become another protocol, and the frontend closes the connection unless it does.
 *
 * <p>Not thread-safe: one per client connection, used on its event loop.
 */
final class RequestFramingGuard extends InPlaceByteReader implements ConnectionDeadlines.Watched {
    static final String NAME = "frontend-guard";

    private enum State { HEAD, LENGTH_BODY, CHUNKED_BODY, UNCHECKED, FAILED }

    private final long headTimeoutNanos;
    /** Made for the connection's first chunked body: most connections never send one. */
    private ChunkedBodyScanner chunked;
    private final RequestHeadClassifier classifier = new RequestHeadClassifier();
    /** The view passed on for heads that go on as bytes, reused for each. */
    private final RequestHead requestHead = new RequestHead();
    /** The body being read follows a {@link RequestHead}: its end is marked with an empty last content. */
    private boolean bytesBody;
    private State state = State.HEAD;
    private final HeadCollector head = new HeadCollector();
    /** Where the head starts in the buffer being read, or -1 when it started in an earlier one. */
    private int headStartIndex = -1;
    /** Bytes of header lines (after the request line) so far. */
    private int headerBytes;
    private boolean upgradeAfterBody;
    private long remaining;
    /** When the head being read started ({@link System#nanoTime()}). */
    private long headStartNanos;
    /**
     * Not before this time ({@link System#nanoTime()}) is a head timed out: pushed a timeout on whenever a check finds
     * the frontend not reading (an earlier request is still being answered, so the client is not the slow one).
     */
    private long notBeforeNanos;
    /**
     * The head deadline's checks by the event loop's {@link ConnectionDeadlines}: registered when the first head
     * starts, for the life of the connection (a check between heads costs a comparison, and requests on a kept-alive
     * connection register nothing).
     */
    private ConnectionDeadlines.Registration headTimer;

    RequestFramingGuard(long headTimeoutMillis) {
        this.headTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(headTimeoutMillis);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cancelHeadTimer();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cancelHeadTimer();
    }

    @Override
    protected void read(ByteBuf in) {
        headStartIndex = -1;
        int index = in.readerIndex();
        int end = in.writerIndex();
        while (index < end) {
            switch (state) {
                case HEAD -> index = readHead(in, index, end);
                case LENGTH_BODY -> {
                    int n = (int) Math.min(remaining, end - index);
                    pass(in, index, n);
                    index += n;
                    remaining -= n;
                    if (remaining == 0) {
                        bodyDone();
                    }
                }
                case CHUNKED_BODY -> {
                    int stop = chunked.scan(in, index, end);
                    pass(in, index, stop - index);
                    index = stop;
                    if (chunked.failure() != null) {
                        fail(HttpResponseStatus.BAD_REQUEST, chunked.failure());
                    } else if (chunked.done()) {
                        bodyDone();
                    }
                }
                case UNCHECKED -> {
                    pass(in, index, end - index);
                    index = end;
                }
                case FAILED -> index = end;
                default -> throw new IllegalStateException(state.name());
            }
        }
    }

    /** Copies head bytes, a line at a time, until the empty line; returns the index after the last byte taken. */
    private int readHead(ByteBuf in, int index, int end) {
        while (index < end) {
            if (head.isEmpty()) {
                byte b = in.getByte(index);
                if (b == '\r' || b == '\n') {
                    index++; // RFC 9112 §2.2: empty lines before a request line are ignored (the decoder skips them too)
                    continue;
                }
                startHeadTimer();
                headStartIndex = index;
            }
            int lf = in.indexOf(index, end, (byte) '\n');
            int stop = lf < 0 ? end : lf + 1;
            boolean requestLine = head.inStartLine();
            // the line so far without its LF (a CR before it counts, as the decoder counts it)
            int lineLength = head.lineLengthWith((lf < 0 ? end : lf) - index);
            if (requestLine && lineLength > RequestChecks.MAX_REQUEST_LINE) {
                fail(HttpResponseStatus.REQUEST_URI_TOO_LONG, "request line over "
                        + RequestChecks.MAX_REQUEST_LINE + " bytes");
                return end;
            }
            if (!requestLine && (lineLength > RequestChecks.MAX_HEADER_LINE
                    || headerBytes + lineLength > RequestChecks.MAX_HEADERS)) {
                fail(HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "header line or headers too long");
                return end;
            }
            head.append(in, index, stop - index);
            index = stop;
            if (lf < 0) {
                return index;
            }
            int length = head.endLine();
            if (!requestLine) {
                headerBytes += length;
            }
            // the request line is never empty (empty lines before it were skipped): an empty line ends the head
            if (head.wasEmpty(length)) {
                headComplete(in);
                return index;
            }
        }
        return index;
    }

    private void headComplete(ByteBuf in) {
        HeadVerdict verdict = classifier.next(head.bytes(), head.length());
        boolean asBytes = verdict.rejectStatus() == null && forwardsAsBytes(verdict);
        if (asBytes) {
            requestHead.parse(head.bytes(), head.length(), verdict);
            asBytes = requestHead.originForm();
        }
        if (asBytes) {
            bytesBody = true;
            ctx.fireChannelRead(requestHead);
        } else {
            ctx.fireChannelRead(verdict);
            if (verdict.rejectStatus() != null) {
                // the frontend answers it; nothing the client sends after it is read any more
                state = State.FAILED;
                resetHead();
                return;
            }
            // the head's own bytes when it came in this buffer (the usual case), else the copy
            ctx.fireChannelRead(headStartIndex >= 0 ? in.retainedSlice(headStartIndex, head.length())
                    : ctx.alloc().buffer(head.length()).writeBytes(head.bytes(), 0, head.length()));
        }
        resetHead();
        upgradeAfterBody = verdict.upgrade();
        if (verdict.bodyLength() == HeadVerdict.CHUNKED) {
            if (chunked == null) {
                chunked = new ChunkedBodyScanner();
            }
            chunked.reset();
            state = State.CHUNKED_BODY;
        } else if (verdict.bodyLength() > 0) {
            remaining = verdict.bodyLength();
            state = State.LENGTH_BODY;
        } else {
            bodyDone();
        }
    }

    private void bodyDone() {
        state = upgradeAfterBody ? State.UNCHECKED : State.HEAD;
        if (bytesBody) {
            bytesBody = false;
            ctx.fireChannelRead(LastHttpContent.EMPTY_LAST_CONTENT);
        }
    }

    /**
     * True when a head with {@code verdict} goes on as a {@link RequestHead} (not through the decoder): a Compliant
     * HTTP/1.1 request with no body or a Content-Length body and no upgrade. Every other head, and a target not in
     * origin-form, takes the decoder's path, which handles them as before.
     */
    private boolean forwardsAsBytes(HeadVerdict verdict) {
        return verdict.tier() == DesyncTier.COMPLIANT && !verdict.upgrade() && verdict.bodyLength() >= 0
                && isHttp11(head.bytes());
    }

    /** True when the request line in {@code bytes} (a complete, classified head) ends in {@code HTTP/1.1}. */
    private static boolean isHttp11(byte[] bytes) {
        int lf = 0;
        while (bytes[lf] != '\n') {
            lf++;
        }
        return lf >= 9 && bytes[lf - 2] == '1' && bytes[lf - 4] == '1'; // "...HTTP/1.1\r\n" (classified: HTTP/1.x)
    }


    private void resetHead() {
        head.reset();
        headerBytes = 0;
    }


    private void fail(HttpResponseStatus status, String reason) {
        cancelHeadTimer();
        state = State.FAILED;
        resetHead();
        ctx.fireChannelRead(new RequestFramingError(status, reason));
    }

    // ---- request-head timeout ----

    private void startHeadTimer() {
        headStartNanos = System.nanoTime();
        notBeforeNanos = headStartNanos;
        if (headTimer == null) {
            headTimer = ConnectionDeadlines.of(ctx.executor()).register(this);
        }
    }

    private void cancelHeadTimer() {
        if (headTimer != null) {
            headTimer.cancel();
            headTimer = null;
        }
    }

    @Override
    public void checkDeadlines(long nowNanos) {
        if (state != State.HEAD || head.isEmpty() || !ctx.channel().isActive()
                || nowNanos - headStartNanos < headTimeoutNanos || nowNanos - notBeforeNanos < 0) {
            return; // no head is being read, or it is not late (yet)
        }
        if (!ctx.channel().config().isAutoRead()) {
            // the frontend is not reading (an earlier request is still being answered), so the client is not the
            // slow one: a timeout later at the earliest
            notBeforeNanos = nowNanos + headTimeoutNanos;
            return;
        }
        fail(HttpResponseStatus.REQUEST_TIMEOUT, "request head not complete within the request-head timeout");
    }
}
