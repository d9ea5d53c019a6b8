package dev.ballast.core.balancing;

import dev.ballast.core.model.Action;
import dev.ballast.core.model.ConfigSnapshot;
import dev.ballast.core.model.Target;
import java.time.Instant;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Chooses the target group (weights, AWSALBTG stickiness) and the target (algorithm, AWSALB stickiness) for a
 * forward action. Runtime state (round-robin cursors, outstanding requests) is kept by target group ARN and
 * target key, so it survives snapshot swaps.
 *
 * <p>Thread-safe: called concurrently from every event loop.
 */
public final class TargetSelector {
    private final RandomGenerator random;

    /** A selector drawing randomness from {@code random} (must be thread-safe, or seeded in tests). */
    public TargetSelector(RandomGenerator random) {
        this.random = random;
    }

    /**
     * Chooses where a request goes.
     *
     * @param groupCookie the request's {@code AWSALBTG} cookie value, or null
     * @param targetCookie the request's {@code AWSALB} cookie value, or null
     * @param now the current time, for cookie expiry
     */
    public Selection select(Action.Forward forward, ConfigSnapshot snapshot, String groupCookie, String targetCookie,
                            Instant now) {
        // CONTRACT STUB: replaced by the balancing implementation
        var group = snapshot.targetGroup(forward.targetGroups().get(0).targetGroupArn());
        List<Target> targets = group.targets();
        Target target = targets.isEmpty() ? null : targets.get(random.nextInt(targets.size()));
        return new Selection(group, target, List.of());
    }

    /** Counts a request sent to {@code target} of group {@code targetGroupArn} (least outstanding requests). */
    public void requestStarted(String targetGroupArn, Target target) {
        // CONTRACT STUB
    }

    /** Counts the end (response complete, or failure) of a request counted by {@link #requestStarted}. */
    public void requestFinished(String targetGroupArn, Target target) {
        // CONTRACT STUB
    }
}
