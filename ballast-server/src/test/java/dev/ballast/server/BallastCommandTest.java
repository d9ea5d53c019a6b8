package dev.ballast.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class BallastCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine commandLine = BallastCommand.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }

    @Test
    void printsTheVersion() {
        assertThat(run("--version")).isZero();
        assertThat(out.toString()).startsWith("ballast 0.").contains("Java 17");
    }

    @Test
    void helpListsTheSubcommands() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("server", "demo", "hello");
        assertThat(run("server", "--help")).isZero();
        assertThat(out.toString()).contains("--config=<file.yaml>");
    }

    @Test
    void withoutACommandItIsAUsageError() {
        assertThat(run()).isEqualTo(2);
        assertThat(err.toString()).contains("Missing command");
    }

    @Test
    void serverRejectsABadOptionBeforeStartingAnything() {
        assertThat(run("server", "--event-loops", "-1")).isEqualTo(2);
        assertThat(err.toString()).contains("--event-loops -1 (expected: 0 for one per core, or more)");
        assertThat(run("server", "--watch")).isEqualTo(2);
        assertThat(err.toString()).contains("ballast server: --watch without --config (expected: --config <file.yaml> "
                + "to watch)");
        assertThat(run("server", "--access-key", "nocolon")).isEqualTo(2);
        assertThat(err.toString()).contains("--access-key nocolon (expected: <id>:<secret>)");
    }

    @Test
    void anInvalidConfigFileExitsWith2NamingTheProblemAndStartsNothing(@TempDir Path dir) throws Exception {
        int port = Http.freePort();
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, """
                loadBalancers:
                  - name: lb
                    bindAddress: 127.0.0.1
                    listeners:
                      - port: %d
                        defaultAction: {forward: web}
                targetGroups:
                  - name: web
                    port: 80
                    healthCheck: {intervalSeconds: 301}
                """.formatted(port));

        assertThat(run("server", "--config", file.toString())).isEqualTo(ServerCommand.INVALID_CONFIG);

        assertThat(err.toString()).isEqualTo("ballast server: invalid configuration file " + file
                + ": targetGroups[0].healthCheck: HealthCheckIntervalSeconds: 301 (expected: 5-300)"
                + System.lineSeparator());
        assertThat(out.toString()).isEmpty();
        assertThat(Http.accepts(port)).isFalse();
    }

    @Test
    void aPortInUseIsReportedInOneLineWithExitCode1() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String port = String.valueOf(taken.getLocalPort());
            int exitCode = assertTimeoutPreemptively(Duration.ofSeconds(20),
                    () -> run("demo", "--port", port, "--bind", "127.0.0.1"));
            assertThat(exitCode).isEqualTo(1);
            assertThat(err.toString()).startsWith("ballast demo: cannot start: Port: 127.0.0.1:" + port
                    + " (expected: an address and port free to bind");
            assertThat(err.toString().lines()).hasSize(1);
        }
    }

    @Test
    void configFileModeRejectsTheApiModesOptionsAndStartsNothing(@TempDir Path dir) throws Exception {
        int port = Http.freePort();
        Path file = dir.resolve("lb.yaml");
        Files.writeString(file, """
                loadBalancers: [{name: lb, bindAddress: 127.0.0.1, listeners: [{port: %d, defaultAction: {forward: web}}]}]
                targetGroups: [{name: web, port: 80}]
                """.formatted(port));

        assertThat(run("server", "--config", file.toString(), "--api-port", "9600", "--data-dir",
                dir.resolve("data").toString(), "--access-key", "a:b")).isEqualTo(2);

        assertThat(err.toString()).isEqualTo("ballast server: --data-dir, --api-port, --access-key with --config "
                + "(expected: only --event-loops and --watch beside --config; a configuration file is served without "
                + "API or store)"
                + System.lineSeparator());
        assertThat(out.toString()).isEmpty();
        assertThat(Http.accepts(port)).isFalse();
        assertThat(dir.resolve("data")).doesNotExist();
    }

    @Test
    void theBannerWritesAWildcardBindAsUsersTypeIt(@TempDir Path dir) throws Exception {
        int port = Http.freePort();
        Path file = dir.resolve("lb.yaml");
        Files.writeString(file, """
                loadBalancers: [{name: lb, listeners: [{port: %d, defaultAction: {fixed-response: {statusCode: 200}}}]}]
                """.formatted(port));
        try (CommandRun run = new CommandRun(ServerCommand::new, "--config", file.toString())) {
            Http.awaitAccepting(port);
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!run.out.toString().contains("Press Ctrl-C") && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(run.out.toString()).contains("load balancer lb (internet-facing)  HTTP 0.0.0.0:" + port + "  ")
                    .doesNotContain("0:0:0:0");
            assertThat(run.stop()).isZero();
        }
    }

    @Test
    void aMissingConfigFileExitsWith2(@TempDir Path dir) {
        assertThat(run("server", "--config", dir.resolve("none.yaml").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("none.yaml: no such file");
    }
}
