package dev.ballast.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ballast} command as a user runs it: each test starts the real entry point in its own JVM and checks
 * the process's real stdout, stderr and exit code (log lines included, since they go to the same stderr).
 */
class BallastCommandTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    /** A line of the shipped logback.xml's pattern at level INFO. */
    private static final Pattern INFO_LOG_LINE = Pattern.compile("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  .*");

    @TempDir
    Path dir;

    private BallastProcess.Result ballast(String... args) throws IOException, InterruptedException {
        return BallastProcess.run(dir, TIMEOUT, args);
    }

    @Test
    void printsTheVersion() throws Exception {
        BallastProcess.Result run = ballast("--version");
        assertThat(run.exitCode()).isZero();
        assertThat(run.stdout()).startsWith("ballast 0.").contains("Java 17");
        assertThat(run.stderr()).isEmpty();
    }

    @Test
    void helpListsTheSubcommands() throws Exception {
        BallastProcess.Result top = ballast("--help");
        assertThat(top.exitCode()).isZero();
        assertThat(top.stdout()).contains("server", "demo", "hello");
        assertThat(top.stderr()).isEmpty();
        BallastProcess.Result server = ballast("server", "--help");
        assertThat(server.exitCode()).isZero();
        assertThat(server.stdout()).contains("--config=<file.yaml>");
        assertThat(server.stderr()).isEmpty();
    }

    @Test
    void withoutACommandItIsAUsageError() throws Exception {
        BallastProcess.Result run = ballast();
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr()).startsWith("Missing command: try 'ballast demo'");
        assertThat(run.stdout()).isEmpty();
    }

    @Test
    void serverRejectsABadOptionBeforeStartingAnything() throws Exception {
        BallastProcess.Result loops = ballast("server", "--event-loops", "-1", "--data-dir", "data",
                "--api-port", String.valueOf(Http.freePort()));
        assertThat(loops.exitCode()).isEqualTo(2);
        assertThat(loops.stderr()).isEqualTo("ballast server: --event-loops -1 (expected: 0 for one per core, or more)"
                + System.lineSeparator());
        assertThat(loops.stdout()).isEmpty();
        BallastProcess.Result watch = ballast("server", "--watch", "--data-dir", "data",
                "--api-port", String.valueOf(Http.freePort()));
        assertThat(watch.exitCode()).isEqualTo(2);
        assertThat(watch.stderr()).isEqualTo("ballast server: --watch without --config (expected: --config "
                + "<file.yaml> to watch)" + System.lineSeparator());
        BallastProcess.Result key = ballast("server", "--access-key", "nocolon", "--data-dir", "data",
                "--api-port", String.valueOf(Http.freePort()));
        assertThat(key.exitCode()).isEqualTo(2);
        assertThat(key.stderr()).isEqualTo("ballast server: --access-key nocolon (expected: <id>:<secret>)"
                + System.lineSeparator());
        assertThat(key.stdout()).isEmpty();
        assertThat(dir.resolve("data")).as("nothing was started, so no data directory").doesNotExist();
    }

    @Test
    void serverRejectsBadDnsForwardingAndContainerDnsOptionsBeforeStartingAnything() throws Exception {
        String api = String.valueOf(Http.freePort());
        BallastProcess.Result mode = ballast("server", "--dns-forward", "sometimes", "--data-dir", "data",
                "--api-port", api);
        assertThat(mode.exitCode()).isEqualTo(2);
        assertThat(mode.stderr()).isEqualTo("ballast server: --dns-forward sometimes (expected: containers, all or "
                + "none)" + System.lineSeparator());
        BallastProcess.Result upstream = ballast("server", "--dns-upstream", "10.0.0.1:99999", "--data-dir", "data",
                "--api-port", api);
        assertThat(upstream.exitCode()).isEqualTo(2);
        assertThat(upstream.stderr()).isEqualTo("ballast server: --dns-upstream 10.0.0.1:99999 (expected: an IPv4 "
                + "address with an optional port, such as 192.0.2.53 or 127.0.0.1:5353)" + System.lineSeparator());
        BallastProcess.Result containers = ballast("server", "--container-dns", "maybe", "--data-dir", "data",
                "--api-port", api);
        assertThat(containers.exitCode()).isEqualTo(2);
        assertThat(containers.stderr()).isEqualTo("ballast server: --container-dns maybe (expected: on or off)"
                + System.lineSeparator());
        assertThat(containers.stdout()).isEmpty();
        assertThat(dir.resolve("data")).as("nothing was started, so no data directory").doesNotExist();
    }

    @Test
    void anInvalidConfigFileExitsWith2NamingTheProblemAndStartsNothing() throws Exception {
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

        BallastProcess.Result run = ballast("server", "--config", file.toString());

        assertThat(run.exitCode()).isEqualTo(ServerCommand.INVALID_CONFIG);
        assertThat(run.stderr()).isEqualTo("ballast server: invalid configuration file " + file
                + ": targetGroups[0].healthCheck: HealthCheckIntervalSeconds: 301 (expected: 5-300)"
                + System.lineSeparator());
        assertThat(run.stdout()).isEmpty();
        assertThat(Http.accepts(port)).isFalse();
    }

    @Test
    void aPortInUseIsReportedInOneLineWithExitCode1() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String port = String.valueOf(taken.getLocalPort());

            BallastProcess.Result run = ballast("demo", "--port", port, "--bind", "127.0.0.1");

            assertThat(run.exitCode()).isEqualTo(1);
            // Start-up INFO lines may come first; the failure itself is one line: no warning, no stack trace.
            List<String> problems = run.stderr().lines().filter(line -> !INFO_LOG_LINE.matcher(line).matches())
                    .toList();
            assertThat(problems).as("stderr: " + run.stderr()).hasSize(1);
            assertThat(problems.get(0)).startsWith("ballast demo: cannot start: port " + port + " on 127.0.0.1 is in "
                    + "use by PID " + ProcessHandle.current().pid() + " (").contains("; choose another port with --port");
            assertThat(run.stdout()).isEmpty();
        }
    }

    @Test
    void configFileModeRejectsTheApiModesOptionsAndStartsNothing() throws Exception {
        int port = Http.freePort();
        Path file = dir.resolve("lb.yaml");
        Files.writeString(file, """
                loadBalancers: [{name: lb, bindAddress: 127.0.0.1, listeners: [{port: %d, defaultAction: {forward: web}}]}]
                targetGroups: [{name: web, port: 80}]
                """.formatted(port));

        BallastProcess.Result run = ballast("server", "--config", file.toString(), "--api-port", "9600",
                "--data-dir", dir.resolve("data").toString(), "--access-key", "a:b");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr()).isEqualTo("ballast server: --data-dir, --api-port, --access-key with --config "
                + "(expected: only --event-loops and --watch beside --config; a configuration file is served without "
                + "API or store)"
                + System.lineSeparator());
        assertThat(run.stdout()).isEmpty();
        assertThat(Http.accepts(port)).isFalse();
        assertThat(dir.resolve("data")).doesNotExist();
    }

    @Test
    void theBannerWritesAWildcardBindAsUsersTypeIt() throws Exception {
        int port = Http.freePort();
        Path file = dir.resolve("lb.yaml");
        Files.writeString(file, """
                loadBalancers: [{name: lb, listeners: [{port: %d, defaultAction: {fixed-response: {statusCode: 200}}}]}]
                """.formatted(port));
        try (BallastProcess server = BallastProcess.start(dir, "banner", "server", "--config", file.toString())) {
            server.awaitStdout(line -> line.startsWith("Press Ctrl-C"));
            assertThat(server.stdout()).contains("load balancer lb (internet-facing)  HTTP 0.0.0.0:" + port + "  ")
                    .doesNotContain("0:0:0:0");
        }
    }

    @Test
    void aMissingConfigFileExitsWith2() throws Exception {
        BallastProcess.Result run = ballast("server", "--config", dir.resolve("none.yaml").toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr()).isEqualTo("ballast server: invalid configuration file " + dir.resolve("none.yaml")
                + ": no such file" + System.lineSeparator());
        assertThat(run.stdout()).isEmpty();
    }
}
