package dev.ballast.core.balancing;

import dev.ballast.core.model.Target;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runtime state of one target group that algorithms share across snapshots: a round-robin cursor and the
 * number of requests in flight per target. Counters are keyed by the target itself (its id, port and zone are
 * equal across snapshots), so a lookup needs no key string.
 *
 * <p>Thread-safe and lock-free on the hot path (atomic counters in a concurrent map).
 */
public final class GroupState {
    private final AtomicInteger cursor = new AtomicInteger();
    private final ConcurrentMap<Target, AtomicInteger> outstanding = new ConcurrentHashMap<>();

    /** The next value of the group's round-robin cursor (wraps; use {@link Math#floorMod}). */
    public int nextCursor() {
        return cursor.getAndIncrement();
    }

    /** Requests sent to {@code target} and not finished yet. */
    public int outstanding(Target target) {
        AtomicInteger n = outstanding.get(target);
        return n == null ? 0 : n.get();
    }

    void started(Target target) {
        AtomicInteger n = outstanding.get(target);
        if (n == null) {
            n = outstanding.computeIfAbsent(target, k -> new AtomicInteger());
        }
        n.incrementAndGet();
    }

    void finished(Target target) {
        AtomicInteger n = outstanding.get(target);
        if (n != null) {
            // never below zero, even if a finish is reported twice
            n.getAndUpdate(v -> v > 0 ? v - 1 : 0);
        }
    }
}
