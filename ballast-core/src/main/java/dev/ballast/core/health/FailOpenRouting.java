package dev.ballast.core.health;

import dev.ballast.core.model.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Decides which registered targets of a group may receive new requests, as an application load balancer does:
 * healthy targets only; when fewer than the minimum are healthy, fail open to every registered target (targets
 * still in {@code initial} stay out while any target is healthy). Targets that recently refused a connection
 * (passive failures) are left out too, unless that would leave nothing.
 *
 * <p>Thread-safe (stateless).
 */
public final class FailOpenRouting {
    private FailOpenRouting() {}

    /** One registered (not draining) target and its state. */
    public record Candidate(Target target, TargetHealthState state) {}

    /**
     * The routable targets, in the order given.
     *
     * @param minimumHealthy fail open when fewer targets than this are healthy (at least 1)
     * @param ejectedKeys keys of targets with a recent connection failure
     */
    public static List<Target> routable(List<Candidate> registered, int minimumHealthy, Set<String> ejectedKeys) {
        List<Target> healthy = new ArrayList<>();
        List<Target> notInitial = new ArrayList<>();
        List<Target> all = new ArrayList<>(registered.size());
        for (Candidate c : registered) {
            all.add(c.target());
            // Disabled health checks (unavailable) mean every target counts as healthy.
            if (c.state() == TargetHealthState.HEALTHY || c.state() == TargetHealthState.UNAVAILABLE) {
                healthy.add(c.target());
            }
            if (c.state() != TargetHealthState.INITIAL) {
                notInitial.add(c.target());
            }
        }
        List<Target> chosen;
        if (!healthy.isEmpty() && healthy.size() >= minimumHealthy) {
            chosen = healthy;
        } else {
            chosen = healthy.isEmpty() ? all : notInitial;
        }
        if (ejectedKeys.isEmpty()) {
            return List.copyOf(chosen);
        }
        List<Target> notEjected = chosen.stream().filter(t -> !ejectedKeys.contains(t.key())).toList();
        return notEjected.isEmpty() ? List.copyOf(chosen) : notEjected;
    }
}
