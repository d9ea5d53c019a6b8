package dev.ballast.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.server.hello.HelloServer;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ballast server --config} in its own JVM, reloaded by a real SIGHUP after the file changed: new routing is
 * seen by real requests, a keep-alive connection opened before the reload keeps working, and an invalid file keeps
 * the running configuration with a one-line error naming the place in the file.
 */
class ConfigFileReloadTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Test
    void sighupReloadsTheFileAndAnInvalidFileKeepsTheRunningConfiguration(@TempDir Path dir) throws Exception {
        try (HelloServer a = HelloServer.start(new InetSocketAddress("127.0.0.1", 0), "a1");
             HelloServer b = HelloServer.start(new InetSocketAddress("127.0.0.1", 0), "b1")) {
            int port = Http.freePort();
            int addedPort = Http.freePort();
            Path file = dir.resolve("lb.yaml");
            write(file, config(port, "a", "") + groups(a, b));

            try (BallastProcess server = BallastProcess.start(dir, "server", "server", "--config", file.toString())) {
                server.awaitStdout(out -> out.contains("kill -HUP " + server.pid()), TIMEOUT);
                String url = "http://127.0.0.1:" + port + "/";
                awaitTask(url, "a1");
                try (KeepAliveConnection before = new KeepAliveConnection(port)) {
                    assertThat(Http.taskId(before.get())).isEqualTo("a1");

                    // The default action moves to group b and a second listener appears.
                    write(file, config(port, "b", """
                                  - port: %d
                                    defaultAction: {forward: a}
                            """.formatted(addedPort)) + groups(a, b));
                    server.signal("HUP");
                    server.awaitStdout(out -> out.contains("reloaded " + file + ": configuration revision 2"), TIMEOUT);
                    awaitTask(url, "b1");
                    awaitTask("http://127.0.0.1:" + addedPort + "/", "a1");
                    assertThat(Http.taskId(before.get())).as("keep-alive connection opened before the reload")
                            .isEqualTo("b1");

                    // An invalid file changes nothing and says where the problem is.
                    write(file, config(70000, "a", "") + groups(a, b));
                    server.signal("HUP");
                    String err = server.awaitStderr(e -> e.contains("reload failed"), TIMEOUT);
                    assertThat(err.lines().filter(l -> l.contains("reload failed")))
                            .containsExactly("ballast server: reload failed, still serving configuration revision 2: "
                                    + "invalid configuration file " + file + ": loadBalancers[0].listeners[0]: "
                                    + "Port: 70000 (expected: 1-65535)");
                    assertThat(Http.taskIdAt(url, null)).isEqualTo("b1");
                    assertThat(Http.taskIdAt("http://127.0.0.1:" + addedPort + "/", null)).isEqualTo("a1");
                    assertThat(Http.taskId(before.get())).isEqualTo("b1");
                }
            }
        }
    }

    @Test
    void withWatchASavedChangeIsReloadedWithoutASignal(@TempDir Path dir) throws Exception {
        try (HelloServer a = HelloServer.start(new InetSocketAddress("127.0.0.1", 0), "a1");
             HelloServer b = HelloServer.start(new InetSocketAddress("127.0.0.1", 0), "b1")) {
            int port = Http.freePort();
            Path file = dir.resolve("lb.yaml");
            write(file, config(port, "a", "") + groups(a, b));
            try (CommandRun run = new CommandRun(ServerCommand::new, "--config", file.toString(), "--watch")) {
                String url = "http://127.0.0.1:" + port + "/";
                Http.awaitAccepting(port);
                awaitTask(url, "a1");
                try (KeepAliveConnection before = new KeepAliveConnection(port)) {
                    assertThat(Http.taskId(before.get())).isEqualTo("a1");

                    write(file, config(port, "b", "") + groups(a, b));
                    awaitTask(url, "b1");
                    long deadline = System.nanoTime() + TIMEOUT.toNanos();
                    while (!run.out.toString().contains("reloaded " + file) && System.nanoTime() < deadline) {
                        Thread.sleep(20); // the line is printed just after the new configuration took effect
                    }
                    assertThat(run.out.toString()).contains("Watching " + file,
                            "reloaded " + file + ": configuration revision 2");
                    assertThat(Http.taskId(before.get())).isEqualTo("b1");
                }
                assertThat(run.stop()).isZero();
            }
        }
    }

    private static String config(int port, String defaultGroup, String moreListeners) {
        return """
                loadBalancers:
                  - name: lb
                    scheme: internal
                    listeners:
                      - port: %d
                        defaultAction: {forward: %s}
                %s""".formatted(port, defaultGroup, moreListeners);
    }

    private static String groups(HelloServer a, HelloServer b) {
        return """
                targetGroups:
                  - {name: a, port: 80, healthCheck: {intervalSeconds: 5, timeoutSeconds: 2}, targets: [127.0.0.1:%d]}
                  - {name: b, port: 80, healthCheck: {intervalSeconds: 5, timeoutSeconds: 2}, targets: [127.0.0.1:%d]}
                """.formatted(a.address().getPort(), b.address().getPort());
    }

    /** Replaces the file in one step, as an editor saving it does. */
    private static void write(Path file, String text) throws Exception {
        Path next = file.resolveSibling(file.getFileName() + ".next");
        Files.writeString(next, text);
        Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Polls {@code url} until {@code taskId} answers it. */
    private static void awaitTask(String url, String taskId) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        String last = null;
        while (System.nanoTime() < deadline) {
            var response = Http.get(url, null);
            if (response.statusCode() == 200 && Http.taskId(response.body()).equals(taskId)) {
                return;
            }
            last = response.statusCode() + " " + response.body();
            Thread.sleep(50);
        }
        throw new AssertionError(url + " not answered by " + taskId + " within " + TIMEOUT + "; last: " + last);
    }
}
