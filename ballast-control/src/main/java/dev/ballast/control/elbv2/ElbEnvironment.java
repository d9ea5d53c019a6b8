package dev.ballast.control.elbv2;

import dev.ballast.core.model.Arns;
import java.time.Clock;
import java.util.random.RandomGenerator;

/**
 * What commands draw on besides the state: settings, ARN minting, the clock and randomness (all injected so
 * tests are deterministic).
 *
 * <p>Thread-safe (immutable; the random generator must be thread-safe if shared).
 */
public record ElbEnvironment(ElbSettings settings, Arns arns, Clock clock, RandomGenerator random) {
    /** An environment whose ARNs use the settings' region and account. */
    public static ElbEnvironment of(ElbSettings settings, Clock clock, RandomGenerator random) {
        return new ElbEnvironment(settings, new Arns(settings.region(), settings.accountId(), random), clock, random);
    }

    /** The current time in epoch milliseconds. */
    public long now() {
        return clock.millis();
    }
}
