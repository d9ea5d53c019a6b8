package dev.ballast.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.control.ecs.run.process.LoopbackAddressPool;
import dev.ballast.etcd.EtcdCluster;
import dev.ballast.proxy.Await;
import dev.ballast.server.publish.ApiClients;
import dev.ballast.server.publish.ServicePublisher;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * {@code ballast server --task-address-range}: two cluster nodes on one machine (a real etcd), each started as a
 * user starts it with a range of its own, give the awsvpc tasks of one service addresses from their own ranges, and
 * the tasks answer there; a range that is not a loopback CIDR, too small, or holding an address the server binds is
 * refused before anything starts.
 */
class TaskAddressRangeTest {
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final Pattern API = Pattern.compile("AWS API: (http://127\\.0\\.0\\.1:\\d+)");
    private static final String[] NODES = {"127.0.25.1", "127.0.25.2"};
    private static final String[] RANGES = {"127.77.251.0/24", "127.77.252.0/24"};

    @TempDir
    Path dir;

    @Test
    void aBadRangeIsRefusedBeforeAnythingStarts() {
        String loopback = " (expected: an IPv4 CIDR inside 127.0.0.0/8, where the process driver's awsvpc tasks "
                + "listen with no setup, e.g. 127.77.1.0/24)";
        assertRefused(loopback, "10.0.0.0/24");
        assertRefused(loopback, "127.77.1.0");
        assertRefused(loopback, "127.77.1.0/33");
        assertRefused(loopback, "127.77.1.300/24");
        assertRefused(" (expected: a range of at least 6 task addresses, /29 or larger, e.g. 127.77.1.0/24)",
                "127.77.1.0/30");
        assertRefused(" (expected: a range apart from the addresses this server binds; it holds --api-address "
                + "127.0.0.1)", "127.0.0.0/24");
        assertRefused(" (expected: a range apart from the addresses this server binds; it holds --node-address "
                + NODES[0] + ")", "127.0.25.0/24", "--etcd", "http://127.0.0.1:1", "--node-address", NODES[0]);
        assertThat(dir.resolve("data")).as("nothing was started, so no data directory").doesNotExist();
    }

    /** {@code ballast server --task-address-range range extra...} exits with 2 and one line naming the problem. */
    private void assertRefused(String expected, String range, String... extra) {
        List<String> args = new ArrayList<>(List.of("--data-dir", dir.resolve("data").toString(), "--api-port", "0",
                "--dns-port", "0", "--task-address-range", range));
        args.addAll(List.of(extra));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine server = new CommandLine(new ServerCommand(new StopSignal()));
        server.setOut(new PrintWriter(out, true));
        server.setErr(new PrintWriter(err, true));

        int exit = server.execute(args.toArray(String[]::new));

        assertThat(exit).as(range).isEqualTo(ServerCommand.INVALID_CONFIG);
        assertThat(err.toString()).isEqualTo("ballast server: --task-address-range " + range + expected
                + System.lineSeparator());
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void twoNodesOnOneMachineGiveTheirAwsvpcTasksAddressesFromTheirOwnRanges() throws Exception {
        try (EtcdCluster etcd = EtcdCluster.start(dir.resolve("etcd"), 1);
             CommandRun n1 = node(etcd, 0);
             CommandRun n2 = node(etcd, 1)) {
            try {
                String api = apiUrl(n1);
                apiUrl(n2);
                for (int i = 0; i < 2; i++) {
                    assertThat((i == 0 ? n1 : n2).out.toString())
                            .contains("the process driver's awsvpc tasks on " + RANGES[i]);
                }
                Await.until("both nodes listed", WAIT,
                        () -> BallastCli.run("nodes", "--api-url", api).stdout().contains(" n2 "));
                int port = Http.freePortOn(NODES);
                BallastCli.Result created = BallastCli.run("service", "--endpoint", api, "create", "--name", "web",
                        "--publish", port + ":80", "--replicas", "2", "tutum/hello-world");
                assertThat(created.exitCode()).as(created.stderr()).isZero();

                try (ApiClients clients = ApiClients.connect(URI.create(api))) {
                    Await.until("2 tasks RUNNING, one on each node", WAIT, () -> EcsTasks.nodesOf(
                            EcsTasks.running(clients.ecs(), "web")).equals(List.of("n1", "n2")));
                    for (Task task : EcsTasks.running(clients.ecs(), "web")) {
                        int node = EcsTasks.attribute(task, "ballast.node").equals("n1") ? 0 : 1;
                        String address = ServicePublisher.taskAddress(task);
                        assertThat(LoopbackAddressPool.of(RANGES[node]).contains(address))
                                .as("task of n%d on %s, from %s", node + 1, address, RANGES[node]).isTrue();
                        assertThat(Http.get("http://" + address + ":80/", null).statusCode()).isEqualTo(200);
                    }
                }
                Set<String> answered = new HashSet<>();
                Await.until("both tasks answer through the listener of node 2", WAIT, () -> {
                    try {
                        answered.add(Http.taskIdAt("http://" + NODES[1] + ":" + port + "/", null));
                    } catch (Exception e) {
                        return false;
                    }
                    return answered.size() == 2;
                });

                BallastCli.Result removed = BallastCli.run("service", "--endpoint", api, "rm", "web");
                assertThat(removed.exitCode()).as(removed.stderr()).isZero();
                assertThat(n2.stop()).isZero();
                assertThat(n1.stop()).isZero();
            } finally {
                LeftoverTasks.killUnder(dir);
            }
        }
    }

    /** Node {@code i}: {@code ballast server --etcd ... --task-address-range RANGES[i]}, no drain on stop. */
    private CommandRun node(EtcdCluster etcd, int i) {
        String name = "n" + (i + 1);
        return new CommandRun(ServerCommand::new, "--etcd", etcd.endpoints(), "--node-address", NODES[i],
                "--node-name", name, "--data-dir", dir.resolve(name).toString(), "--api-port", "0", "--dns-port", "0",
                "--event-loops", "1", "--drain-seconds", "0", "--task-address-range", RANGES[i]);
    }

    private static String apiUrl(CommandRun run) {
        Await.until("the server printed its API address", WAIT,
                () -> API.matcher(run.out.toString()).find() || !run.err.toString().isEmpty());
        Matcher m = API.matcher(run.out.toString());
        assertThat(m.find()).as("stderr: %s", run.err).isTrue();
        return m.group(1);
    }
}
