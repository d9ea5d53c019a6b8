package dev.ballast.control.ecs.schedule;

import static dev.ballast.control.ecs.schedule.SchedulerFixture.DEPLOYMENT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.control.ecs.EcsDeployment;
import dev.ballast.control.ecs.EcsDeploymentConfiguration;
import dev.ballast.control.ecs.EcsServiceEntry;
import dev.ballast.control.ecs.EcsTask;
import dev.ballast.proxy.Await;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The service scheduler, task runner and target registrar together, on real HTTP task servers. */
class ServiceSchedulerTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;
    SchedulerFixture f;
    String tg;

    @BeforeEach
    void setUp() {
        f = new SchedulerFixture(dir);
        tg = f.targetGroup("web-tg", 30);
        f.taskDefinition("web", 1, "ballast/hello");
        f.startScheduler();
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    private void awaitSteady(String service, int count) {
        Await.until(count + " healthy targets and a steady state", WAIT, () -> f.healthyTargets(tg) == count
                && f.events(service).get(0).equals("(service " + service + ") has reached a steady state."));
    }

    @Test
    void startsTheDesiredTasksRegistersThemAndReachesASteadyState() {
        f.createService("web", "web:1", 3, tg, 0, EcsDeploymentConfiguration.defaults());

        awaitSteady("web", 3);

        List<EcsTask> running = f.tasksIn("web", "RUNNING");
        assertThat(running).hasSize(3).allSatisfy(t -> {
            assertThat(t.startedBy()).isEqualTo(DEPLOYMENT);
            assertThat(t.deploymentId()).isEqualTo(DEPLOYMENT);
            assertThat(t.driver()).isEqualTo("inproc");
            assertThat(t.driverHandle()).isEqualTo("inproc:" + t.id());
            assertThat(t.startedAt()).isNotNull();
            assertThat(t.containers()).singleElement().satisfies(c -> {
                assertThat(c.lastStatus()).isEqualTo("RUNNING");
                assertThat(c.runtimeId()).isEqualTo(t.id() + "-web");
                assertThat(c.networkBindings()).singleElement().satisfies(b -> {
                    assertThat(b.bindIP()).isEqualTo("127.0.0.1");
                    assertThat(b.containerPort()).isEqualTo(80);
                    assertThat(f.targetStates(tg)).containsKey("127.0.0.1:" + b.hostPort());
                });
            });
        });
        List<String> events = f.events("web");
        assertThat(events).containsSubsequence(
                "(service web) has reached a steady state.",
                "(service web) (deployment " + DEPLOYMENT + ") deployment completed.");
        // Targets are registered as their tasks reach RUNNING, so in one event or a few.
        assertThat(registeredCount(events)).isEqualTo(3);
        assertThat(events.get(events.size() - 1)).isEqualTo("(service web) has started 3 tasks: "
                + String.join(" ", f.tasks("web").stream().map(t -> "(task " + t.id() + ")").toList()) + ".");
        assertThat(f.service("web").deployments()).singleElement()
                .satisfies(d -> assertThat(d.rolloutState()).isEqualTo("COMPLETED"));
    }

    private long draining() {
        return f.targetStates(tg).values().stream().filter("draining"::equals).count();
    }

    private int registeredCount(List<String> events) {
        return registeredCount(events, tg);
    }

    private static int registeredCount(List<String> events, String group) {
        String suffix = " targets in (target-group " + group + ")";
        return events.stream().filter(e -> e.startsWith("(service web) registered ") && e.endsWith(suffix))
                .mapToInt(e -> Integer.parseInt(e.substring("(service web) registered ".length(),
                        e.length() - suffix.length()))).sum();
    }

    @Test
    void scaleInDeregistersFirstAndStopsOnlyOnceTheTargetsAreUnused() {
        f.createService("web", "web:1", 3, tg, 0, EcsDeploymentConfiguration.defaults());
        awaitSteady("web", 3);

        f.updateService("web", s -> SchedulerFixture.withDesired(s, 1));

        Await.until("2 tasks deactivating, their targets draining", WAIT, () ->
                f.tasksIn("web", "DEACTIVATING").size() == 2
                        && draining() == 2
                        && f.events("web").get(0).contains("has begun draining"));
        List<EcsTask> leaving = f.tasksIn("web", "DEACTIVATING");
        assertThat(leaving).allSatisfy(t -> {
            assertThat(t.desiredStatus()).isEqualTo("STOPPED");
            assertThat(t.stopCode()).isEqualTo("ServiceSchedulerInitiated");
            assertThat(t.stoppedReason()).isEqualTo("Scaling activity initiated by (deployment " + DEPLOYMENT + ")");
            assertThat(f.host.tasks.get("inproc:" + t.id()).exitCode).as("still serving while draining").isNull();
        });
        assertThat(f.events("web")).contains(
                "(service web) deregistered 2 targets in (target-group " + tg + ")",
                "(service web, taskSet " + DEPLOYMENT + ") has begun draining connections on 2 tasks.");

        f.clock.advance(Duration.ofSeconds(31)); // the group's deregistration delay is 30 s

        Await.until("the 2 drained tasks stopped", WAIT, () -> leaving.stream()
                .allMatch(t -> "STOPPED".equals(f.task(t.key()).lastStatus())));
        assertThat(leaving).allSatisfy(t -> {
            EcsTask stopped = f.task(t.key());
            assertThat(stopped.stoppedAt()).isNotNull();
            assertThat(stopped.containers()).singleElement().satisfies(c -> {
                assertThat(c.lastStatus()).isEqualTo("STOPPED");
                assertThat(c.exitCode()).isEqualTo(143);
            });
        });
        assertThat(f.host.stopTimeouts).containsOnly(Duration.ofSeconds(30));
        awaitSteady("web", 1);
        assertThat(f.events("web")).contains("(service web) has stopped 2 running tasks: "
                + String.join(" ", leaving.stream().map(t -> "(task " + t.id() + ")").toList()) + ".");
    }

    @Test
    void aTaskWhoseEssentialContainerExitsIsStoppedAndReplaced() {
        f.createService("web", "web:1", 3, tg, 0, EcsDeploymentConfiguration.defaults());
        awaitSteady("web", 3);
        EcsTask victim = f.tasksIn("web", "RUNNING").get(0);

        f.driver.crash(victim.id(), 137);

        Await.until("a replacement running and healthy", WAIT, () -> f.tasksIn("web", "RUNNING").size() == 3
                && f.tasksIn("web", "RUNNING").stream().noneMatch(t -> t.id().equals(victim.id()))
                && f.healthyTargets(tg) == 3);
        EcsTask crashed = f.task(victim.key());
        assertThat(crashed.desiredStatus()).isEqualTo("STOPPED");
        assertThat(crashed.stopCode()).isEqualTo("EssentialContainerExited");
        assertThat(crashed.stoppedReason()).isEqualTo("Essential container in task exited");
        assertThat(crashed.containers()).singleElement().satisfies(c -> assertThat(c.exitCode()).isEqualTo(137));
        assertThat(f.tasks("web").stream().filter(t -> "RUNNING".equals(t.desiredStatus()))).hasSize(3);
    }

    @Test
    void aTaskUnhealthyInItsTargetGroupIsReplacedAfterTheGracePeriodReplacementFirst() {
        f.createService("web", "web:1", 2, tg, 60, EcsDeploymentConfiguration.defaults());
        Await.until("2 healthy targets", WAIT, () -> f.healthyTargets(tg) == 2);
        EcsTask sick = f.tasksIn("web", "RUNNING").get(0);
        f.host.tasks.get("inproc:" + sick.id()).statusCode.set(500);
        Await.until("its target unhealthy", WAIT, () -> f.targetStates(tg).containsValue("unhealthy"));
        // Within the grace period the scheduler ignores it: a pass or two later it still wants it running.
        Await.until("another scheduling pass", WAIT, () -> f.healthyTargets(tg) == 1);
        assertThat(f.task(sick.key()).desiredStatus()).isEqualTo("RUNNING");
        assertThat(f.tasks("web")).hasSize(2);

        f.clock.advance(Duration.ofSeconds(61));

        Await.until("a replacement started while the sick task still runs", WAIT, () -> f.tasks("web").size() == 3);
        Await.until("the sick task asked to stop once its replacement is healthy", WAIT,
                () -> "STOPPED".equals(f.task(sick.key()).desiredStatus()));
        assertThat(f.healthyTargets(tg)).as("2 healthy tasks before the sick one goes").isEqualTo(2);
        EcsTask stopped = f.task(sick.key());
        assertThat(stopped.stopCode()).isEqualTo("ServiceSchedulerInitiated");
        assertThat(stopped.stoppedReason()).isEqualTo("Task failed ELB health checks in (target-group " + tg + ")");
        int port = sick.containers().get(0).networkBindings().get(0).hostPort();
        assertThat(f.events("web")).contains("(service web) (task " + sick.id() + ") (port " + port + ") is unhealthy "
                + "in (target-group " + tg + ") due to (reason Health checks failed with these codes: [500]).");
    }

    @Test
    void tasksThatFailToStartStopWithTheReasonAndTheServiceBacksOff() {
        f.taskDefinition("broken", 1, "missing/app");
        f.createService("broken", "broken:1", 1, null, 0, EcsDeploymentConfiguration.defaults());

        Await.until("the first task stopped", WAIT, () -> f.tasksIn("broken", "STOPPED").size() == 1);
        EcsTask failed = f.tasksIn("broken", "STOPPED").get(0);
        assertThat(failed.stopCode()).isEqualTo("TaskFailedToStart");
        assertThat(failed.stoppedReason())
                .isEqualTo("CannotPullContainerError: image missing/app is not known to the in-process test driver");
        assertThat(failed.desiredStatus()).isEqualTo("STOPPED");
        // Backing off: no second try until the clock moves past the first delay (5 s).
        Await.until("the failure counted on the deployment", WAIT,
                () -> f.service("broken").deployments().get(0).failedTasks() == 1);
        assertThat(f.tasks("broken")).hasSize(1);

        for (int attempt = 2; attempt <= 3; attempt++) {
            f.clock.advance(StartBackoff.BASE.multipliedBy(1L << (attempt - 2)).plusSeconds(1));
            int expected = attempt;
            Await.until("attempt " + attempt + " failed", WAIT,
                    () -> f.tasksIn("broken", "STOPPED").size() == expected
                            && f.service("broken").deployments().get(0).failedTasks() == expected);
        }
        Await.until("the service says so", WAIT, () -> f.events("broken")
                .contains("(service broken) is unable to consistently start tasks successfully."));
        assertThat(f.tasks("broken")).hasSize(3);
    }

    @Test
    void aTaskOfAMissingDriverFailsToStartNamingTheDriver() {
        f.ecs.write(d -> {
            long now = f.clock.millis();
            EcsTask task = new EcsTask("default", "0123456789abcdef0123456789abcdef", "web:1", "family:web", null,
                    null, null, "FARGATE", "RUNNING", "PROVISIONING", "UNKNOWN", List.of(), List.of(), null, null,
                    "docker", null, null, null, List.of(), now, null, null, null, 1);
            d.tasks().put(task.key(), task);
            return null;
        });

        Await.until("the task stopped", WAIT,
                () -> "STOPPED".equals(f.task("default/0123456789abcdef0123456789abcdef").lastStatus()));
        EcsTask task = f.task("default/0123456789abcdef0123456789abcdef");
        assertThat(task.stopCode()).isEqualTo("TaskFailedToStart");
        assertThat(task.stoppedReason()).isEqualTo(
                "CannotStartContainerError: driver: docker (expected: one of the configured task drivers [inproc])");
    }

    @Test
    void aRollingDeploymentStaysWithinItsPercentsAndCompletes() {
        f.createService("web", "web:1", 2, tg, 0, new EcsDeploymentConfiguration(150, 50, false, false));
        awaitSteady("web", 2);
        List<EcsTask> old = f.tasksIn("web", "RUNNING");
        AtomicInteger maxLive = new AtomicInteger();
        f.ecs.onCommit(state -> {
            long live = state.tasks().values().stream().filter(t -> "service:web".equals(t.group())
                    && "RUNNING".equals(t.desiredStatus()) && !"STOPPED".equals(t.lastStatus())).count();
            maxLive.accumulateAndGet((int) live, Math::max);
        });
        f.taskDefinition("web", 2, "ballast/hello");
        String next = "ecs-svc/1000000000000000002";
        f.updateService("web", s -> newDeployment(s, next, "web:2"));

        // 150 % of 2 is 3 tasks at most and 50 % is 1 healthy at least: one old task goes, one new one comes.
        Await.until("one old task draining and a new one started", WAIT, () ->
                f.tasks("web").stream().filter(t -> next.equals(t.deploymentId())).count() >= 1
                        && old.stream().anyMatch(t -> "STOPPED".equals(f.task(t.key()).desiredStatus())));
        f.clock.advance(Duration.ofSeconds(31));
        Await.until("the old tasks drained", WAIT, () -> {
            f.clock.advance(Duration.ofSeconds(1));
            return old.stream().allMatch(t -> "STOPPED".equals(f.task(t.key()).lastStatus()));
        });
        Await.until("the deployment completed", WAIT, () -> f.service("web").deployments().size() == 1
                && "COMPLETED".equals(f.service("web").deployments().get(0).rolloutState()));
        assertThat(f.service("web").deployments().get(0).id()).isEqualTo(next);
        assertThat(f.events("web")).contains("(service web) (deployment " + next + ") deployment completed.");
        assertThat(f.tasksIn("web", "RUNNING")).hasSize(2).allSatisfy(t -> {
            assertThat(t.taskDefinition()).isEqualTo("web:2");
            assertThat(t.startedBy()).isEqualTo(next);
        });
        assertThat(maxLive.get()).as("running + pending tasks never above maximumPercent").isLessThanOrEqualTo(3);
    }

    private static EcsDeployment activeCopy(EcsDeployment d) {
        return new EcsDeployment(d.id(), "ACTIVE", d.taskDefinition(), d.desiredCount(),
                d.failedTasks(), d.rolloutState(), d.rolloutStateReason(), d.createdAt(), d.updatedAt());
    }

    @Test
    void afterARestartRunningTasksAreAdoptedAndGoneOnesReplaced() {
        f.createService("web", "web:1", 3, tg, 0, EcsDeploymentConfiguration.defaults());
        awaitSteady("web", 3);
        List<EcsTask> before = f.tasksIn("web", "RUNNING");
        f.stopScheduler();
        // While Ballast is down one task disappears from the machine (its host lost it).
        EcsTask lost = before.get(0);
        f.host.tasks.remove("inproc:" + lost.id()).exit(137);
        int startsBefore = f.host.starts.get();

        f.startScheduler();

        // Its target is deregistered first and drains like any other before the task counts as stopped.
        Await.until("the lost task deactivating and replaced", WAIT, () -> "DEACTIVATING".equals(
                f.task(lost.key()).lastStatus()) && f.tasksIn("web", "RUNNING").size() == 3
                && f.healthyTargets(tg) == 3 && draining() == 1);
        f.clock.advance(Duration.ofSeconds(31));
        Await.until("the lost task stopped", WAIT, () -> "STOPPED".equals(f.task(lost.key()).lastStatus()));
        assertThat(f.task(lost.key()).stoppedReason())
                .isEqualTo("Task stopped: Ballast restarted and the task was gone");
        assertThat(f.host.starts.get() - startsBefore).as("only the lost task was started again").isEqualTo(1);
        for (EcsTask t : before.subList(1, 3)) {
            assertThat(f.task(t.key()).lastStatus()).isEqualTo("RUNNING");
            assertThat(f.task(t.key()).driverHandle()).isEqualTo(t.driverHandle());
        }
    }

    @Test
    void aTaskWhoseStartWasInterruptedByARestartIsStopped() {
        f.stopScheduler();
        f.ecs.write(d -> {
            EcsTask task = new EcsTask("default", "00000000000000000000000000000001", "web:1", "family:web", null,
                    null, null, "FARGATE", "RUNNING", "PENDING", "UNKNOWN", List.of(), List.of(), null, null,
                    "inproc", null, null, null, List.of(), f.clock.millis(), null, null, null, 2);
            d.tasks().put(task.key(), task);
            return null;
        });

        f.startScheduler();

        Await.until("the task stopped", WAIT,
                () -> "STOPPED".equals(f.task("default/00000000000000000000000000000001").lastStatus()));
        EcsTask task = f.task("default/00000000000000000000000000000001");
        assertThat(task.stopCode()).isEqualTo("TaskFailedToStart");
        assertThat(task.stoppedReason()).isEqualTo("Task stopped: Ballast restarted while the task was starting");
    }

    @Test
    void aDeletedServiceStopsItsTasksBecomesInactiveAndIsForgottenAfterAnHour() {
        f.createService("web", "web:1", 2, tg, 0, EcsDeploymentConfiguration.defaults());
        awaitSteady("web", 2);
        f.updateService("web", s -> ServiceEdit.of(SchedulerFixture.withDesired(s, 0)).status("DRAINING").build());

        // The clock moves only once the targets drain, so that their delay is counted from before the move.
        Await.until("the tasks draining", WAIT, () -> f.tasksIn("web", "DEACTIVATING").size() == 2
                && draining() == 2);
        f.clock.advance(Duration.ofSeconds(31));
        Await.until("the service inactive", WAIT, () -> "INACTIVE".equals(f.service("web").status()));
        assertThat(f.service("web").deletedAt()).isEqualTo(f.clock.millis());
        assertThat(f.tasks("web")).hasSize(2).allSatisfy(t -> assertThat(t.lastStatus()).isEqualTo("STOPPED"));

        f.clock.advance(Duration.ofMinutes(59));
        Await.until("another scheduling pass", WAIT, () -> f.service("web") != null);
        assertThat(f.service("web")).as("kept for an hour").isNotNull();
        f.clock.advance(Duration.ofMinutes(1));
        Await.until("the service and its stopped tasks forgotten", WAIT,
                () -> f.service("web") == null && f.tasks("web").isEmpty());
    }

    @Test
    void aStandaloneTaskRunsOnTheDefaultDriverAndStopsWithTheReasonItWasGiven() {
        String key = "default/0123456789abcdef0123456789abcde0";
        f.ecs.write(d -> {
            EcsTask task = new EcsTask("default", "0123456789abcdef0123456789abcde0", "web:1", "family:web", "me",
                    null, null, "FARGATE", "RUNNING", "PROVISIONING", "UNKNOWN", List.of(), List.of(), null, null,
                    null, null, null, null, List.of(), f.clock.millis(), null, null, null, 1);
            d.tasks().put(task.key(), task);
            return null;
        });
        Await.until("the task running", WAIT, () -> "RUNNING".equals(f.task(key).lastStatus()));
        assertThat(f.task(key).driverHandle()).isEqualTo("inproc:0123456789abcdef0123456789abcde0");

        f.ecs.write(d -> d.tasks().computeIfPresent(key, (k, t) -> new EcsTask(t.cluster(), t.id(),
                t.taskDefinition(), t.group(), t.startedBy(), t.serviceName(), t.deploymentId(), t.launchType(),
                "STOPPED", t.lastStatus(), t.healthStatus(), t.containers(), t.containerOverrides(),
                t.networkConfiguration(), t.privateIpv4Address(), t.driver(), t.driverHandle(), "UserInitiated",
                "Stopped by the test", t.tags(), t.createdAt(), t.startedAt(), t.stoppingAt(), t.stoppedAt(),
                t.version() + 1)));

        Await.until("the task stopped", WAIT, () -> "STOPPED".equals(f.task(key).lastStatus()));
        EcsTask stopped = f.task(key);
        assertThat(stopped.stopCode()).isEqualTo("UserInitiated");
        assertThat(stopped.stoppedReason()).isEqualTo("Stopped by the test");
        assertThat(stopped.containers()).singleElement().satisfies(c -> assertThat(c.exitCode()).isEqualTo(143));
        assertThat(f.host.running("0123456789abcdef0123456789abcde0")).isFalse();
        assertThat(stopped.version()).isGreaterThan(2);
    }

    @Test
    void aContainerExitTheDriverDidNotReportIsFoundByThePeriodicInspection() {
        // A grace period longer than the test: the exited container also fails its health checks, and the health rule
        // must not be the one that stops the task.
        f.createService("web", "web:1", 1, tg, 3600, EcsDeploymentConfiguration.defaults());
        awaitSteady("web", 1);
        EcsTask victim = f.tasksIn("web", "RUNNING").get(0);

        f.host.tasks.get("inproc:" + victim.id()).exit(1); // no driver event

        Await.until("the task asked to stop", WAIT, () -> "STOPPED".equals(f.task(victim.key()).desiredStatus()));
        assertThat(f.task(victim.key()).stopCode()).isEqualTo("EssentialContainerExited");
        assertThat(f.task(victim.key()).containers().get(0).exitCode()).isEqualTo(1);
    }

    @Test
    void aDeploymentThePercentsDoNotLetMoveSaysSo() {
        // desired 2 with 125 % / 75 %: at most 2 tasks and at least 2 healthy, so nothing can be replaced.
        f.createService("web", "web:1", 2, tg, 0, new EcsDeploymentConfiguration(125, 75, false, false));
        awaitSteady("web", 2);
        f.taskDefinition("web", 2, "ballast/hello");
        f.updateService("web", s -> newDeployment(s, "ecs-svc/1000000000000000002", "web:2"));

        Await.until("the service says it cannot move", WAIT, () -> f.events("web").get(0).equals(
                "(service web) was unable to stop or start tasks during a deployment because of the service "
                        + "deployment configuration. Update the minimumHealthyPercent or maximumPercent value and "
                        + "try again."));
        assertThat(f.tasks("web")).hasSize(2).allSatisfy(t -> assertThat(t.desiredStatus()).isEqualTo("RUNNING"));
    }

    @Test
    void aRollingDeploymentAtTheDefaultPercentsStartsTheNewTasksBeforeStoppingAnOldOne() {
        f.createService("web", "web:1", 3, tg, 0, EcsDeploymentConfiguration.defaults());
        awaitSteady("web", 3);
        String next = "ecs-svc/1000000000000000002";
        AtomicLong newRunningWhenFirstOldStopped = new AtomicLong(-1);
        f.ecs.onCommit(state -> {
            boolean oldStopping = state.tasks().values().stream().anyMatch(t -> DEPLOYMENT.equals(t.deploymentId())
                    && "STOPPED".equals(t.desiredStatus()));
            if (oldStopping && newRunningWhenFirstOldStopped.get() < 0) {
                newRunningWhenFirstOldStopped.set(state.tasks().values().stream().filter(t -> next.equals(
                        t.deploymentId()) && "RUNNING".equals(t.lastStatus())).count());
            }
        });
        f.taskDefinition("web", 2, "ballast/hello");

        f.updateService("web", s -> newDeployment(s, next, "web:2"));

        // The commit listener runs just after the state is visible: wait for it too.
        Await.until("the old tasks asked to stop", WAIT, () -> newRunningWhenFirstOldStopped.get() >= 0
                && f.tasks("web").stream().filter(t -> DEPLOYMENT.equals(t.deploymentId()))
                        .allMatch(t -> "STOPPED".equals(t.desiredStatus())));
        assertThat(newRunningWhenFirstOldStopped.get()).as("new tasks running when the first old one was stopped")
                .isEqualTo(3);
    }

    @Test
    void aServiceKeepsItsNewestHundredEvents() {
        f.createService("web", "web:1", 0, null, 0, EcsDeploymentConfiguration.defaults());
        ServiceEdit edit = ServiceEdit.of(f.service("web"));
        for (int i = 0; i < 150; i++) {
            edit.event("event " + i, i);
        }
        List<dev.ballast.control.ecs.EcsServiceEvent> events = edit.build().events();
        assertThat(events).hasSize(100);
        assertThat(events.get(0).message()).isEqualTo("event 149");
        assertThat(events.get(99).message()).isEqualTo("event 50");
    }

    /** {@code s} with a new PRIMARY deployment of {@code taskDefinition}, the old one demoted to ACTIVE. */
    private EcsServiceEntry newDeployment(EcsServiceEntry s, String id, String taskDefinition) {
        return new EcsServiceEntry(s.cluster(), s.name(), taskDefinition, s.desiredCount(), s.launchType(),
                s.loadBalancers(), s.networkConfiguration(), s.healthCheckGracePeriodSeconds(),
                s.deploymentConfiguration(), s.schedulingStrategy(), s.status(),
                List.of(new EcsDeployment(id, "PRIMARY", taskDefinition, s.desiredCount(), 0, "IN_PROGRESS", null,
                        f.clock.millis(), f.clock.millis()), activeCopy(s.deployments().get(0))),
                s.events(), s.tags(), s.createdAt(), s.deletedAt());
    }

    @Test
    void bridgeTasksInAnInstanceTargetGroupAreTheNodeAndTheirHostPortsAndDrainOnScaleIn() {
        String instanceGroup = f.targetGroup("web-instances", 30, dev.ballast.core.model.TargetType.INSTANCE);
        f.createService("web", "web:1", 2, instanceGroup, 0, EcsDeploymentConfiguration.defaults());

        Await.until("2 healthy instance targets and a steady state", WAIT, () -> f.healthyTargets(instanceGroup) == 2
                && f.events("web").get(0).equals("(service web) has reached a steady state."));
        List<String> expected = f.tasksIn("web", "RUNNING").stream()
                .map(t -> SchedulerFixture.NODE.id() + ":" + t.containers().get(0).networkBindings().get(0).hostPort())
                .toList();
        assertThat(f.targetStates(instanceGroup)).containsOnlyKeys(expected);
        // Targets are registered as their tasks reach RUNNING, so in one event or two.
        assertThat(registeredCount(f.events("web"), instanceGroup)).isEqualTo(2);
        assertThat(f.events("web")).noneMatch(e -> e.contains("unable to register"));

        f.updateService("web", s -> SchedulerFixture.withDesired(s, 1));

        // The events are written after the ELB change: wait for both.
        String deregistered = "(service web) deregistered 1 targets in (target-group " + instanceGroup + ")";
        Await.until("1 task deactivating, its instance target draining", WAIT, () ->
                f.tasksIn("web", "DEACTIVATING").size() == 1
                        && f.targetStates(instanceGroup).containsValue("draining")
                        && f.events("web").contains(deregistered));
        EcsTask leaving = f.tasksIn("web", "DEACTIVATING").get(0);
        assertThat(f.host.tasks.get("inproc:" + leaving.id()).exitCode).as("still serving while draining").isNull();

        f.clock.advance(Duration.ofSeconds(31)); // the group's deregistration delay is 30 s

        Await.until("the drained task stopped and its target gone", WAIT, () ->
                "STOPPED".equals(f.task(leaving.key()).lastStatus()) && f.targetStates(instanceGroup).size() == 1);
        assertThat(f.healthyTargets(instanceGroup)).isEqualTo(1);
    }

    @Test
    void aDeploymentToAnotherTargetGroupDeregistersTheOldTasksFromTheOldGroup() {
        f.createService("web", "web:1", 2, tg, 0, EcsDeploymentConfiguration.defaults());
        awaitSteady("web", 2);
        String other = f.targetGroup("web-tg-2", 30);
        String next = "ecs-svc/1000000000000000002";

        f.updateService("web", s -> {
            EcsServiceEntry moved = newDeployment(s, next, "web:1");
            return new EcsServiceEntry(moved.cluster(), moved.name(), moved.taskDefinition(), moved.desiredCount(),
                    moved.launchType(), List.of(new dev.ballast.control.ecs.EcsLoadBalancer(other, null, "web", 80)),
                    moved.networkConfiguration(), moved.healthCheckGracePeriodSeconds(),
                    moved.deploymentConfiguration(), moved.schedulingStrategy(), moved.status(),
                    moved.deployments(), moved.events(), moved.tags(), moved.createdAt(), moved.deletedAt());
        });

        Await.until("the new tasks healthy in the new group and the old ones draining from the old group", WAIT,
                () -> f.healthyTargets(other) == 2 && draining() == 2);
        assertThat(f.events("web")).contains("(service web) deregistered 2 targets in (target-group " + tg + ")");
        f.clock.advance(Duration.ofSeconds(31));
        Await.until("the deployment completed", WAIT, () -> f.service("web").deployments().size() == 1
                && f.targetStates(tg).isEmpty());
    }
}
