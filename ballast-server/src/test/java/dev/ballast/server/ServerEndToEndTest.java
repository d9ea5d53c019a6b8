package dev.ballast.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.proxy.Await;
import dev.ballast.server.hello.HelloServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ballast server --config examples/s2-internal-alb.yaml} end to end: the shipped example with its ports moved
 * to free ones, two hello-world tasks, host-based routing through the real proxy.
 */
class ServerEndToEndTest {
    private static final Path EXAMPLE = Path.of("..", "examples", "s2-internal-alb.yaml");

    @Test
    void routesServiceAsHostToItsTasksAndUnknownHostsTo503(@TempDir Path dir) throws Exception {
        try (HelloServer a1 = HelloServer.start(new InetSocketAddress("127.0.0.1", 0), "a1");
             HelloServer a2 = HelloServer.start(new InetSocketAddress("127.0.0.1", 0), "a2")) {
            int port = Http.freePort();
            Path config = dir.resolve("s2.yaml");
            Files.writeString(config, replaceOnce(replaceOnce(replaceOnce(Files.readString(EXAMPLE),
                    "port: 8000", "port: " + port),
                    "127.0.0.1:8081", "127.0.0.1:" + a1.address().getPort()),
                    "127.0.0.1:8082", "127.0.0.1:" + a2.address().getPort()));

            try (CommandRun run = new CommandRun(ServerCommand::new, "--config", config.toString())) {
                // The listeners accept a moment before the summary is printed: wait for the summary's last line.
                Await.until("the server's summary", java.time.Duration.ofSeconds(10),
                        () -> run.out.toString().contains("Press Ctrl-C to stop"));
                assertThat(Http.accepts(port)).isTrue();
                assertThat(run.out.toString()).contains("service-a-alb (internal)", "127.0.0.1:" + port,
                        "service-a-target-group  2 target(s)");
                String url = "http://127.0.0.1:" + port + "/";

                // Both tasks answer once both passed their first health check (until then a task still
                // "initial" gets no traffic while the other is healthy, as on AWS).
                List<String> answers = new ArrayList<>();
                Await.until("both tasks answering", java.time.Duration.ofSeconds(15), () -> {
                    answers.add(taskId(url));
                    return answers.contains("a1") && answers.contains("a2");
                });
                assertThat(answers).containsOnly("a1", "a2").contains("a1", "a2");
                // The host header matches case-insensitively and without its port, as on ALB.
                assertThat(Http.taskIdAt(url, "Service-A.in.example.com:" + port)).isIn("a1", "a2");

                // Unknown hosts reach the default action: the empty invalid-target-group, 503.
                assertThat(Http.get(url, "other.in.example.com").statusCode()).isEqualTo(503);
                assertThat(Http.get(url, null).statusCode()).isEqualTo(503);

                assertThat(run.stop()).isZero();
                assertThat(run.out.toString()).contains("ballast server: stopped");
            }
            assertThat(Http.accepts(port)).isFalse();
        }
    }

    private static String replaceOnce(String text, String from, String to) {
        assertThat(text.split(java.util.regex.Pattern.quote(from), -1)).as("'" + from + "' once in the example")
                .hasSize(2);
        return text.replace(from, to);
    }

    /** The task answering {@code url} for service-a (for polling inside a condition). */
    private static String taskId(String url) {
        try {
            return Http.taskIdAt(url, "service-a.in.example.com");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
