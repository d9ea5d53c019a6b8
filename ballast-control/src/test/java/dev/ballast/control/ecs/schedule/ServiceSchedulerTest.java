package dev.ballast.control.ecs.schedule;

import static dev.ballast.control.ecs.schedule.SchedulerFixture.DEPLOYMENT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.control.ecs.EcsDeploymentConfiguration;
import dev.ballast.control.ecs.EcsTask;
import dev.ballast.proxy.Await;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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

    private int registeredCount(List<String> events) {
        String suffix = " targets in (target-group " + tg + ")";
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
                        && f.targetStates(tg).values().stream().filter("draining"::equals).count() == 2
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
}
