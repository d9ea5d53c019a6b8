package dev.ballast.proxy;

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
        if (incoming == null || incoming.isBlank()) {
            return field("Root=");
        }
        StringBuilder kept = new StringBuilder();
        boolean hasRoot = false;
        for (String field : incoming.split(";")) {
            String trimmed = field.trim();
            if (trimmed.isEmpty() || trimmed.regionMatches(true, 0, "Self=", 0, 5)) {
                continue;
            }
            hasRoot |= trimmed.regionMatches(true, 0, "Root=", 0, 5);
            kept.append(';').append(trimmed);
        }
        return field(hasRoot ? "Self=" : "Root=") + kept;
    }

    /** {@code 1-<8 hex epoch seconds>-<24 hex random>}. */
    String newId() {
        return field("");
    }

    private static final int ID_LENGTH = 35; // "1-" 8 hex "-" 24 hex
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    /** {@code prefix} followed by a new id, written straight into one array (this runs for every request). */
    private String field(String prefix) {
        int p = prefix.length();
        byte[] out = new byte[p + ID_LENGTH];
        for (int i = 0; i < p; i++) {
            out[i] = (byte) prefix.charAt(i); // ASCII
        }
        out[p] = '1';
        out[p + 1] = '-';
        hex(clock.millis() / 1000, out, p + 2, 8); // millis(): no Instant per request
        out[p + 10] = '-';
        hex(random.nextLong(), out, p + 11, 8);
        hex(random.nextLong(), out, p + 19, 16);
        return new String(out, StandardCharsets.US_ASCII);
    }

    /** The low {@code digits} hex digits of {@code value} into {@code out} at {@code at}, zero-padded. */
    private static void hex(long value, byte[] out, int at, int digits) {
        for (int i = digits - 1; i >= 0; i--) {
            out[at + i] = HEX[(int) (value & 0xf)];
            value >>>= 4;
        }
    }
}
