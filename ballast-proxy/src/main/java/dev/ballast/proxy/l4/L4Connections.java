package dev.ballast.proxy.l4;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The open TCP connections and UDP flows of network listeners, by target group and target, so that the end of a
 * target's deregistration delay can terminate them when the group's
 * {@code deregistration_delay.connection_termination.enabled} is on.
 *
 * <p>Thread-safe: registrations come from every event loop; termination from the health tracker's writer.
 */
final class L4Connections {
    /** Something that can be cut: a proxied TCP connection or a UDP flow. */
    interface Terminable {
        /** Ends it now (TCP: reset both sides); may be called from any thread. */
        void terminate();
    }

    /**
     * A target of a group. A record rather than a joined string: registering a connection then allocates no string
     * and hashes the two parts' cached hashes instead of a new string of ARN length (once per connection).
     */
    private record TargetOfGroup(String targetGroupArn, String targetKey) {
    }

    private final Map<TargetOfGroup, Set<Terminable>> byTarget = new ConcurrentHashMap<>();

    /** Records {@code flow} as using {@code targetKey} of {@code targetGroupArn}; the returned action forgets it. */
    Runnable register(String targetGroupArn, String targetKey, Terminable flow) {
        TargetOfGroup key = new TargetOfGroup(targetGroupArn, targetKey);
        byTarget.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet()).add(flow);
        return () -> byTarget.computeIfPresent(key, (k, set) -> set.remove(flow) && set.isEmpty() ? null : set);
    }

    /** Terminates every flow to {@code targetKey} of {@code targetGroupArn}; returns how many there were. */
    int terminate(String targetGroupArn, String targetKey) {
        Set<Terminable> flows = byTarget.remove(new TargetOfGroup(targetGroupArn, targetKey));
        if (flows == null) {
            return 0;
        }
        flows.forEach(Terminable::terminate);
        return flows.size();
    }

    /** The number of open flows to {@code targetKey} of {@code targetGroupArn}. */
    int count(String targetGroupArn, String targetKey) {
        Set<Terminable> flows = byTarget.get(new TargetOfGroup(targetGroupArn, targetKey));
        return flows == null ? 0 : flows.size();
    }
}
