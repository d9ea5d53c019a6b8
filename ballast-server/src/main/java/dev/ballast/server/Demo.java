package dev.ballast.server;

import dev.ballast.core.health.TargetHealthState;
import dev.ballast.core.model.Action;
import dev.ballast.core.model.Arns;
import dev.ballast.core.model.ConfigSnapshot;
import dev.ballast.core.model.HealthCheck;
import dev.ballast.core.model.Listener;
import dev.ballast.core.model.LoadBalancer;
import dev.ballast.core.model.LoadBalancerType;
import dev.ballast.core.model.Protocol;
import dev.ballast.core.model.Scheme;
import dev.ballast.core.model.Target;
import dev.ballast.core.model.TargetGroup;
import dev.ballast.core.model.TargetType;
import dev.ballast.server.config.ConfigFileLoader;
import dev.ballast.server.hello.HelloServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Scenario S1 on one machine: three hello-world targets on loopback and an application load balancer
 * {@value #LOAD_BALANCER_NAME} whose HTTP listener forwards to target group {@value #TARGET_GROUP_NAME}
 * (round robin).
 *
 * <p>Thread-safe: {@link #close} is idempotent and may be called from a shutdown hook.
 */
public final class Demo implements AutoCloseable {
    /** The demo's load balancer. */
    public static final String LOAD_BALANCER_NAME = "hello-world-lb";
    /** The demo's target group. */
    public static final String TARGET_GROUP_NAME = "hello-world-tg";
    /** The listener port unless {@code --port} says otherwise. */
    public static final int DEFAULT_PORT = 8080;
    /** How many hello-world tasks the demo runs. */
    public static final int TASKS = 3;

    private final List<HelloServer> targets;
    private final DataPlane dataPlane;
    private final Listener listener;
    private boolean closed;

    private Demo(List<HelloServer> targets, DataPlane dataPlane, Listener listener) {
        this.targets = targets;
        this.dataPlane = dataPlane;
        this.listener = listener;
    }

    /**
     * Starts the targets on 127.0.0.1 (free ports) and the load balancer listening on {@code bindAddress}:{@code
     * port}. If anything fails to start, what was started is stopped again.
     */
    public static Demo start(String bindAddress, int port, RandomGenerator random) {
        List<HelloServer> targets = new ArrayList<>();
        try {
            for (int i = 1; i <= TASKS; i++) {
                targets.add(HelloServer.start(new InetSocketAddress("127.0.0.1", 0), "task-" + i));
            }
            Arns arns = new Arns(ConfigFileLoader.DEFAULT_REGION, ConfigFileLoader.DEFAULT_ACCOUNT_ID, random);
            TargetGroup group = targetGroup(arns, targets);
            String lbArn = arns.loadBalancer(LoadBalancerType.APPLICATION, LOAD_BALANCER_NAME);
            LoadBalancer lb = new LoadBalancer(lbArn, LOAD_BALANCER_NAME, LoadBalancerType.APPLICATION,
                    Scheme.INTERNET_FACING, null, bindAddress, null);
            Listener listener = new Listener(arns.listener(lbArn), lbArn, Protocol.HTTP, port,
                    Action.Forward.to(group.arn()));
            ConfigSnapshot snapshot = new ConfigSnapshot(1, List.of(lb), List.of(listener), List.of(group));
            return new Demo(List.copyOf(targets), DataPlane.start(snapshot), listener);
        } catch (IOException | RuntimeException e) {
            targets.forEach(HelloServer::close);
            if (e instanceof IOException io) {
                throw new UncheckedIOException("cannot start a hello-world target: " + io.getMessage(), io);
            }
            throw (RuntimeException) e;
        }
    }

    private static TargetGroup targetGroup(Arns arns, List<HelloServer> targets) {
        List<Target> registered = targets.stream()
                .map(t -> new Target(t.address().getAddress().getHostAddress(), t.address().getPort()))
                .toList();
        // Checks every 5 s (AWS's default is 30 s) so that a stopped task leaves the rotation quickly in the demo.
        HealthCheck healthCheck = new HealthCheck(true, Protocol.HTTP, HealthCheck.TRAFFIC_PORT,
                HelloServer.HEALTH_PATH, 5, 2, 2, 2, "200");
        return new TargetGroup(arns.targetGroup(TARGET_GROUP_NAME), TARGET_GROUP_NAME, Protocol.HTTP, 80,
                TargetType.IP, healthCheck, null, registered);
    }

    /**
     * Waits until every task passed its first health check, as a new ALB target group does before traffic is
     * spread over all of its targets; returns false if that takes longer than {@code timeout}.
     */
    public boolean awaitHealthy(Duration timeout) throws InterruptedException {
        String groupArn = ((Action.Forward) listener.defaultAction()).targetGroups().get(0).targetGroupArn();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            var group = dataPlane.health().view().group(groupArn);
            if (group != null && group.descriptions().stream()
                    .filter(d -> d.health().state() == TargetHealthState.HEALTHY).count() == TASKS) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }

    /** The hello-world targets, task-1 first. */
    public List<HelloServer> targets() {
        return targets;
    }

    /** The load balancer's HTTP listener. */
    public Listener listener() {
        return listener;
    }

    /** The address the listener is bound to, or null if the proxy did not bind it. */
    public InetSocketAddress boundAddress() {
        return dataPlane.boundAddress(listener.arn());
    }

    /** What the demo prints when it has started: what runs and what to curl. */
    public String instructions() {
        String bind = dataPlane.snapshot().loadBalancer(listener.loadBalancerArn()).bindAddress();
        String url = "http://" + HostPort.format(HostPort.reachableHost(bind), listener.port()) + "/";
        StringBuilder text = new StringBuilder();
        text.append("Ballast demo: application load balancer ").append(LOAD_BALANCER_NAME).append('\n');
        text.append("  listener      HTTP ").append(HostPort.format(bind, listener.port()))
                .append(" -> target group ").append(TARGET_GROUP_NAME).append(" (round_robin)\n");
        for (HelloServer target : targets) {
            text.append("  target        ").append(target.taskId()).append("  127.0.0.1:")
                    .append(target.address().getPort()).append('\n');
        }
        text.append('\n').append("Each request goes to the next task in turn; try it three times:\n")
                .append("  curl ").append(url).append('\n')
                .append("The page says \"My task id is task-1\", then task-2, then task-3.\n");
        return text.toString();
    }

    /** Stops the load balancer, then the targets. */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            dataPlane.close();
            targets.forEach(HelloServer::close);
        }
    }
}
