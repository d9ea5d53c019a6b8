package dev.ballast.core.balancing;

import dev.ballast.core.model.Target;
import dev.ballast.core.model.TargetGroup;
import java.time.Instant;
import java.util.List;

/**
 * A target group's {@code load_balancing.algorithm.type}: picks one target for a new request.
 *
 * <p>Implementations are thread-safe: called concurrently from every event loop.
 */
public interface BalancingAlgorithm {
    /**
     * Chooses one of {@code candidates}.
     *
     * @param group the target group the request goes to
     * @param candidates the targets that may receive the request; never empty
     * @param state the group's runtime state (cursor, outstanding requests), which survives snapshot swaps
     * @param now the current time, for time-dependent weights (slow start)
     */
    Target choose(TargetGroup group, List<Target> candidates, GroupState state, Instant now);
}
