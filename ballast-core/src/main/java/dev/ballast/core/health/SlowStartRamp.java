package dev.ballast.core.health;

import java.time.Duration;
import java.time.Instant;

/**
 * The slow-start window of a target that turned healthy: its share of requests grows linearly from 0 at
 * {@code begin} to its full share at {@code end}.
 *
 * <p>Thread-safe (immutable).
 */
public record SlowStartRamp(Instant begin, Instant end) {
    /** Requires {@code begin} before {@code end}. */
    public SlowStartRamp {
        if (!begin.isBefore(end)) {
            throw new IllegalArgumentException("slow start must end after it begins: " + begin + " " + end);
        }
    }

    /** A ramp of {@code durationSeconds} starting at {@code begin}. */
    public static SlowStartRamp starting(Instant begin, int durationSeconds) {
        return new SlowStartRamp(begin, begin.plusSeconds(durationSeconds));
    }

    /** The weight factor at {@code now}: 0 at the beginning, rising linearly to 1 at the end and after. */
    public double weight(Instant now) {
        if (!now.isBefore(end)) {
            return 1.0;
        }
        if (!now.isAfter(begin)) {
            return 0.0;
        }
        double total = Duration.between(begin, end).toNanos();
        return Duration.between(begin, now).toNanos() / total;
    }

    /** True once the ramp is over. */
    public boolean isOver(Instant now) {
        return !now.isBefore(end);
    }
}
