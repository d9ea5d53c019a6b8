package dev.ballast.control.ecs.schedule;

import dev.ballast.control.ConfigPublisher;
import dev.ballast.control.ecs.EcsCluster;
import dev.ballast.control.ecs.EcsContainerDefinition;
import dev.ballast.control.ecs.EcsDeployment;
import dev.ballast.control.ecs.EcsDeploymentConfiguration;
import dev.ballast.control.ecs.EcsLoadBalancer;
import dev.ballast.control.ecs.EcsPortMapping;
import dev.ballast.control.ecs.EcsServiceEntry;
import dev.ballast.control.ecs.EcsServiceEvent;
import dev.ballast.control.ecs.EcsTask;
import dev.ballast.control.ecs.EcsTaskDefinition;
import dev.ballast.control.ecs.EcsWriter;
import dev.ballast.control.ecs.run.TaskDriver;
import dev.ballast.control.elbv2.ElbControl;
import dev.ballast.control.elbv2.ElbSettings;
import dev.ballast.control.elbv2.ListenerCommands;
import dev.ballast.control.elbv2.NodeInstance;
import dev.ballast.control.elbv2.LoadBalancerCommands;
import dev.ballast.control.elbv2.TargetGroupCommands;
import dev.ballast.control.elbv2.TargetHealthSource;
import dev.ballast.control.store.SqliteStore;
import dev.ballast.core.health.ProbeResult;
import dev.ballast.core.health.TargetHealthTracker;
import dev.ballast.core.model.Action;
import dev.ballast.core.model.LoadBalancerType;
import dev.ballast.core.model.Protocol;
import dev.ballast.core.model.Scheme;
import dev.ballast.core.model.Target;
import dev.ballast.core.model.TargetGroup;
import dev.ballast.core.model.TargetType;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * What the scheduler tests share: an ECS store and writer, an ELBv2 control plane whose target health comes from a
 * real {@link TargetHealthTracker} on the test's clock, fed by a small prober that sends real HTTP requests to every
 * registered target; the in-process task driver's host; and helpers to write services as the API would.
 *
 * <p>Thread-safe enough for tests: the prober runs on its own thread; everything else on the test's.
 */
final class SchedulerFixture implements AutoCloseable {
    static final String DEPLOYMENT = "ecs-svc/1000000000000000001";
    static final String DRIVER = "inproc";
    /** This node as an instance: bridge tasks in instance groups are registered as it, at 127.0.0.1. */
    static final NodeInstance NODE = new NodeInstance("i-0ba11a57000000001", "127.0.0.1");

    final MutableClock clock = new MutableClock();
    final InProcessTaskDriver.Host host = new InProcessTaskDriver.Host();
    final TargetHealthTracker tracker = new TargetHealthTracker(clock);
    final SqliteStore elbStore;
    final SqliteStore ecsStore;
    final EcsWriter ecs;
    final ElbControl elb;
    private final Thread prober;
    private volatile boolean closed;
    InProcessTaskDriver driver;
    EcsScheduler scheduler;

    SchedulerFixture(Path dir) {
        elbStore = SqliteStore.open(dir.resolve("elb"));
        ecsStore = SqliteStore.open(dir.resolve("ecs"));
        ecs = EcsWriter.open(ecsStore);
        ConfigPublisher publisher = new ConfigPublisher();
        publisher.subscribe(tracker);
        elb = ElbControl.open(elbStore, publisher, ElbSettings.defaults("127.0.0.1").withNodeInstance(NODE),
                clock, new SecureRandom());
        elb.healthSource(TargetHealthSource.of(tracker));
        ecs.write(d -> d.clusters().put("default", new EcsCluster("default", List.of(), clock.millis())));
        prober = new Thread(this::probeLoop, "test-prober");
        prober.setDaemon(true);
        prober.start();
    }

    /** Starts (or starts again, after {@link #stopScheduler}) the scheduler with a new driver on the same host. */
    void startScheduler() {
        driver = new InProcessTaskDriver(host);
        scheduler = EcsScheduler.start(ecs, elb, Map.<String, TaskDriver>of(DRIVER, driver), DRIVER, clock);
    }

    /** Stops the scheduler as a Ballast shutdown does: tasks keep running. */
    void stopScheduler() {
        scheduler.close();
        scheduler = null;
    }

    /** Sends one real HTTP request to every registered target every 50 ms and counts the results. */
    private void probeLoop() {
        while (!closed) {
            for (var group : elb.state().targetGroups().values()) {
                TargetGroup model = group.model();
                for (Target t : model.targets()) {
                    tracker.record(model.arn(), t, probe(t));
                }
            }
            tracker.tick();
            try {
                Thread.sleep(50); // the probe interval
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Probes {@code t} where the data plane would: an instance target at its instance's address. */
    private ProbeResult probe(Target t) {
        String address = elb.settings().targetAddresses().ipOf(t);
        if (address == null) {
            return ProbeResult.failed();
        }
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create("http://" + address + ":" + t.port() + "/").toURL()
                    .openConnection();
            c.setConnectTimeout(300);
            c.setReadTimeout(300);
            int code = c.getResponseCode();
            c.disconnect();
            return code == 200 ? ProbeResult.pass() : ProbeResult.responseCodeMismatch(code);
        } catch (IOException e) {
            return ProbeResult.failed();
        }
    }

    /**
     * An ip target group (healthy after 2 checks, unhealthy after 2) forwarded to by a listener of an ALB, draining
     * for {@code delaySeconds}; returns its ARN.
     */
    String targetGroup(String name, int delaySeconds) {
        return targetGroup(name, delaySeconds, TargetType.IP);
    }

    /** The same, of target type {@code type}. */
    String targetGroup(String name, int delaySeconds, TargetType type) {
        String arn = elb.targetGroups().create(new TargetGroupCommands.Create(name, Protocol.HTTP, null, 80, null,
                new TargetGroupCommands.HealthCheckChange(null, null, null, "/", 5, 2, 2, 2, null), type,
                null, List.of())).arn();
        elb.targetGroups().modifyAttributes(arn, Map.of("deregistration_delay.timeout_seconds",
                String.valueOf(delaySeconds)));
        String lb = elb.loadBalancers().create(new LoadBalancerCommands.Create(name + "-lb",
                LoadBalancerType.APPLICATION, Scheme.INTERNET_FACING, List.of(), List.of(), null, List.of())).arn();
        elb.listeners().create(lb, new ListenerCommands.Settings(Protocol.HTTP, 18080 + elb.state().listeners().size(),
                Action.Forward.to(arn), null, null, null), List.of());
        return arn;
    }

    /** Registers task definition {@code family:revision}: one essential container {@code web} on port 80. */
    String taskDefinition(String family, int revision, String image) {
        EcsTaskDefinition td = new EcsTaskDefinition(family, revision, EcsTaskDefinition.ACTIVE, "bridge",
                List.of(new EcsContainerDefinition("web", image, null, 128, true,
                        List.of(new EcsPortMapping(80, null, "tcp")), List.of(), List.of(), List.of())),
                List.of(), null, null, clock.millis(), null);
        ecs.write(d -> d.taskDefinitions().put(td.key(), td));
        return td.key();
    }

    /** Creates service {@code name} as CreateService does: ACTIVE, one PRIMARY deployment IN_PROGRESS. */
    void createService(String name, String taskDefinition, int desired, String targetGroupArn, int graceSeconds,
                       EcsDeploymentConfiguration config) {
        long now = clock.millis();
        List<EcsLoadBalancer> lbs = targetGroupArn == null ? List.of()
                : List.of(new EcsLoadBalancer(targetGroupArn, null, "web", 80));
        EcsServiceEntry service = new EcsServiceEntry("default", name, taskDefinition, desired, "FARGATE", lbs, null,
                graceSeconds, config, "REPLICA", EcsServiceEntry.ACTIVE,
                List.of(new EcsDeployment(DEPLOYMENT, EcsDeployment.PRIMARY, taskDefinition, desired, 0,
                        "IN_PROGRESS", null, now, now)), List.of(), List.of(), now, null);
        ecs.write(d -> d.services().put(service.key(), service));
    }

    /** Changes service {@code name} as UpdateService would. */
    void updateService(String name, UnaryOperator<EcsServiceEntry> change) {
        ecs.write(d -> d.services().computeIfPresent("default/" + name, (k, s) -> change.apply(s)));
    }

    /** A copy of {@code s} with another desired count (and the PRIMARY's with it). */
    static EcsServiceEntry withDesired(EcsServiceEntry s, int desired) {
        List<EcsDeployment> deployments = new java.util.ArrayList<>(s.deployments());
        EcsDeployment p = deployments.get(0);
        deployments.set(0, new EcsDeployment(p.id(), p.status(), p.taskDefinition(), desired, p.failedTasks(),
                p.rolloutState(), p.rolloutStateReason(), p.createdAt(), p.updatedAt()));
        return new EcsServiceEntry(s.cluster(), s.name(), s.taskDefinition(), desired, s.launchType(),
                s.loadBalancers(), s.networkConfiguration(), s.healthCheckGracePeriodSeconds(),
                s.deploymentConfiguration(), s.schedulingStrategy(), s.status(), deployments, s.events(), s.tags(),
                s.createdAt(), s.deletedAt());
    }

    EcsServiceEntry service(String name) {
        return ecs.state().services().get("default/" + name);
    }

    List<EcsTask> tasks(String service) {
        return ecs.state().tasks().values().stream().filter(t -> ("service:" + service).equals(t.group())).toList();
    }

    List<EcsTask> tasksIn(String service, String lastStatus) {
        return tasks(service).stream().filter(t -> lastStatus.equals(t.lastStatus())).toList();
    }

    EcsTask task(String key) {
        return ecs.state().tasks().get(key);
    }

    /** The service's event messages, newest first. */
    List<String> events(String service) {
        return service(service).events().stream().map(EcsServiceEvent::message).toList();
    }

    /** The registered targets of {@code tgArn} and their health state. */
    Map<String, String> targetStates(String tgArn) {
        Map<String, String> states = new java.util.LinkedHashMap<>();
        elb.describeTargetHealth(tgArn, List.of())
                .forEach(r -> states.put(r.target().key(), r.health().state().wire()));
        return states;
    }

    long healthyTargets(String tgArn) {
        return targetStates(tgArn).values().stream().filter("healthy"::equals).count();
    }

    @Override
    public void close() {
        closed = true;
        if (scheduler != null) {
            scheduler.close();
        }
        prober.interrupt();
        try {
            prober.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        host.close();
        ecsStore.close();
        elbStore.close();
    }
}
