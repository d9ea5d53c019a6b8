package dev.ballast.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.proxy.Await;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code ballast service} against a real server with the process driver: create publishes a service of
 * tutum/hello-world tasks on a listener, ls/ps/scale/logs show and change it, rm takes it all away, and refusals
 * change nothing.
 */
class ServiceCommandTest {
    @TempDir
    Path dataDir;
    private TaskDrivers drivers;
    private ControlPlane plane;
    private String endpoint;

    @BeforeEach
    void startServer() {
        drivers = TaskDrivers.processOnly(dataDir);
        plane = ControlPlane.start(new ControlPlane.Options(dataDir, "127.0.0.1", 0, "127.0.0.1", Map.of(), 1)
                .withTaskDrivers(drivers.drivers(), drivers.defaultDriver()));
        endpoint = "http://127.0.0.1:" + plane.apiAddress().getPort();
    }

    @AfterEach
    void stopServer() throws Exception {
        // What a test left running is removed through the API, so no task process outlives it.
        for (String line : run("ls").out.lines().skip(1).toList()) {
            run("rm", line.split("\\s+")[0]);
        }
        plane.close();
        drivers.close();
    }

    /** One {@code ballast service <args>} run: exit code and output. */
    private record Run(int exit, String out, String err) {}

    private Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = BallastCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        String[] all = new String[args.length + 3];
        all[0] = "service";
        all[1] = "--endpoint";
        all[2] = endpoint;
        System.arraycopy(args, 0, all, 3, args.length);
        return new Run(cli.execute(all), out.toString(), err.toString());
    }

    @Test
    void createPublishesTasksThatAnswerThenScaleLogsAndRmWork() throws Exception {
        int port = Http.freePort();
        Run created = run("create", "--name", "web", "--publish", port + ":80", "--replicas", "2",
                "tutum/hello-world");
        assertThat(created.exit()).as(created.err()).isZero();
        assertThat(created.out()).contains("service/default/web", "published on port " + port);

        Await.until("2 of 2 tasks running", Duration.ofSeconds(60), () -> run("ls").out().contains("2/2"));
        assertThat(run("ls").out()).contains("web", "tutum/hello-world", port + ":80/http");
        String ps = run("ps", "web").out();
        assertThat(ps.lines().filter(l -> l.contains("RUNNING"))).hasSize(2);

        Set<String> answered = new HashSet<>();
        Await.until("both tasks answer through the listener", Duration.ofSeconds(60), () -> {
            try {
                answered.add(Http.taskIdAt("http://127.0.0.1:" + port + "/", null));
            } catch (Exception e) {
                return false;
            }
            return answered.size() == 2;
        });
        answered.forEach(id -> assertThat(ps).contains(id));

        assertThat(run("logs", "web", "--data-dir", dataDir.toString()).out())
                .contains("hello-world target " + answered.iterator().next());

        assertThat(run("scale", "web=1").exit()).isZero();
        Await.until("1 of 1 task running", Duration.ofSeconds(60), () -> run("ls").out().contains("1/1"));

        Run removed = run("rm", "web");
        assertThat(removed.exit()).as(removed.err()).isZero();
        assertThat(run("ls").out().lines().count()).as("only the header").isEqualTo(1);
        assertThat(plane.snapshot().listeners()).isEmpty();
        assertThat(plane.snapshot().targetGroups()).isEmpty();
        assertThat(Http.accepts(port)).isFalse();
    }

    @Test
    void withoutAPublishedPortOneIsChosenFromTheSwarmRange() {
        Run created = run("create", "--name", "auto", "--publish", "80", "--replicas", "0", "tutum/hello-world");
        assertThat(created.exit()).as(created.err()).isZero();
        int port = Integer.parseInt(created.out().replaceAll("(?s).*published on port (\\d+).*", "$1"));
        assertThat(port).isBetween(30000, 32767);
        assertThat(run("ls").out()).contains(port + ":80/http");
    }

    @Test
    void aSecondCreateOfTheSameNameIsRefusedAndChangesNothing() throws Exception {
        int port = Http.freePort();
        assertThat(run("create", "--name", "dup", "--publish", port + ":80", "--replicas", "0",
                "tutum/hello-world").exit()).isZero();
        var before = plane.snapshot();

        Run again = run("create", "--name", "dup", "--publish", "80", "tutum/hello-world");

        assertThat(again.exit()).isEqualTo(1);
        assertThat(again.err()).contains("ballast service create: service dup already exists");
        assertThat(plane.snapshot().listeners().keySet()).isEqualTo(before.listeners().keySet());
        assertThat(plane.snapshot().targetGroups().keySet()).isEqualTo(before.targetGroups().keySet());
    }

    @Test
    void badArgumentsAndUnknownServicesAreOneLineErrors() {
        Run badPort = run("create", "--name", "x", "--publish", "80:http", "tutum/hello-world");
        assertThat(badPort.exit()).isEqualTo(1);
        assertThat(badPort.err()).startsWith("ballast service create: --publish: 80:http (expected:");

        Run unknown = run("ps", "nope");
        assertThat(unknown.exit()).isEqualTo(1);
        assertThat(unknown.err()).contains("service nope not found");

        Run badScale = run("scale", "web");
        assertThat(badScale.err()).contains("web (expected: SERVICE=REPLICAS");
        assertThat(plane.snapshot().listeners()).isEmpty();
    }

    @Test
    void anUnreachableApiIsSaidSo() throws Exception {
        endpoint = "http://127.0.0.1:" + Http.freePort();
        Run ls = run("ls");
        assertThat(ls.exit()).isEqualTo(1);
        assertThat(ls.err()).contains("cannot reach the API at " + endpoint);
    }
}
