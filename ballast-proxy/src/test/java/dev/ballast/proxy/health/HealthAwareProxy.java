package dev.ballast.proxy.health;

import dev.ballast.core.balancing.StickyCookies;
import dev.ballast.core.balancing.TargetSelector;
import dev.ballast.core.health.TargetHealth;
import dev.ballast.core.health.TargetHealthTracker;
import dev.ballast.core.model.Action;
import dev.ballast.core.model.ConfigSnapshot;
import dev.ballast.core.model.HealthCheck;
import dev.ballast.core.model.Listener;
import dev.ballast.core.model.LoadBalancer;
import dev.ballast.core.model.LoadBalancerType;
import dev.ballast.core.model.Protocol;
import dev.ballast.core.model.Scheme;
import dev.ballast.core.model.Target;
import dev.ballast.core.model.TargetGroup;
import dev.ballast.core.model.TargetGroupAttributes;
import dev.ballast.proxy.ProxyOptions;
import dev.ballast.proxy.ProxyServer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The data plane wired with health as the server wires it: tracker, probe scheduler, a selector routing through
 * the tracker, and the proxy reporting connect failures and following draining. One ALB listener on 127.0.0.1
 * forwards to one target group of {@link KillableTarget}s. Health check: HTTP {@code /health}, interval 5 s,
 * timeout 2 s, thresholds 2 and 2 — AWS's minimum interval, so tests stay bounded.
 *
 * <p>Thread-safe as its parts are; a test drives it from one thread.
 */
final class HealthAwareProxy implements AutoCloseable {
    static final String GROUP = "arn:aws:elasticloadbalancing:us-east-1:000000000000:targetgroup/tasks/1";
    static final HealthCheck CHECK = new HealthCheck(true, Protocol.HTTP, null, "/health", 5, 2, 2, 2, "200");
    private static final String LB = "arn:aws:elasticloadbalancing:us-east-1:000000000000:loadbalancer/app/lb/1";
    private static final String LISTENER = LB + "/listener/1";

    final EventLoopGroup targetLoops = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    final TargetHealthTracker tracker = new TargetHealthTracker(Clock.systemUTC());
    final HealthCheckScheduler scheduler;
    final ProxyServer proxy;
    private final int port;
    private final AtomicLong revision = new AtomicLong();

    HealthAwareProxy() throws Exception {
        ProxyOptions options = ProxyOptions.defaults(2);
        scheduler = new HealthCheckScheduler(tracker, options.random(), 1);
        TargetSelector selector = new TargetSelector(options.random(), tracker, tracker, StickyCookies.withRandomKey());
        proxy = new ProxyServer(options, selector, tracker);
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
    }

    KillableTarget newTarget(String name) {
        return new KillableTarget(name, targetLoops);
    }

    /** New targets named {@code names}, registered with {@code attributes}, once every one of them is healthy. */
    List<KillableTarget> healthyTargets(Map<String, String> attributes, String... names) throws InterruptedException {
        List<KillableTarget> targets = Arrays.stream(names).map(this::newTarget).toList();
        register(targets, attributes);
        FailoverTest.awaitSeconds(10, () -> targets.stream().allMatch(t -> health(t).equals(TargetHealth.HEALTHY)));
        return targets;
    }

    /** Publishes a snapshot in which the group holds {@code targets} with {@code attributes}. */
    void register(List<KillableTarget> targets, Map<String, String> attributes) {
        List<Target> registered = targets.stream().map(HealthAwareProxy::target).toList();
        TargetGroup group = new TargetGroup(GROUP, "tasks", Protocol.HTTP, 80, null, CHECK,
                TargetGroupAttributes.defaults().with(attributes), registered);
        LoadBalancer lb = new LoadBalancer(LB, "lb", LoadBalancerType.APPLICATION, Scheme.INTERNAL, "lb.test",
                "127.0.0.1", null);
        Listener listener = new Listener(LISTENER, LB, Protocol.HTTP, port, Action.Forward.to(GROUP));
        ConfigSnapshot snapshot = new ConfigSnapshot(revision.incrementAndGet(), List.of(lb), List.of(listener),
                List.of(group));
        scheduler.apply(snapshot); // the tracker learns the snapshot first, then the proxy routes by it
        proxy.apply(snapshot);
    }

    static Target target(KillableTarget t) {
        return new Target("127.0.0.1", t.port());
    }

    TargetHealth health(KillableTarget t) {
        return tracker.view().health(GROUP, target(t));
    }

    InetSocketAddress address() {
        return proxy.boundAddress(LISTENER);
    }

    @Override
    public void close() {
        scheduler.close();
        proxy.close();
        targetLoops.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
