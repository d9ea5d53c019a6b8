package dev.ballast.core.balancing;

import dev.ballast.core.model.Target;
import dev.ballast.core.model.TargetGroup;
import java.time.Instant;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * {@code round_robin}: each new request goes to the next target in turn. A target whose weight is below 1
 * (slow start) is passed over with probability 1 − weight, so its share ramps up with its weight.
 *
 * <p>Thread-safe (the cursor is an atomic counter in {@link GroupState}).
 */
public final class RoundRobin implements BalancingAlgorithm {
    private final TargetWeights weights;
    private final RandomGenerator random;

    /** Round robin honouring {@code weights}; {@code random} decides the pass-overs of ramping targets. */
    public RoundRobin(TargetWeights weights, RandomGenerator random) {
        this.weights = weights;
        this.random = random;
    }

    @Override
    public Target choose(TargetGroup group, List<Target> candidates, GroupState state, Instant now) {
        int n = candidates.size();
        int start = Math.floorMod(state.nextCursor(), n);
        if (weights == TargetWeights.UNIFORM) {
            return candidates.get(start);
        }
        for (int i = 0; i < n; i++) {
            Target t = candidates.get((start + i) % n);
            double w = weights.weight(group, t, now);
            if (w >= 1.0 || (w > 0 && random.nextDouble() < w)) {
                return t;
            }
        }
        return candidates.get(start); // every target passed over: do not fail the request for it
    }
}
