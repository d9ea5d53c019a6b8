package dev.ballast.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.proxy.Await;
import dev.ballast.server.publish.ApiClients;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.Task;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthDescription;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthStateEnum;

/**
 * Scenario S1 as {@code ballast demo} runs it: the real server, the ECS service hello-world-service of three
 * tutum/hello-world tasks on the process driver, registered by themselves in hello-world-tg behind hello-world-lb;
 * the AWS API shows and changes it.
 */
class DemoEndToEndTest {
    @Test
    void threeTasksRegisterThemselvesAndAnswerInTurnAndTheApiShowsThem() throws Exception {
        int port = Http.freePort();
        try (Demo demo = Demo.start("127.0.0.1", port, 0, null)) {
            assertThat(demo.awaitHealthy(Duration.ofSeconds(60))).as("all tasks healthy").isTrue();
            List<Task> tasks = demo.tasks();
            assertThat(tasks).hasSize(Demo.TASKS);
            Set<String> ids = new HashSet<>();
            tasks.forEach(t -> ids.add(t.taskArn().substring(t.taskArn().lastIndexOf('/') + 1)));

            Set<String> answers = new HashSet<>();
            for (int i = 0; i < 6; i++) {
                answers.add(Http.taskIdAt("http://127.0.0.1:" + port + "/", null));
            }
            assertThat(answers).as("every task answered, and only tasks of the service").isEqualTo(ids);

            try (ApiClients api = ApiClients.connect(URI.create("http://127.0.0.1:" + demo.apiAddress().getPort()))) {
                List<TargetHealthDescription> health = api.elb().describeTargetHealth(b -> b.targetGroupArn(
                        demo.targetGroupArn())).targetHealthDescriptions();
                assertThat(health).hasSize(Demo.TASKS).allMatch(h -> h.targetHealth().state()
                        == TargetHealthStateEnum.HEALTHY);
                assertThat(health).extracting(h -> h.target().port()).containsOnly(80);
            }
        }
        assertThat(Http.accepts(port)).as("listener closed with the demo").isFalse();
    }

    @Test
    void aStoppedTaskLosesItsTrafficWithoutFailedRequestsAndIsReplaced() throws Exception {
        int port = Http.freePort();
        try (Demo demo = Demo.start("127.0.0.1", port, 0, null);
             ApiClients api = ApiClients.connect(URI.create("http://127.0.0.1:" + demo.apiAddress().getPort()))) {
            assertThat(demo.awaitHealthy(Duration.ofSeconds(60))).as("all tasks healthy").isTrue();
            String victim = demo.tasks().get(0).taskArn();
            api.ecs().stopTask(b -> b.task(victim).reason("test"));

            List<Integer> statuses = new ArrayList<>();
            Await.until("the stopped task replaced by a healthy one", Duration.ofSeconds(90), () -> {
                statuses.add(statusOf("http://127.0.0.1:" + port + "/"));
                return api.ecs().describeTasks(b -> b.tasks(victim)).tasks().get(0).lastStatus().equals("STOPPED")
                        && healthyTargets(api, demo) == Demo.TASKS;
            });
            assertThat(statuses).as("every request during the stop").containsOnly(200);
        }
    }

    private static int statusOf(String url) {
        try {
            return Http.get(url, null).statusCode();
        } catch (java.io.IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static long healthyTargets(ApiClients api, Demo demo) {
        return api.elb().describeTargetHealth(b -> b.targetGroupArn(demo.targetGroupArn())).targetHealthDescriptions()
                .stream().filter(h -> h.targetHealth().state() == TargetHealthStateEnum.HEALTHY).count();
    }

    @Test
    void theDemoCommandPrintsWhatToCurlAndTheAwsCommandsAndStopsItsTasks() throws Exception {
        int port = Http.freePort();
        int apiPort = Http.freePort();
        List<String> addresses = new ArrayList<>();
        try (CommandRun run = new CommandRun(DemoCommand::new, "--port", String.valueOf(port), "--bind",
                "127.0.0.1", "--api-port", String.valueOf(apiPort))) {
            // The instructions are printed once every task is a healthy target.
            Await.until("the demo's instructions", Duration.ofSeconds(90), () -> run.out.toString().contains("Ctrl-C"));
            String printed = run.out.toString();
            assertThat(printed).contains("hello-world-lb", "hello-world-tg", "hello-world-service",
                    "curl http://127.0.0.1:" + port + "/", "--endpoint-url http://127.0.0.1:" + apiPort,
                    "describe-target-health", "update-service", "stop-task", "Ctrl-C");
            printed.lines().filter(l -> l.startsWith("  task ")).forEach(l ->
                    addresses.add(l.substring(l.lastIndexOf(' ') + 1, l.lastIndexOf(':'))));
            assertThat(Http.taskIdAt("http://127.0.0.1:" + port + "/", null)).matches("[0-9a-f]{32}");

            assertThat(run.stop()).isZero();
            assertThat(run.out.toString()).contains("ballast demo: stopped");
        }
        assertThat(addresses).hasSize(Demo.TASKS);
        assertThat(Http.accepts(port)).isFalse();
        addresses.forEach(a -> assertThat(Http.accepts(a, 80)).as("task on " + a + " stopped").isFalse());
    }
}
