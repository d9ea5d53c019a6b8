package dev.ballast.core.balancing;

import dev.ballast.core.model.Target;
import dev.ballast.core.model.TargetGroup;
import java.time.Instant;

/**
 * The relative share of new requests a target should get: 1 in full service, less while it ramps up
 * (slow start), 0 for none.
 *
 * <p>Implementations must be thread-safe.
 */
@FunctionalInterface
public interface TargetWeights {
    /** Every target gets weight 1. */
    TargetWeights UNIFORM = (group, target, now) -> 1.0;

    /** The weight of {@code target} in {@code group} at {@code now}, in [0, 1]. */
    double weight(TargetGroup group, Target target, Instant now);
}
