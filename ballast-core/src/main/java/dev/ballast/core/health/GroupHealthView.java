package dev.ballast.core.health;

import dev.ballast.core.model.Target;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The published health of one target group: every registered and draining target with its health, the targets
 * that may receive new requests, and the slow-start ramps in progress.
 *
 * <p>Thread-safe (immutable).
 */
public final class GroupHealthView {
    private final String targetGroupArn;
    private final List<TargetHealthDescription> descriptions;
    private final Map<String, TargetHealthDescription> byKey;
    private final List<Target> routable;
    private final Map<String, SlowStartRamp> slowStarts;
    private final Set<String> ejected;

    GroupHealthView(String targetGroupArn, List<TargetHealthDescription> descriptions, List<Target> routable,
                    Map<String, SlowStartRamp> slowStarts, Set<String> ejected) {
        this.targetGroupArn = targetGroupArn;
        this.descriptions = List.copyOf(descriptions);
        Map<String, TargetHealthDescription> index = new LinkedHashMap<>();
        descriptions.forEach(d -> index.put(d.target().key(), d));
        this.byKey = Map.copyOf(index);
        this.routable = List.copyOf(routable);
        this.slowStarts = Map.copyOf(slowStarts);
        this.ejected = Set.copyOf(ejected);
    }

    /** The group's ARN. */
    public String targetGroupArn() {
        return targetGroupArn;
    }

    /** Registered targets in registration order, then draining ones: what {@code DescribeTargetHealth} lists. */
    public List<TargetHealthDescription> descriptions() {
        return descriptions;
    }

    /** The health of {@code target}: {@code unused} / {@code Target.NotRegistered} if the group does not hold it. */
    public TargetHealth health(Target target) {
        TargetHealthDescription d = byKey.get(target.key());
        return d == null ? TargetHealth.NOT_REGISTERED : d.health();
    }

    /** The targets that may receive new requests now (healthy, or all when failing open), in registration order. */
    public List<Target> routable() {
        return routable;
    }

    /** The slow-start weight factor (0..1) of {@code target} at {@code now}; 1 when it is not in slow start. */
    public double weight(Target target, Instant now) {
        SlowStartRamp ramp = slowStarts.get(target.key());
        return ramp == null ? 1.0 : ramp.weight(now);
    }

    /** True if {@code target} is draining: it keeps its in-flight requests but gets no new ones. */
    public boolean isDraining(Target target) {
        return health(target).state() == TargetHealthState.DRAINING;
    }

    /** True if a recent connection failure keeps {@code target} out of routing until its next passing check. */
    public boolean isEjected(Target target) {
        return ejected.contains(target.key());
    }
}
