package dev.ballast.proxy;

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
        String id = newId();
        if (incoming == null || incoming.isBlank()) {
            return "Root=" + id;
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
        return hasRoot ? "Self=" + id + kept : "Root=" + id + kept;
    }

    /** {@code 1-<8 hex epoch seconds>-<24 hex random>}. */
    String newId() {
        long seconds = clock.instant().getEpochSecond();
        return "1-" + hex(seconds & 0xffffffffL, 8) + "-" + hex(random.nextLong() & 0xffffffffL, 8)
                + hex(random.nextLong(), 16);
    }

    private static String hex(long value, int digits) {
        String text = Long.toHexString(value);
        return text.length() >= digits ? text : "0".repeat(digits - text.length()) + text;
    }
}
