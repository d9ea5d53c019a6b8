package dev.ballast.core.health;

import dev.ballast.core.balancing.RoutableTargets;
import dev.ballast.core.balancing.TargetWeights;
import dev.ballast.core.model.ConfigSnapshot;
import dev.ballast.core.model.LoadBalancerType;
import dev.ballast.core.model.SnapshotConsumer;
import dev.ballast.core.model.Target;
import dev.ballast.core.model.TargetAddresses;
import dev.ballast.core.model.TargetGroup;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The runtime health of every registered target (not persisted), keyed by target group ARN and
 * {@link Target#key()}. It learns registrations, deregistrations and which groups listeners use from each
 * {@link ConfigSnapshot}, counts probe results with AWS's thresholds, drains deregistered targets for the group's
 * {@code deregistration_delay.timeout_seconds}, ramps newly healthy targets for {@code slow_start.duration_seconds},
 * and publishes an immutable {@link TargetHealthView} after every change. As {@link RoutableTargets} and
 * {@link TargetWeights} it is the hook through which a {@code TargetSelector} follows health and slow start.
 *
 * <p>Thread-safe: writers (snapshot apply, probe results, passive failures, {@link #tick}) serialise on one lock;
 * readers take {@link #view()} without locking.
 */
public final class TargetHealthTracker implements SnapshotConsumer, RoutableTargets, TargetWeights {
    private static final TargetHealth NOT_IN_USE = TargetHealth.of(TargetHealthState.UNUSED, TargetHealthReason.NOT_IN_USE);
    private static final TargetHealth CHECKS_DISABLED =
            TargetHealth.of(TargetHealthState.UNAVAILABLE, TargetHealthReason.HEALTH_CHECK_DISABLED);
    private static final TargetHealth DRAINING =
            TargetHealth.of(TargetHealthState.DRAINING, TargetHealthReason.DEREGISTRATION_IN_PROGRESS);
    /** An instance target whose instance is not running (a cluster node that left): AWS's words for a stopped one. */
    static final TargetHealth INSTANCE_STOPPED = new TargetHealth(TargetHealthState.UNUSED,
            TargetHealthReason.INVALID_STATE, "Target is in the stopped state");
    private static final String MIN_HEALTHY_PERCENT =
            "target_group_health.unhealthy_state_routing.minimum_healthy_targets.percentage";

    private final Clock clock;
    private final Object lock = new Object();
    private final Map<String, GroupState> groups = new LinkedHashMap<>();
    private final List<TargetLifecycleListener> listeners = new CopyOnWriteArrayList<>();
    private volatile TargetHealthView view = TargetHealthView.EMPTY;
    private TargetAddresses instances = TargetAddresses.none();

    /** A tracker reading time from {@code clock} (a fake one in tests). */
    public TargetHealthTracker(Clock clock) {
        this.clock = clock;
    }

    /** The latest published view. */
    public TargetHealthView view() {
        return view;
    }

    /** The targets of {@code group} that may receive new requests, from the latest view. */
    @Override
    public List<Target> routable(TargetGroup group) {
        return view.routable(group);
    }

    /** The slow-start weight factor of {@code target} at {@code now}, from the latest view. */
    @Override
    public double weight(TargetGroup group, Target target, Instant now) {
        return view.weight(group.arn(), target, now);
    }

    /** Registers a listener for draining events. */
    public void addListener(TargetLifecycleListener listener) {
        listeners.add(listener);
    }

    /** Learns the registered targets and the groups in use from {@code snapshot}; deregistered targets start draining. */
    @Override
    public void apply(ConfigSnapshot snapshot) {
        List<Runnable> events = new ArrayList<>();
        synchronized (lock) {
            Instant now = clock.instant();
            Map<String, LoadBalancerType> usage = TargetGroupUsage.in(snapshot);
            instances = snapshot.targetAddresses();
            for (TargetGroup group : snapshot.targetGroups().values()) {
                GroupState state = groups.computeIfAbsent(group.arn(), arn -> new GroupState());
                state.update(group, usage.get(group.arn()), now, events);
            }
            for (var it = groups.entrySet().iterator(); it.hasNext(); ) {
                var entry = it.next();
                if (!snapshot.targetGroups().containsKey(entry.getKey())) {
                    entry.getValue().removeAll(entry.getKey(), events);
                    it.remove();
                }
            }
            publish(now);
        }
        events.forEach(Runnable::run);
    }

    /** Counts a health check result of {@code target} in group {@code targetGroupArn}; unknown targets are ignored. */
    public void record(String targetGroupArn, Target target, ProbeResult result) {
        List<Runnable> events = new ArrayList<>();
        recordLocked(targetGroupArn, target, result, events);
        events.forEach(Runnable::run);
    }

    private void recordLocked(String targetGroupArn, Target target, ProbeResult result, List<Runnable> events) {
        synchronized (lock) {
            GroupState group = groups.get(targetGroupArn);
            TargetEntry entry = group == null ? null : group.registered.get(target.key());
            if (entry == null || group.usedBy == null || !group.group.healthCheck().enabled()) {
                return;
            }
            TargetHealth before = entry.machine.health();
            boolean wasUnhealthy = before.state() == TargetHealthState.UNHEALTHY;
            Instant now = clock.instant();
            boolean wasHealthy = entry.machine.health().state() == TargetHealthState.HEALTHY;
            boolean changed = entry.machine.record(result, group.group.healthCheck());
            if (result.passed() && entry.ejectedUntil != null) {
                entry.ejectedUntil = null;
                changed = true;
            }
            boolean isHealthy = entry.machine.health().state() == TargetHealthState.HEALTHY;
            if (!wasHealthy && isHealthy) {
                entry.slowStart = group.slowStartFor(entry, now);
            } else if (wasHealthy && !isHealthy) {
                entry.slowStart = null; // a target leaves slow start when it turns unhealthy
            }
            if (changed) {
                publish(now);
            }
            TargetHealth after = entry.machine.health();
            if (!after.equals(before)) {
                Target subject = entry.target;
                events.add(() -> listeners.forEach(l -> l.healthChanged(targetGroupArn, subject, before, after)));
            }
            if (!wasUnhealthy && entry.machine.health().state() == TargetHealthState.UNHEALTHY) {
                Target turned = entry.target;
                boolean routable = view.routable(group.group).stream().anyMatch(t -> t.key().equals(turned.key()));
                events.add(() -> listeners.forEach(l -> l.becameUnhealthy(targetGroupArn, turned, routable)));
            }
        }
    }

    /**
     * Reports that a connection to {@code target} failed before any byte of a request was sent (refused, reset,
     * timed out). The target's reported health does not change — only active checks change it, as AWS — but it is
     * left out of routing until its next passing check or one health check interval, whichever comes first.
     */
    public void reportConnectFailure(String targetGroupArn, Target target) {
        GroupHealthView published = view.group(targetGroupArn);
        if (published != null && published.isEjected(target)) {
            return; // already out of routing; keep the hot failure path off the lock
        }
        synchronized (lock) {
            GroupState group = groups.get(targetGroupArn);
            TargetEntry entry = group == null ? null : group.registered.get(target.key());
            if (entry == null) {
                return;
            }
            Instant now = clock.instant();
            entry.ejectedUntil = now.plusSeconds(group.group.healthCheck().intervalSeconds());
            publish(now);
        }
    }

    /** Ends draining whose delay has elapsed and expires ejections and slow starts; call it about once a second. */
    public void tick() {
        List<Runnable> events = new ArrayList<>();
        synchronized (lock) {
            Instant now = clock.instant();
            boolean changed = false;
            for (var e : groups.entrySet()) {
                changed |= e.getValue().expire(e.getKey(), now, events);
            }
            if (changed) {
                publish(now);
            }
        }
        events.forEach(Runnable::run);
    }

    private void publish(Instant now) {
        Map<String, GroupHealthView> out = new LinkedHashMap<>();
        groups.forEach((arn, state) -> out.put(arn, state.view(arn, now)));
        view = new TargetHealthView(out);
    }

    private void drainingStarted(String arn, Target target, List<Runnable> events) {
        events.add(() -> listeners.forEach(l -> l.drainingStarted(arn, target)));
    }

    private void drainingEnded(String arn, Target target, List<Runnable> events) {
        events.add(() -> listeners.forEach(l -> l.drainingEnded(arn, target)));
    }

    /** A registered target: its state machine, slow-start ramp and passive-failure ejection. */
    private static final class TargetEntry {
        final Target target;
        final TargetHealthStateMachine machine;
        SlowStartRamp slowStart;
        Instant ejectedUntil;

        TargetEntry(Target target, boolean applicationSemantics) {
            this.target = target;
            this.machine = new TargetHealthStateMachine(applicationSemantics);
        }
    }

    /** A deregistered target counting down its deregistration delay. */
    private record DrainingEntry(Target target, Instant until) {}

    /** The mutable state of one group, confined to the tracker's lock. */
    private final class GroupState {
        TargetGroup group;
        LoadBalancerType usedBy;
        final Map<String, TargetEntry> registered = new LinkedHashMap<>();
        final Map<String, DrainingEntry> draining = new LinkedHashMap<>();

        void update(TargetGroup next, LoadBalancerType nextUsedBy, Instant now, List<Runnable> events) {
            boolean startsBeingUsed = usedBy == null && nextUsedBy != null;
            boolean wasUsed = usedBy != null;
            Set<String> nextKeys = new HashSet<>();
            next.targets().forEach(t -> nextKeys.add(t.key()));
            for (var it = registered.values().iterator(); it.hasNext(); ) {
                TargetEntry entry = it.next();
                if (nextKeys.contains(entry.target.key())) {
                    continue;
                }
                it.remove();
                int delay = next.attributes().deregistrationDelaySeconds();
                drainingStarted(next.arn(), entry.target, events);
                if (wasUsed && delay > 0) {
                    draining.put(entry.target.key(), new DrainingEntry(entry.target, now.plusSeconds(delay)));
                } else {
                    drainingEnded(next.arn(), entry.target, events);
                }
            }
            boolean application = nextUsedBy != LoadBalancerType.NETWORK && next.protocol().isHttp();
            for (Target t : next.targets()) {
                TargetEntry entry = registered.get(t.key());
                if (entry == null || startsBeingUsed) {
                    // A new registration (or a group that just got a listener) starts over in initial.
                    draining.remove(t.key());
                    registered.put(t.key(), new TargetEntry(t, application));
                }
            }
            group = next;
            usedBy = nextUsedBy;
        }

        void removeAll(String arn, List<Runnable> events) {
            registered.values().forEach(e -> drainingEnded(arn, e.target, events));
            draining.values().forEach(e -> drainingEnded(arn, e.target, events));
        }

        boolean expire(String arn, Instant now, List<Runnable> events) {
            boolean changed = false;
            for (var it = draining.values().iterator(); it.hasNext(); ) {
                DrainingEntry entry = it.next();
                if (!now.isBefore(entry.until())) {
                    it.remove();
                    drainingEnded(arn, entry.target(), events);
                    changed = true;
                }
            }
            for (TargetEntry entry : registered.values()) {
                if (entry.ejectedUntil != null && !now.isBefore(entry.ejectedUntil)) {
                    entry.ejectedUntil = null;
                    changed = true;
                }
                if (entry.slowStart != null && entry.slowStart.isOver(now)) {
                    entry.slowStart = null;
                    changed = true;
                }
            }
            return changed;
        }

        /** A ramp when slow start is on and another target already takes traffic; none for the first healthy one. */
        SlowStartRamp slowStartFor(TargetEntry turnedHealthy, Instant now) {
            int seconds = group.attributes().slowStartSeconds();
            if (seconds == 0) {
                return null;
            }
            boolean anotherHealthy = registered.values().stream().anyMatch(e -> e != turnedHealthy
                    && e.machine.health().state() == TargetHealthState.HEALTHY);
            return anotherHealthy ? SlowStartRamp.starting(now, seconds) : null;
        }

        GroupHealthView view(String arn, Instant now) {
            List<TargetHealthDescription> rows = new ArrayList<>();
            List<FailOpenRouting.Candidate> candidates = new ArrayList<>();
            Map<String, SlowStartRamp> ramps = new LinkedHashMap<>();
            Set<String> ejected = new HashSet<>();
            for (Target t : group.targets()) {
                TargetEntry entry = registered.get(t.key());
                if (TargetAddresses.isInstanceId(t.id()) && instances.ipOf(t) == null) {
                    // not running: shown as AWS shows a stopped instance, and never routed to, not even failing open
                    rows.add(new TargetHealthDescription(t, portOf(t), INSTANCE_STOPPED));
                    continue;
                }
                TargetHealth health = healthOf(entry);
                rows.add(new TargetHealthDescription(t, portOf(t), health));
                candidates.add(new FailOpenRouting.Candidate(t, health.state()));
                if (entry.slowStart != null && !entry.slowStart.isOver(now)) {
                    ramps.put(t.key(), entry.slowStart);
                }
                if (entry.ejectedUntil != null && now.isBefore(entry.ejectedUntil)) {
                    ejected.add(t.key());
                }
            }
            draining.values().forEach(d -> rows.add(new TargetHealthDescription(d.target(), portOf(d.target()), DRAINING)));
            List<Target> routable = FailOpenRouting.routable(candidates, minimumHealthy(), ejected);
            return new GroupHealthView(arn, rows, routable, ramps, ejected);
        }

        private TargetHealth healthOf(TargetEntry entry) {
            if (usedBy == null) {
                return NOT_IN_USE;
            }
            return group.healthCheck().enabled() ? entry.machine.health() : CHECKS_DISABLED;
        }

        private String portOf(Target t) {
            return Integer.toString(group.healthCheck().probePort(t.port()));
        }

        /** The larger of the count and (when set) the percentage of registered targets, as AWS combines them. */
        private int minimumHealthy() {
            int count = group.attributes().minimumHealthyTargets();
            String percent = group.attributes().values().getOrDefault(MIN_HEALTHY_PERCENT, "off");
            if (percent.equals("off")) {
                return count;
            }
            int ofRegistered = (int) Math.ceil(group.targets().size() * Integer.parseInt(percent) / 100.0);
            return Math.max(count, ofRegistered);
        }
    }
}
