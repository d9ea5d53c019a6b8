package dev.ballast.core.health;

import dev.ballast.core.model.Target;
import dev.ballast.core.model.TargetGroup;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An immutable picture of the health of every target group, published by {@link TargetHealthTracker} with one
 * atomic swap: the API reads it for {@code DescribeTargetHealth}, the proxy for routing.
 *
 * <p>Thread-safe (immutable).
 */
public final class TargetHealthView {
    /** The view with no groups. */
    public static final TargetHealthView EMPTY = new TargetHealthView(Map.of());

    private final Map<String, GroupHealthView> groups;

    TargetHealthView(Map<String, GroupHealthView> groups) {
        this.groups = Map.copyOf(groups);
    }

    /** The health of group {@code targetGroupArn}, or null if the tracker does not know the group. */
    public GroupHealthView group(String targetGroupArn) {
        return groups.get(targetGroupArn);
    }

    /** {@code DescribeTargetHealth} rows of a group: registered then draining targets; empty for an unknown group. */
    public List<TargetHealthDescription> describe(String targetGroupArn) {
        GroupHealthView g = groups.get(targetGroupArn);
        return g == null ? List.of() : g.descriptions();
    }

    /** The health of one target; {@code unused} / {@code Target.NotRegistered} if it is not in the group. */
    public TargetHealth health(String targetGroupArn, Target target) {
        GroupHealthView g = groups.get(targetGroupArn);
        return g == null ? TargetHealth.NOT_REGISTERED : g.health(target);
    }

    /**
     * The targets of {@code group} that may receive new requests. A group this view does not know yet (a snapshot
     * that reached the proxy before the tracker) routes to all its registered targets.
     */
    public List<Target> routable(TargetGroup group) {
        GroupHealthView g = groups.get(group.arn());
        return g == null ? group.targets() : g.routable();
    }

    /** The slow-start weight factor (0..1) of a target at {@code now}; 1 outside slow start. */
    public double weight(String targetGroupArn, Target target, Instant now) {
        GroupHealthView g = groups.get(targetGroupArn);
        return g == null ? 1.0 : g.weight(target, now);
    }

    /** True if the target was deregistered and is draining. */
    public boolean isDraining(String targetGroupArn, Target target) {
        GroupHealthView g = groups.get(targetGroupArn);
        return g != null && g.isDraining(target);
    }
}
