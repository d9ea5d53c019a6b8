package dev.ballast.proxy;

import io.netty.buffer.ByteBuf;

/**
 * Follows a chunked body (a client's request or a target's response) byte by byte with RFC 9112 §7.1's grammar,
 * strictly: hex chunk sizes that fit in an int (the decoder's limit; a larger one would wrap around in it),
 * extensions only after {@code ;}, CRLF
 * (never a bare LF) after every size line, chunk and trailer line, exactly size bytes of data, and well-formed
 * trailer fields that do not try to frame the message. It reports the first byte that breaks the grammar, so that
 * nothing from it on is forwarded.
 *
 * <p>Not thread-safe: one per client or target connection, used on its event loop.
 */
final class ChunkedBodyScanner {
    /** The longest chunk-size line with its extensions; longer ones are an abuse (HAProxy and NGINX cap them too). */
    static final int MAX_SIZE_LINE = 4096;

    private enum State {
        SIZE_FIRST, SIZE, SIZE_WS, EXT_NAME_START, EXT_NAME, EXT_AFTER_NAME, EXT_VALUE_START, EXT_TOKEN,
        EXT_QUOTED, EXT_QUOTED_ESCAPE, EXT_AFTER_VALUE, SIZE_LF, DATA, DATA_CR, DATA_LF,
        TRAILER_START, TRAILER_NAME, TRAILER_VALUE, TRAILER_LF, FINAL_LF, DONE, FAILED
    }

    private State state = State.SIZE_FIRST;
    private long size;
    private long remaining;
    private int lineLength;
    private int trailerBytes;
    private final StringBuilder trailerName = new StringBuilder();
    private String failure;

    /** Starts over for a new body. */
    void reset() {
        state = State.SIZE_FIRST;
        size = 0;
        remaining = 0;
        lineLength = 0;
        trailerBytes = 0;
        trailerName.setLength(0);
        failure = null;
    }

    /** True once the body's final CRLF was read. */
    boolean done() {
        return state == State.DONE;
    }

    /** Why the body broke the grammar, or null. */
    String failure() {
        return failure;
    }

    /**
     * Scans {@code buf[index, end)} and returns the index of the first byte not consumed: {@code end}, the byte after
     * the body when {@link #done()}, or the offending byte when {@link #failure()} is set.
     */
    int scan(ByteBuf buf, int index, int end) {
        return scan(buf, index, end, false);
    }

    /**
     * Like {@link #scan} but stops where chunk data starts (then {@link #dataRemaining()} is positive), so that a
     * caller re-framing the body can take the data without the chunk framing around it.
     */
    int scanFraming(ByteBuf buf, int index, int end) {
        return scan(buf, index, end, true);
    }

    /** The bytes of chunk data still to come in the current chunk (0 outside chunk data). */
    long dataRemaining() {
        return state == State.DATA ? remaining : 0;
    }

    private int scan(ByteBuf buf, int index, int end, boolean stopAtData) {
        while (index < end && state != State.DONE && state != State.FAILED) {
            if (stopAtData && state == State.DATA) {
                return index;
            }
            if (state == State.DATA) {
                int n = (int) Math.min(remaining, end - index);
                index += n;
                remaining -= n;
                if (remaining == 0) {
                    state = State.DATA_CR;
                }
                continue;
            }
            if (!accept(buf.getByte(index) & 0xff)) {
                return index;
            }
            index++;
        }
        return index;
    }

    private boolean accept(int c) {
        if (state.ordinal() <= State.SIZE_LF.ordinal() && ++lineLength > MAX_SIZE_LINE) {
            return fail("chunk-size line longer than " + MAX_SIZE_LINE + " bytes");
        }
        if (state.ordinal() >= State.TRAILER_START.ordinal() && ++trailerBytes > RequestChecks.MAX_HEADERS) {
            return fail("trailer section longer than " + RequestChecks.MAX_HEADERS + " bytes");
        }
        switch (state) {
            case SIZE_FIRST -> {
                int digit = Character.digit(c, 16);
                if (digit < 0) {
                    return fail("chunk size is not a hex number");
                }
                size = digit;
                state = State.SIZE;
            }
            case SIZE -> {
                int digit = Character.digit(c, 16);
                if (digit >= 0) {
                    size = size * 16 + digit;
                    if (size > Integer.MAX_VALUE) {
                        return fail("chunk size over " + Integer.MAX_VALUE);
                    }
                } else {
                    return afterSizeOrValue(c);
                }
            }
            case SIZE_WS -> {
                // RFC 9112 allows white space (BWS) only before a ';': "5 \r\n" is not a chunk-size line
                if (c == ';') {
                    state = State.EXT_NAME_START;
                } else if (!HttpTokens.isOws(c)) {
                    return fail("white space after a chunk size or extension not followed by ';'");
                }
            }
            case EXT_AFTER_VALUE -> {
                return afterSizeOrValue(c);
            }
            case EXT_NAME_START -> {
                if (HttpTokens.isTchar(c)) {
                    state = State.EXT_NAME;
                } else if (!HttpTokens.isOws(c)) {
                    return fail("chunk extension without a name");
                }
            }
            case EXT_NAME -> {
                if (!HttpTokens.isTchar(c)) {
                    if (c == '=') {
                        state = State.EXT_VALUE_START;
                    } else if (HttpTokens.isOws(c)) {
                        state = State.EXT_AFTER_NAME;
                    } else {
                        return afterSizeOrValue(c);
                    }
                }
            }
            case EXT_AFTER_NAME -> {
                if (c == '=') {
                    state = State.EXT_VALUE_START;
                } else if (c == ';') {
                    state = State.EXT_NAME_START;
                } else if (!HttpTokens.isOws(c)) {
                    return fail("white space after a chunk extension name not followed by '=' or ';'");
                }
            }
            case EXT_VALUE_START -> {
                if (c == '"') {
                    state = State.EXT_QUOTED;
                } else if (HttpTokens.isTchar(c)) {
                    state = State.EXT_TOKEN;
                } else if (!HttpTokens.isOws(c)) {
                    return fail("chunk extension without a value after '='");
                }
            }
            case EXT_TOKEN -> {
                if (!HttpTokens.isTchar(c)) {
                    return afterSizeOrValue(c);
                }
            }
            case EXT_QUOTED -> {
                if (c == '"') {
                    state = State.EXT_AFTER_VALUE;
                } else if (c == '\\') {
                    state = State.EXT_QUOTED_ESCAPE;
                } else if (HttpTokens.isControl(c)) {
                    return fail("control character in a chunk extension");
                }
            }
            case EXT_QUOTED_ESCAPE -> {
                if (HttpTokens.isControl(c)) {
                    return fail("control character in a chunk extension");
                }
                state = State.EXT_QUOTED;
            }
            case SIZE_LF -> {
                if (c != '\n') {
                    return fail("CR without LF after a chunk size");
                }
                lineLength = 0;
                if (size == 0) {
                    state = State.TRAILER_START;
                } else {
                    remaining = size;
                    state = State.DATA;
                }
            }
            case DATA_CR -> {
                return expect(c, '\r', State.DATA_LF, "chunk data longer than its size, or not followed by CRLF");
            }
            case DATA_LF -> {
                return expect(c, '\n', State.SIZE_FIRST, "chunk data not followed by CRLF");
            }
            case TRAILER_START -> {
                if (c == '\r') {
                    state = State.FINAL_LF;
                } else if (HttpTokens.isTchar(c)) {
                    trailerName.setLength(0);
                    trailerName.append((char) c);
                    state = State.TRAILER_NAME;
                } else {
                    return fail("malformed trailer field");
                }
            }
            case TRAILER_NAME -> {
                if (c == ':') {
                    String name = trailerName.toString();
                    if (name.equalsIgnoreCase("content-length") || name.equalsIgnoreCase("transfer-encoding")
                            || name.equalsIgnoreCase("host") || RequestHeadClassifier.looksLikeFramingHeader(name)) {
                        return fail("trailer field " + name + " may not frame or route a message");
                    }
                    state = State.TRAILER_VALUE;
                } else if (HttpTokens.isTchar(c)) {
                    trailerName.append((char) c);
                } else {
                    return fail("malformed trailer field name");
                }
            }
            case TRAILER_VALUE -> {
                if (c == '\r') {
                    state = State.TRAILER_LF;
                } else if (HttpTokens.isControl(c)) {
                    return fail("control character in a trailer field");
                }
            }
            case TRAILER_LF -> {
                return expect(c, '\n', State.TRAILER_START, "CR without LF in the trailer section");
            }
            case FINAL_LF -> {
                return expect(c, '\n', State.DONE, "CR without LF at the end of the chunked body");
            }
            default -> throw new IllegalStateException(state.name());
        }
        return true;
    }

    /** After a size, an extension name or value: white space, another extension, or the end of the line. */
    private boolean afterSizeOrValue(int c) {
        if (c == ';') {
            state = State.EXT_NAME_START;
        } else if (HttpTokens.isOws(c)) {
            state = State.SIZE_WS;
        } else if (c == '\r') {
            state = State.SIZE_LF;
        } else {
            return fail(c == '\n' ? "bare LF after a chunk size" : "invalid character after a chunk size");
        }
        return true;
    }

    /** Moves to {@code next} when {@code c} is the {@code expected} delimiter byte, else fails with {@code why}. */
    private boolean expect(int c, char expected, State next, String why) {
        if (c != expected) {
            return fail(why);
        }
        state = next;
        return true;
    }

    private boolean fail(String why) {
        state = State.FAILED;
        failure = why;
        return false;
    }
}
