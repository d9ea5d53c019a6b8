package dev.ballast.core.balancing;

import dev.ballast.core.model.Target;
import dev.ballast.core.model.TargetGroup;
import java.util.List;

/**
 * The targets of a group that may receive new requests (health checks narrow this down; draining targets are
 * left out).
 *
 * <p>Implementations must be thread-safe.
 */
@FunctionalInterface
public interface RoutableTargets {
    /** Every registered target is routable. */
    RoutableTargets ALL_REGISTERED = TargetGroup::targets;

    /** The targets of {@code group} that may receive a new request; possibly empty, never null. */
    List<Target> routable(TargetGroup group);
}
