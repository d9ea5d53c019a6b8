package dev.ballast.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.random.RandomGenerator;

/**
 * Builds the {@code X-Amzn-Trace-Id} value ALB sends to targets: a new {@code Root=1-<8 hex epoch s>-<24 hex>}
 * when the request has no Root, otherwise the request's fields kept with a fresh {@code Self=} first (an
 * existing Self is replaced).
 *
 * <p>Thread-safe when its random generator is.
 */
final class TraceIds {
    private final Clock clock;
    private final RandomGenerator random;

    TraceIds(Clock clock, RandomGenerator random) {
        this.clock = clock;
        this.random = random;
    }

    /** The header value to forward, given the incoming value (null when absent). */
    String forward(String incoming) {
        ByteBuf out = Unpooled.buffer(ID_LENGTH + 8 + (incoming == null ? 0 : incoming.length()));
        writeForward(out, incoming);
        return out.toString(StandardCharsets.ISO_8859_1); // a header value's characters are single bytes
    }

    /**
     * Writes the header value to forward into {@code out}, given the incoming value (null when absent): on the
     * forwarding path it goes straight into the outgoing head, with no string per request.
     */
    void writeForward(ByteBuf out, CharSequence incoming) {
        if (incoming == null || isBlank(incoming)) {
            writeField(out, ROOT);
            return;
        }
        boolean hasRoot = false;
        for (int from = 0; from <= incoming.length(); ) {
            int end = fieldEnd(incoming, from);
            int s = trimStart(incoming, from, end);
            hasRoot |= startsWithIgnoreCase(incoming, s, end, "Root=");
            from = end + 1;
        }
        writeField(out, hasRoot ? SELF : ROOT);
        for (int from = 0; from <= incoming.length(); ) {
            int end = fieldEnd(incoming, from);
            int s = trimStart(incoming, from, end);
            int e = trimEnd(incoming, s, end);
            if (e > s && !startsWithIgnoreCase(incoming, s, e, "Self=")) {
                out.writeByte(';');
                for (int i = s; i < e; i++) {
                    out.writeByte(incoming.charAt(i));
                }
            }
            from = end + 1;
        }
    }

    private static final int ID_LENGTH = 35; // "1-" 8 hex "-" 24 hex
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ROOT = "Root=".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SELF = "Self=".getBytes(StandardCharsets.US_ASCII);

    /** {@code prefix} followed by a new id. */
    private void writeField(ByteBuf out, byte[] prefix) {
        out.writeBytes(prefix);
        out.writeByte('1');
        out.writeByte('-');
        hex(out, clock.millis() / 1000, 8); // millis(): no Instant per request
        out.writeByte('-');
        hex(out, random.nextLong(), 8);
        hex(out, random.nextLong(), 16);
    }

    private static int fieldEnd(CharSequence s, int from) {
        int i = from;
        while (i < s.length() && s.charAt(i) != ';') {
            i++;
        }
        return i;
    }

    // String.trim's white space: every character up to and including the space
    private static int trimStart(CharSequence s, int from, int to) {
        while (from < to && s.charAt(from) <= ' ') {
            from++;
        }
        return from;
    }

    private static int trimEnd(CharSequence s, int from, int to) {
        while (to > from && s.charAt(to - 1) <= ' ') {
            to--;
        }
        return to;
    }

    private static boolean isBlank(CharSequence s) {
        for (int i = 0; i < s.length(); i++) {
            if (!Character.isWhitespace(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean startsWithIgnoreCase(CharSequence s, int from, int to, String prefix) {
        if (to - from < prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (Character.toLowerCase(s.charAt(from + i)) != Character.toLowerCase(prefix.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** The low {@code digits} hex digits of {@code value} into {@code out}, zero-padded. */
    private static void hex(ByteBuf out, long value, int digits) {
        for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) {
            out.writeByte(HEX[(int) ((value >>> shift) & 0xf)]);
        }
    }
}
