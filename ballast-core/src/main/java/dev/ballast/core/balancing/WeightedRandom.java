package dev.ballast.core.balancing;

import dev.ballast.core.model.Target;
import dev.ballast.core.model.TargetGroup;
import java.time.Instant;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * {@code weighted_random}: a random target, each with probability proportional to its weight (uniform when
 * every target has weight 1, which is AWS's behaviour without anomaly mitigation).
 *
 * <p>Thread-safe if {@code random} is.
 */
public final class WeightedRandom implements BalancingAlgorithm {
    private final RandomGenerator random;
    private final TargetWeights weights;

    /** Draws from {@code random} with the weights of {@code weights}. */
    public WeightedRandom(RandomGenerator random, TargetWeights weights) {
        this.random = random;
        this.weights = weights;
    }

    @Override
    public Target choose(TargetGroup group, List<Target> candidates, GroupState state, Instant now) {
        int n = candidates.size();
        if (weights == TargetWeights.UNIFORM) {
            return candidates.get(random.nextInt(n));
        }
        double[] cumulative = new double[n];
        double total = 0;
        for (int i = 0; i < n; i++) {
            total += Math.max(0, weights.weight(group, candidates.get(i), now));
            cumulative[i] = total;
        }
        if (total <= 0) {
            return candidates.get(random.nextInt(n));
        }
        double r = random.nextDouble() * total;
        for (int i = 0; i < n; i++) {
            if (r < cumulative[i]) {
                return candidates.get(i);
            }
        }
        return candidates.get(n - 1);
    }
}
