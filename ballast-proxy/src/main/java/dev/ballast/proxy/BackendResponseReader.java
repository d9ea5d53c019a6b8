package dev.ballast.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.DecoderResultProvider;

/**
 * Reads a target connection's responses without decoding them into objects: each head is collected, parsed
 * strictly by {@link ResponseHead} and passed on as that (reused) view; the body follows as slices of the buffers
 * read, framed by Content-Length, chunked (checked as it streams by a {@link ChunkedBodyScanner}, its chunk framing
 * kept unless told to take it off) or by the close; {@link #END} marks the end of each response, interim ones
 * included. A head or body that breaks HTTP/1.1 is passed on as {@link #MALFORMED} and nothing after it is. After a
 * 101 to an upgrade request the rest of the stream passes as raw bytes.
 *
 * <p>Not thread-safe: one per target connection, used on its event loop.
 */
final class BackendResponseReader extends InPlaceByteReader {
    /** The end of one response (interim responses have their own). */
    static final Object END = new Object() {
        @Override
        public String toString() {
            return "END";
        }
    };
    /** The response broke HTTP/1.1 framing; nothing of the connection follows it. */
    static final DecoderResultProvider MALFORMED = new DecoderResultProvider() {
        private final DecoderResult failure = DecoderResult.failure(
                new IllegalStateException("malformed response from the target"));

        @Override
        public DecoderResult decoderResult() {
            return failure;
        }

        @Override
        public void setDecoderResult(DecoderResult result) {
            throw new UnsupportedOperationException();
        }
    };

    /** ALB's limits towards targets: a 16 KB status or header line, 64 KB of head in all. */
    private static final int MAX_LINE = 16 * 1024;
    /** The most bytes a target's response head may hold (ALB's own limit); HTTP/2 targets get the same. */
    static final int MAX_HEAD = 64 * 1024;

    private enum State { HEAD, LENGTH_BODY, CHUNKED_BODY, CLOSE_BODY, TUNNEL, FAILED }

    private final ResponseHead head = new ResponseHead();
    private final ChunkedBodyScanner chunked = new ChunkedBodyScanner();
    private State state = State.HEAD;
    private final HeadCollector collected = new HeadCollector();
    private long remaining;
    private boolean headRequest;
    private boolean dechunk;
    private boolean upgradeRequest;

    /**
     * Says what the next response answers: a HEAD request (no body whatever the head says), whether its chunked body
     * is passed on without the chunk framing ({@code dechunk}), and whether the request asked for an upgrade (only
     * then may a 101 switch the connection to raw bytes).
     */
    void expect(boolean headRequest, boolean dechunk, boolean upgradeRequest) {
        this.headRequest = headRequest;
        this.dechunk = dechunk;
        this.upgradeRequest = upgradeRequest;
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (state == State.CLOSE_BODY) {
            end(); // the close ends the body
        } else if (state == State.LENGTH_BODY || state == State.CHUNKED_BODY
                || state == State.HEAD && !collected.isEmpty()) {
            fail(); // closed before the response was complete
        }
        ctx.fireChannelInactive();
    }

    @Override
    protected void read(ByteBuf in) {
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
                        end();
                    }
                }
                case CHUNKED_BODY -> index = dechunk ? dechunked(in, index, end) : chunkedAsIs(in, index, end);
                case CLOSE_BODY, TUNNEL -> {
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
            if (collected.isEmpty()) {
                byte b = in.getByte(index);
                if (b == '\r' || b == '\n') {
                    index++; // empty lines before a status line are skipped, as Netty's decoder did
                    continue;
                }
            }
            int lf = in.indexOf(index, end, (byte) '\n');
            int stop = lf < 0 ? end : lf + 1;
            if (collected.lineLengthWith(stop - index) > MAX_LINE || collected.length() + stop - index > MAX_HEAD) {
                fail();
                return end;
            }
            collected.append(in, index, stop - index);
            index = stop;
            if (lf < 0) {
                return index;
            }
            boolean statusLine = collected.inStartLine();
            if (collected.wasEmpty(collected.endLine()) && !statusLine) {
                headComplete();
                return index;
            }
        }
        return index;
    }

    private void headComplete() {
        String bad = head.parse(collected.bytes(), collected.length());
        // the view keeps reading the array until it has been passed on; the next head only starts after that
        collected.reset();
        if (bad != null) {
            fail();
            return;
        }
        int status = head.status();
        if (status == 101) {
            if (!upgradeRequest) {
                fail(); // switching protocols without being asked to: nothing after it can be read as HTTP
                return;
            }
            state = State.TUNNEL;
            ctx.fireChannelRead(head);
            ctx.fireChannelRead(END);
            return;
        }
        if (status < 200 || headRequest || status == 204 || status == 304
                || head.framing() == ResponseHead.Framing.LENGTH && head.contentLength() == 0) {
            ctx.fireChannelRead(head);
            end();
            return;
        }
        switch (head.framing()) {
            case LENGTH -> {
                remaining = head.contentLength();
                state = State.LENGTH_BODY;
            }
            case CHUNKED -> {
                chunked.reset();
                state = State.CHUNKED_BODY;
            }
            case UNTIL_CLOSE -> state = State.CLOSE_BODY;
            default -> throw new IllegalStateException(head.framing().name());
        }
        ctx.fireChannelRead(head);
    }

    /** Passes chunked body bytes on as they are, framing included, as far as they are well-formed. */
    private int chunkedAsIs(ByteBuf in, int index, int end) {
        int stop = chunked.scan(in, index, end);
        pass(in, index, stop - index);
        return afterChunkedScan(stop, end);
    }

    /** Passes the chunk data on without the chunk framing around it (trailer fields are not passed on). */
    private int dechunked(ByteBuf in, int index, int end) {
        long data = chunked.dataRemaining();
        if (data > 0) {
            int n = (int) Math.min(data, end - index);
            pass(in, index, n);
            return chunked.scan(in, index, index + n);
        }
        return afterChunkedScan(chunked.scanFraming(in, index, end), end);
    }

    /** Ends the response when the scanner reached the body's end, fails it at a bad byte; the index to go on at. */
    private int afterChunkedScan(int stop, int end) {
        if (chunked.failure() != null) {
            fail();
            return end;
        }
        if (chunked.done()) {
            end();
        }
        return stop;
    }

    private void end() {
        state = state == State.TUNNEL ? State.TUNNEL : State.HEAD;
        if (state == State.HEAD && head.status() >= 200) {
            headRequest = false;
            upgradeRequest = false;
        }
        ctx.fireChannelRead(END);
    }

    private void fail() {
        state = State.FAILED;
        collected.reset();
        ctx.fireChannelRead(MALFORMED);
    }
}
