package dev.ballast.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.proxy.Await;
import dev.ballast.server.hello.HelloServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Scenario S1 through the real proxy: three hello-world targets behind hello-world-lb, round robin. */
class DemoEndToEndTest {
    @Test
    void answersFromTheThreeTasksInTurn() throws Exception {
        int port = Http.freePort();
        try (Demo demo = Demo.start("127.0.0.1", port, new SplittableRandom(1))) {
            assertThat(demo.targets()).extracting(HelloServer::taskId).containsExactly("task-1", "task-2", "task-3");
            Http.awaitAccepting(port);
            assertThat(demo.awaitHealthy(Duration.ofSeconds(15))).as("all tasks healthy").isTrue();

            List<String> answers = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                answers.add(Http.taskIdAt("http://127.0.0.1:" + port + "/", null));
            }

            // Round robin over a new target group starts with its first target, as the demo tells users.
            assertThat(answers).containsExactly("task-1", "task-2", "task-3", "task-1", "task-2", "task-3");
        }
        assertThat(Http.accepts(port)).as("listener closed with the demo").isFalse();
    }

    @Test
    void aStoppedTaskLosesItsTrafficWithoutFailedRequests() throws Exception {
        int port = Http.freePort();
        try (Demo demo = Demo.start("127.0.0.1", port, new SplittableRandom(1))) {
            assertThat(demo.awaitHealthy(Duration.ofSeconds(15))).as("all tasks healthy").isTrue();
            demo.targets().get(1).close(); // task-2 stops, as when an ECS task is stopped

            List<String> answers = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                var response = Http.get("http://127.0.0.1:" + port + "/", null);
                assertThat(response.statusCode()).as("request " + i).isEqualTo(200);
                answers.add(Http.taskId(response.body()));
            }
            assertThat(answers).doesNotContain("task-2").contains("task-1", "task-3");
        }
    }

    @Test
    void theDemoCommandPrintsWhatToCurlAndStopsCleanly() throws Exception {
        int port = Http.freePort();
        List<Integer> targetPorts = new ArrayList<>();
        try (CommandRun run = new CommandRun(DemoCommand::new, "--port", String.valueOf(port), "--bind",
                "127.0.0.1")) {
            Http.awaitAccepting(port);
            // The instructions are printed once every task passed its first health check.
            Await.until("the demo's instructions", Duration.ofSeconds(20), () -> run.out.toString().contains("Ctrl-C"));
            String printed = run.out.toString();
            assertThat(printed).contains("hello-world-lb", "hello-world-tg", "task-1", "task-2", "task-3",
                    "curl http://127.0.0.1:" + port + "/", "Ctrl-C");
            assertThat(Http.taskIdAt("http://127.0.0.1:" + port + "/", null)).startsWith("task-");
            printed.lines().filter(l -> l.contains("  target ")).forEach(l ->
                    targetPorts.add(Integer.parseInt(l.substring(l.lastIndexOf(':') + 1).strip())));

            assertThat(run.stop()).isZero();
            assertThat(run.out.toString()).contains("ballast demo: stopped");
        }
        assertThat(targetPorts).hasSize(3);
        assertThat(Http.accepts(port)).isFalse();
        targetPorts.forEach(p -> assertThat(Http.accepts(p)).as("target on " + p + " stopped").isFalse());
    }
}
