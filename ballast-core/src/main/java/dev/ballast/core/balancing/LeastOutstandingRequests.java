package dev.ballast.core.balancing;

import dev.ballast.core.model.Target;
import dev.ballast.core.model.TargetGroup;
import java.time.Instant;
import java.util.List;

/**
 * {@code least_outstanding_requests}: the target with the fewest requests in flight; ties are broken round
 * robin (the scan starts one place further on each time, and the first least-loaded target wins).
 *
 * <p>Thread-safe (reads atomic counters; a race may pick a target that just became busier, as in any
 * load balancer without a global lock).
 */
public final class LeastOutstandingRequests implements BalancingAlgorithm {
    @Override
    public Target choose(TargetGroup group, List<Target> candidates, GroupState state, Instant now) {
        int n = candidates.size();
        int start = Math.floorMod(state.nextCursor(), n);
        Target best = null;
        int fewest = Integer.MAX_VALUE;
        for (int i = 0; i < n; i++) {
            Target t = candidates.get((start + i) % n);
            int load = state.outstanding(t);
            if (load < fewest) {
                best = t;
                fewest = load;
            }
        }
        return best;
    }
}
