package dev.ballast.proxy.health;

import dev.ballast.core.health.TargetGroupUsage;
import dev.ballast.core.health.TargetHealthTracker;
import dev.ballast.core.model.ConfigSnapshot;
import dev.ballast.core.model.SnapshotConsumer;
import dev.ballast.core.model.Target;
import dev.ballast.core.model.TargetGroup;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;

/**
 * Follows configuration snapshots and probes every registered target of every target group that a listener uses,
 * each at its group's interval, reporting results to the {@link TargetHealthTracker}. Probing starts when a target
 * is registered (or its group gets a listener), stops when it is deregistered, and restarts when its group's health
 * check changes or the load balancers' outbound rules start or stop allowing it. Probes run on the scheduler's own
 * small event loop group, never on the proxy's, and are spread in time: the first probe of a target waits a random
 * part of a second or two, and every interval varies by ±5%.
 *
 * <p>Thread-safe: {@link #apply} is called by the single writer; probes run on the scheduler's event loops.
 */
public final class HealthCheckScheduler implements SnapshotConsumer, AutoCloseable {
    private static final double JITTER = 0.05;
    private static final long MAX_FIRST_DELAY_MILLIS = 2000;
    private static final long TICK_MILLIS = 200;

    private final TargetHealthTracker tracker;
    private final RandomGenerator random;
    private final EventLoopGroup group;
    private final HealthProber prober;
    private final Map<String, ScheduledProbe> probes = new ConcurrentHashMap<>();
    private final ScheduledFuture<?> ticker;

    /**
     * A scheduler with {@code threads} probe event loops.
     *
     * @param random source of jitter (shared across threads; draws are synchronized on it)
     */
    public HealthCheckScheduler(TargetHealthTracker tracker, RandomGenerator random, int threads) {
        this.tracker = tracker;
        this.random = random;
        this.group = new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory("ballast-health", true),
                NioIoHandler.newFactory());
        this.prober = new HealthProber(group);
        // Draining deadlines, passive-failure ejections and slow-start ramps end on this tick.
        this.ticker = group.next().scheduleAtFixedRate(tracker::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Applies {@code snapshot} to the tracker, then starts and stops probes to match it. */
    @Override
    public void apply(ConfigSnapshot snapshot) {
        tracker.apply(snapshot);
        Map<String, ProbeSpec> wanted = new HashMap<>();
        Set<String> used = TargetGroupUsage.in(snapshot).keySet();
        HealthCheckEgress egress = HealthCheckEgress.of(snapshot);
        for (TargetGroup tg : snapshot.targetGroups().values()) {
            if (!used.contains(tg.arn()) || !tg.healthCheck().enabled()) {
                continue;
            }
            for (Target t : tg.targets()) {
                String address = snapshot.targetAddresses().ipOf(t);
                ProbeSpec spec = new ProbeSpec(tg.arn(), t, tg.healthCheck(),
                        tg.isNetwork() && tg.attributes().proxyProtocolV2(), address,
                        egress.allows(tg.arn(), address, tg.healthCheck().probePort(t.port())));
                wanted.put(spec.key(), spec);
            }
        }
        probes.entrySet().removeIf(e -> {
            boolean stale = !e.getValue().spec.equals(wanted.get(e.getKey()));
            if (stale) {
                e.getValue().cancel();
            }
            return stale;
        });
        wanted.forEach((key, spec) -> probes.computeIfAbsent(key, k -> {
            ScheduledProbe probe = new ScheduledProbe(spec);
            probe.scheduleIn(jittered(Math.min(MAX_FIRST_DELAY_MILLIS, spec.check().intervalSeconds() * 1000L), 0, 1));
            return probe;
        }));
    }

    /** The number of targets being probed. */
    public int probedTargets() {
        return probes.size();
    }

    /** Stops probing and the probe event loops. */
    @Override
    public void close() {
        ticker.cancel(false);
        probes.values().forEach(ScheduledProbe::cancel);
        probes.clear();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** {@code base} scaled by a random factor in {@code [low, high)}. */
    private long jittered(long base, double low, double high) {
        double u;
        synchronized (random) {
            u = random.nextDouble();
        }
        return Math.round(base * (low + (high - low) * u));
    }

    /** The repeating probe of one target. Thread-safe: scheduling and cancel may race, {@code cancelled} wins. */
    private final class ScheduledProbe {
        final ProbeSpec spec;
        private volatile boolean cancelled;
        private volatile ScheduledFuture<?> next;

        ScheduledProbe(ProbeSpec spec) {
            this.spec = spec;
        }

        void scheduleIn(long delayMillis) {
            if (!cancelled) {
                next = group.next().schedule(this::run, delayMillis, TimeUnit.MILLISECONDS);
            }
        }

        private void run() {
            if (cancelled) {
                return;
            }
            // The next probe is timed from this one's start: a slow answer does not stretch the interval.
            long interval = spec.check().intervalSeconds() * 1000L;
            scheduleIn(jittered(interval, 1 - JITTER, 1 + JITTER));
            prober.probe(spec).thenAccept(result -> {
                if (!cancelled) {
                    tracker.record(spec.targetGroupArn(), spec.target(), result);
                }
            });
        }

        void cancel() {
            cancelled = true;
            ScheduledFuture<?> pending = next;
            if (pending != null) {
                pending.cancel(false);
            }
        }
    }
}
