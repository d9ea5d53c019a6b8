package dev.ballast.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.control.docker.DockerEngine;
import dev.ballast.control.docker.DockerEngineExtension;
import dev.ballast.proxy.Await;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code ballast server --docker-labels} with a real dockerd, and {@code ballast labels} reading its statuses; a
 * server without the flag has no provider and {@code ballast labels} says so.
 */
class LabelsCommandTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Pattern API = Pattern.compile("AWS API: (http://127\\.0\\.0\\.1:\\d+)");
    @RegisterExtension
    static final DockerEngineExtension DOCKER = new DockerEngineExtension();

    @TempDir
    Path dataDir;

    /** Runs {@code ballast labels --api-url url}: exit code, then stdout and stderr. */
    private static String[] labels(String url) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine command = BallastCommand.commandLine();
        command.setOut(new PrintWriter(out, true));
        command.setErr(new PrintWriter(err, true));
        int exit = command.execute("labels", "--api-url", url);
        return new String[] {String.valueOf(exit), out.toString(), err.toString()};
    }

    private static String apiUrl(CommandRun run) {
        Await.until("the server printed its API address", WAIT, () -> API.matcher(run.out.toString()).find());
        Matcher m = API.matcher(run.out.toString());
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    @Test
    void serverFlagWatchesTheEngineAndBallastLabelsPrintsOneLinePerLabel() throws Exception {
        try (CommandRun run = new CommandRun(ServerCommand::new, "--data-dir", dataDir.toString(), "--api-port", "0",
                "--dns-port", "0", "--public-address", "127.0.0.1", "--docker-host", DOCKER.engine().host(),
                "--docker-labels")) {
            String url = apiUrl(run);
            Await.until("the server says it watches the engine", WAIT,
                    () -> run.out.toString().contains("Docker labels: watching " + DOCKER.engine().host()));
            DOCKER.engine().docker("run", "-d", "--name", "lonely", "--label", "ballast.lb.port_80=http://nowhere:80",
                    DockerEngine.BUSYBOX, "sleep", "3600");
            try {
                Await.until("ballast labels shows the container waiting", WAIT,
                        () -> labels(url)[1].contains("lonely"));
                String[] result = labels(url);
                assertThat(result[0]).isEqualTo("0");
                assertThat(result[1]).contains("engine " + DOCKER.engine().host() + ": connected (API ")
                        .containsPattern("lonely \\([0-9a-f]{12}\\) ballast\\.lb\\.port_80=http://nowhere:80 lb=- "
                                + "tg=- target=- waiting: load balancer nowhere not found");
            } finally {
                DOCKER.engine().docker("rm", "-f", "lonely");
            }
            assertThat(run.stop()).isZero();
        }
    }

    @Test
    void withoutTheFlagThereIsNoProviderAndBallastLabelsSaysSo() throws Exception {
        try (CommandRun run = new CommandRun(ServerCommand::new, "--data-dir", dataDir.toString(), "--api-port", "0",
                "--dns-port", "0", "--public-address", "127.0.0.1", "--docker-host", DOCKER.engine().host())) {
            String url = apiUrl(run);
            Await.until("the server printed all it prints at start", WAIT,
                    () -> run.out.toString().contains("Press Ctrl-C to stop"));
            assertThat(run.out.toString()).doesNotContain("Docker labels");
            String[] result = labels(url);
            assertThat(result[0]).isEqualTo("1");
            assertThat(result[2]).contains("has no Docker labels provider (expected: `ballast server "
                    + "--docker-labels`)");
            assertThat(run.stop()).isZero();
        }
    }
}
