package dev.ballast.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.control.ecs.EcsCluster;
import dev.ballast.control.ecs.EcsContainerDefinition;
import dev.ballast.control.ecs.EcsDeployment;
import dev.ballast.control.ecs.EcsDeploymentConfiguration;
import dev.ballast.control.ecs.EcsLoadBalancer;
import dev.ballast.control.ecs.EcsPortMapping;
import dev.ballast.control.ecs.EcsServiceEntry;
import dev.ballast.control.ecs.EcsTask;
import dev.ballast.control.ecs.EcsTaskDefinition;
import dev.ballast.control.ecs.run.TaskDriver;
import dev.ballast.control.ecs.schedule.InProcessTaskDriver;
import dev.ballast.proxy.Await;
import dev.ballast.server.ControlPlane;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Action;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ActionTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ProtocolEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupAttribute;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthDescription;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetTypeEnum;

/**
 * The ECS scheduler inside the real control plane: a service's tasks (run by an in-process test driver whose tasks
 * are real HTTP servers) register themselves in the target group of a real ALB listener, take traffic, drain on
 * scale-in, are replaced when they die, and are adopted, not duplicated, after a restart. Services are written
 * through the ECS writer as the API will write them.
 */
class EcsServiceSchedulingTest {
    private static final Duration WAIT = Duration.ofSeconds(40);
    private static final String DEPLOYMENT = "ecs-svc/4000000000000000001";

    @TempDir
    Path dataDir;
    private final InProcessTaskDriver.Host host = new InProcessTaskDriver.Host();
    private ControlPlane plane;
    private InProcessTaskDriver driver;

    @AfterEach
    void tearDown() {
        if (plane != null) {
            plane.close();
        }
        host.close();
    }

    /** Starts the control plane with a new driver on the same host, as a restarted Ballast would. */
    private ControlPlane start() {
        driver = new InProcessTaskDriver(host);
        return ControlPlane.start(new ControlPlane.Options(dataDir, "127.0.0.1", 0, "127.0.0.1", Map.of(), 1)
                .withTaskDrivers(Map.<String, TaskDriver>of("inproc", driver), "inproc"));
    }

    @Test
    void serviceTasksRegisterTakeTrafficDrainOnScaleInAreReplacedAndAdoptedAfterARestart() {
        plane = start();
        ElasticLoadBalancingV2Client elb = ApiTestSupport.client(plane.apiAddress(), "AKID", "secret");
        String tg = elb.createTargetGroup(r -> r.name("web-tg").protocol(ProtocolEnum.HTTP).port(80)
                .targetType(TargetTypeEnum.IP).healthCheckIntervalSeconds(5).healthCheckTimeoutSeconds(2)
                .healthyThresholdCount(2)
                .unhealthyThresholdCount(2)).targetGroups().get(0).targetGroupArn();
        elb.modifyTargetGroupAttributes(r -> r.targetGroupArn(tg).attributes(TargetGroupAttribute.builder()
                .key("deregistration_delay.timeout_seconds").value("2").build()));
        String lb = elb.createLoadBalancer(r -> r.name("web-lb")).loadBalancers().get(0).loadBalancerArn();
        int port = ApiTestSupport.freePort();
        elb.createListener(r -> r.loadBalancerArn(lb).protocol(ProtocolEnum.HTTP).port(port).defaultActions(
                Action.builder().type(ActionTypeEnum.FORWARD).targetGroupArn(tg).build()));
        long created = System.nanoTime();
        createService(tg, 3);

        Await.until("3 healthy targets", WAIT, () -> healthy(elb, tg).size() == 3);
        System.out.printf("ecs scheduling: service written to 3 healthy targets in %d ms (health check every 5 s, "
                + "healthy after 2)%n", (System.nanoTime() - created) / 1_000_000);
        Set<String> running = ids(tasks("RUNNING"));
        assertThat(running).hasSize(3);
        Await.until("traffic through the listener reaches all 3 tasks", WAIT,
                () -> answering(port, 12).equals(running));

        setDesired(1);
        Await.until("2 targets draining", WAIT, () -> states(elb, tg).stream().filter("draining"::equals).count() == 2);
        Set<String> leaving = ids(tasks("DEACTIVATING"));
        assertThat(leaving).hasSize(2).allSatisfy(id -> assertThat(host.running(id))
                .as("a draining task still runs").isTrue());
        Await.until("the 2 drained tasks stopped and their targets gone", WAIT, () -> ids(tasks("STOPPED"))
                .containsAll(leaving) && states(elb, tg).equals(List.of("healthy")));
        assertThat(leaving).noneMatch(host::running);

        String survivor = ids(tasks("RUNNING")).iterator().next();
        driver.crash(survivor, 137);
        Await.until("a replacement serving", WAIT, () -> tasks("RUNNING").size() == 1
                && !ids(tasks("RUNNING")).contains(survivor) && healthy(elb, tg).size() == 1);
        String replacement = ids(tasks("RUNNING")).iterator().next();
        assertThat(task(survivor).stopCode()).isEqualTo("EssentialContainerExited");
        Await.until("traffic reaches the replacement", WAIT, () -> answering(port, 3).equals(Set.of(replacement)));

        plane.close();
        assertThat(host.running(replacement)).as("tasks keep running while Ballast is down").isTrue();
        int startsBefore = host.starts();
        plane = start();
        ElasticLoadBalancingV2Client again = ApiTestSupport.client(plane.apiAddress(), "AKID", "secret");
        Await.until("the adopted task serving again", WAIT, () -> healthy(again, tg).size() == 1
                && answering(port, 3).equals(Set.of(replacement)));
        setDesired(2);
        Await.until("2 healthy targets", WAIT, () -> healthy(again, tg).size() == 2);
        assertThat(host.starts() - startsBefore).as("one task started for the scale-out, none to replace the "
                + "adopted one").isEqualTo(1);
        assertThat(task(replacement).lastStatus()).isEqualTo("RUNNING");
        assertThat(plane.ecs().state().services().get("default/web").events().get(0).message())
                .startsWith("(service web) ");
    }

    private void createService(String tg, int desired) {
        long now = System.currentTimeMillis();
        EcsTaskDefinition td = new EcsTaskDefinition("web", 1, EcsTaskDefinition.ACTIVE, "bridge",
                List.of(new EcsContainerDefinition("web", "ballast/hello", null, 128, true,
                        List.of(new EcsPortMapping(80, null, "tcp")), List.of(), List.of(), List.of())),
                List.of(), null, null, now, null);
        EcsServiceEntry service = new EcsServiceEntry("default", "web", "web:1", desired, "EC2",
                List.of(new EcsLoadBalancer(tg, null, "web", 80)), null, 0, EcsDeploymentConfiguration.defaults(),
                "REPLICA", EcsServiceEntry.ACTIVE, List.of(new EcsDeployment(DEPLOYMENT, EcsDeployment.PRIMARY,
                        "web:1", desired, 0, "IN_PROGRESS", null, now, now)), List.of(), List.of(), now, null);
        plane.ecs().write(d -> {
            d.clusters().putIfAbsent("default", new EcsCluster("default", List.of(), now));
            d.taskDefinitions().put(td.key(), td);
            d.services().put(service.key(), service);
            return null;
        });
    }

    private void setDesired(int desired) {
        plane.ecs().write(d -> d.services().computeIfPresent("default/web", (k, s) -> {
            EcsDeployment p = s.deployments().get(0);
            return new EcsServiceEntry(s.cluster(), s.name(), s.taskDefinition(), desired, s.launchType(),
                    s.loadBalancers(), s.networkConfiguration(), s.healthCheckGracePeriodSeconds(),
                    s.deploymentConfiguration(), s.schedulingStrategy(), s.status(), List.of(new EcsDeployment(
                            p.id(), p.status(), p.taskDefinition(), desired, p.failedTasks(), p.rolloutState(),
                            p.rolloutStateReason(), p.createdAt(), p.updatedAt())), s.events(), s.tags(),
                    s.createdAt(), s.deletedAt());
        }));
    }

    private List<EcsTask> tasks(String lastStatus) {
        return plane.ecs().state().tasks().values().stream().filter(t -> lastStatus.equals(t.lastStatus())).toList();
    }

    private EcsTask task(String id) {
        return plane.ecs().state().tasks().get("default/" + id);
    }

    private static Set<String> ids(List<EcsTask> tasks) {
        return tasks.stream().map(EcsTask::id).collect(Collectors.toSet());
    }

    private static List<TargetHealthDescription> healthy(ElasticLoadBalancingV2Client elb, String tg) {
        return elb.describeTargetHealth(r -> r.targetGroupArn(tg)).targetHealthDescriptions().stream()
                .filter(d -> d.targetHealth().stateAsString().equals("healthy")).toList();
    }

    private static List<String> states(ElasticLoadBalancingV2Client elb, String tg) {
        return elb.describeTargetHealth(r -> r.targetGroupArn(tg)).targetHealthDescriptions().stream()
                .map(d -> d.targetHealth().stateAsString()).toList();
    }

    /** The task ids that answered {@code requests} requests through the listener (each body is "task <id>"). */
    private static Set<String> answering(int port, int requests) {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < requests; i++) {
            ApiTestSupport.Response r = ApiTestSupport.get("127.0.0.1", port, "web-lb", "/");
            if (r.status() == 200 && r.body().startsWith("task ")) {
                ids.add(r.body().substring("task ".length()));
            } else {
                ids.add("HTTP " + r.status());
            }
        }
        return ids;
    }
}
