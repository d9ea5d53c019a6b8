package dev.ballast.control.labels;

import dev.ballast.control.cluster.ClusterMember;
import dev.ballast.control.cluster.Membership;
import java.time.InstantSource;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Which cluster nodes holding registrations of the provider have left the cluster: a node missing from the live
 * nodes for {@code lostAfter}, counted from when this node first saw it missing (so a node that is restarting is not
 * taken for gone by a node that just started), as the ECS scheduler judges a node's tasks. Every node running the
 * provider judges (the cluster's leader may run none), but only while it sees itself among the live nodes: a node cut
 * off from etcd judges nobody. The releases of several nodes are the same commands, which the store serialises; the
 * later ones find nothing left to do.
 *
 * <p>Not thread-safe: called on the provider's worker thread only.
 */
final class LeftNodes {
    private final Membership membership;
    private final Duration lostAfter;
    private final InstantSource clock;
    /** Since when (clock millis) each node that holds something has been missing, by name. */
    private final Map<String, Long> missingSince = new HashMap<>();
    private boolean pending;

    LeftNodes(Membership membership, Duration lostAfter, InstantSource clock) {
        this.membership = membership;
        this.lostAfter = lostAfter;
        this.clock = clock;
    }

    /** Of the nodes {@code holding} something, those that have left the cluster. */
    Set<String> left(Set<String> holding) {
        pending = false;
        Set<String> live = new HashSet<>();
        for (ClusterMember m : membership.live()) {
            live.add(m.name());
        }
        if (!live.contains(membership.self().name())) {
            return Set.of();
        }
        long now = clock.millis();
        Set<String> missing = new HashSet<>(holding);
        missing.removeAll(live);
        missingSince.keySet().retainAll(missing);
        Set<String> gone = new HashSet<>();
        for (String node : missing) {
            if (now - missingSince.computeIfAbsent(node, n -> now) >= lostAfter.toMillis()) {
                gone.add(node);
            } else {
                pending = true;
            }
        }
        return gone;
    }

    /** True when the last call saw a node missing that has not been missing long enough yet: ask again later. */
    boolean pending() {
        return pending;
    }

    /** How soon to ask again while {@link #pending}. */
    Duration recheck() {
        return lostAfter.dividedBy(4).compareTo(Duration.ofMillis(100)) < 0 ? Duration.ofMillis(100)
                : lostAfter.dividedBy(4);
    }
}
