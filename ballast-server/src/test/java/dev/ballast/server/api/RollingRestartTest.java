package dev.ballast.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ballast.etcd.EtcdCluster;
import dev.ballast.proxy.Await;
import dev.ballast.server.BallastProcess;
import dev.ballast.server.Http;
import dev.ballast.server.hello.HelloServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetDescription;

/**
 * A rolling restart of three {@code ballast server} processes on one etcd, under load: each node in turn gets SIGTERM,
 * exits, starts again on the same data directory and serves again before the next one goes. The client does what a
 * client of a load balancer's DNS name does, honestly simplified: it keeps the list of live nodes ({@code GET
 * /ballast/nodes}, refreshed every 500 ms) and sends each request to a node of that list. A stopping node leaves the
 * list first and serves for its drain time ({@code --drain-seconds}) before its listeners close, so no request sent
 * to a node that was live when the request started fails.
 */
class RollingRestartTest {
    private static final String[] NODES = {"127.0.1.1", "127.0.1.2", "127.0.1.3"};
    private static final ObjectMapper JSON = new ObjectMapper();
    /** How often the client refreshes its list of live nodes. */
    private static final long REFRESH_MILLIS = 500;

    @TempDir
    Path dir;

    @Test
    void restartingEveryNodeInTurnFailsNoRequestSentToALiveNode() throws Exception {
        List<HelloServer> tasks = new ArrayList<>();
        BallastProcess[] nodes = new BallastProcess[3];
        int[] apiPorts = new int[3];
        try (EtcdCluster etcd = EtcdCluster.start(dir.resolve("etcd"), 1)) {
            try {
                for (int i = 1; i <= 3; i++) {
                    tasks.add(HelloServer.start(new InetSocketAddress("127.0.0.1", 0), "task-" + i));
                }
                for (int i = 0; i < 3; i++) {
                    apiPorts[i] = Http.freePort();
                    nodes[i] = start(etcd, i, apiPorts[i], 0);
                }
                View view = new View(apiPorts);
                // three JVMs starting at once on a busy machine
                Await.until("3 live nodes", Duration.ofSeconds(120), () -> view.refresh().size() == 3);
                int port = Http.freePortOn(NODES);
                try (ElasticLoadBalancingV2Client elb = ApiTestSupport.client(
                        new InetSocketAddress("127.0.0.1", apiPorts[0]), "a", "a")) {
                    publish(elb, port, tasks);
                }
                for (String node : NODES) {
                    Await.until(node + " serves :" + port, Duration.ofSeconds(30), () -> serves(node, port));
                }

                view.startFollowing();
                Load load = new Load(view, port);
                try {
                    Await.until("load flowing", Duration.ofSeconds(30), () -> load.succeeded() >= 30);
                    for (int i = 0; i < 3; i++) {
                        long stopping = System.nanoTime();
                        nodes[i].process().destroy(); // SIGTERM
                        assertThat(nodes[i].process().waitFor(60, TimeUnit.SECONDS))
                                .as("n%d exits after SIGTERM; stderr: %s", i + 1, nodes[i].stderr()).isTrue();
                        assertThat(nodes[i].process().exitValue()).as("n%d's exit status", i + 1).isIn(0, 143);
                        long stopped = System.nanoTime();
                        nodes[i] = start(etcd, i, apiPorts[i], 1);
                        String address = NODES[i];
                        Await.until("n" + (i + 1) + " live and serving again", Duration.ofSeconds(90),
                                () -> view.live().contains(address) && serves(address, port));
                        long before = load.succeededAt(address);
                        Await.until("requests reach n" + (i + 1) + " again", Duration.ofSeconds(30),
                                () -> load.succeededAt(address) >= before + 10);
                        System.out.printf("rolling restart: n%d stopped in %d ms, serving again %d ms later%n",
                                i + 1, (stopped - stopping) / 1_000_000, (System.nanoTime() - stopped) / 1_000_000);
                    }
                } finally {
                    load.stop();
                    view.stop();
                }
                System.out.printf("rolling restart of 3 nodes: %d requests, %d failed%n", load.total(),
                        load.failures().size());
                assertThat(load.failures()).as("requests sent to a node that was live when they started").isEmpty();
                assertThat(load.total()).isGreaterThan(100);
            } finally {
                for (BallastProcess node : nodes) {
                    if (node != null) {
                        node.close();
                    }
                }
                tasks.forEach(HelloServer::close);
            }
        }
    }

    private BallastProcess start(EtcdCluster etcd, int i, int apiPort, int generation) {
        return BallastProcess.start(dir, "n" + (i + 1) + "-" + generation, "server", "--etcd", etcd.endpoints(),
                "--node-address", NODES[i], "--node-name", "n" + (i + 1), "--data-dir",
                dir.resolve("n" + (i + 1)).toString(), "--api-port", String.valueOf(apiPort), "--dns-port", "0",
                "--event-loops", "1", "--drain-seconds", "2");
    }

    /** An ALB listener on {@code port} (so on every node) forwarding to {@code tasks}. */
    private static void publish(ElasticLoadBalancingV2Client elb, int port, List<HelloServer> tasks) {
        String lb = elb.createLoadBalancer(b -> b.name("web")).loadBalancers().get(0).loadBalancerArn();
        String tg = elb.createTargetGroup(b -> b.name("web-tasks").protocol("HTTP").port(80).targetType("ip")
                .vpcId("vpc-0ba11a570000000")).targetGroups().get(0).targetGroupArn();
        elb.registerTargets(b -> b.targetGroupArn(tg).targets(tasks.stream().map(t -> TargetDescription.builder()
                .id("127.0.0.1").port(t.address().getPort()).build()).toList()));
        elb.createListener(b -> b.loadBalancerArn(lb).protocol("HTTP").port(port)
                .defaultActions(a -> a.type("forward").targetGroupArn(tg)));
    }

    private static boolean serves(String node, int port) {
        try {
            return Http.get("http://" + node + ":" + port + "/", null).statusCode() == 200;
        } catch (Exception e) {
            return false;
        }
    }

    /** The client's list of live nodes: the answer of the first node API that answers {@code GET /ballast/nodes}. */
    private static final class View {
        private final int[] apiPorts;
        private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        private final AtomicReference<Set<String>> live = new AtomicReference<>(Set.of());
        private final AtomicBoolean following = new AtomicBoolean();
        private Thread thread;

        View(int[] apiPorts) {
            this.apiPorts = apiPorts;
        }

        Set<String> live() {
            return live.get();
        }

        /** Asks the nodes' APIs in turn; keeps the previous list when none answers. */
        Set<String> refresh() {
            for (int port : apiPorts) {
                try {
                    HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                            + "/ballast/nodes")).timeout(Duration.ofSeconds(2)).build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() == 200) {
                        Set<String> addresses = new java.util.TreeSet<>();
                        for (JsonNode n : JSON.readTree(r.body()).path("nodes")) {
                            addresses.add(n.path("address").asText());
                        }
                        live.set(Set.copyOf(addresses));
                        return live.get();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return live.get();
                } catch (Exception e) {
                    // that node is down: ask the next
                }
            }
            return live.get();
        }

        void startFollowing() {
            following.set(true);
            thread = new Thread(() -> {
                while (following.get()) {
                    refresh();
                    try {
                        // the client's refresh period (not a wait for a condition): longer than what a node needs
                        // to close once it left, so only the drain keeps requests to a node that left answered
                        Thread.sleep(REFRESH_MILLIS);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "rolling-restart-view");
            thread.setDaemon(true);
            thread.start();
        }

        void stop() throws InterruptedException {
            following.set(false);
            if (thread != null) {
                thread.join(10_000);
            }
        }
    }

    /** Two clients, each sending GETs one after another to a node picked from the view at the request's start. */
    private static final class Load {
        private record Outcome(String node, boolean ok, String what) {}

        private final ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final List<Thread> threads = new ArrayList<>();

        Load(View view, int port) {
            for (int t = 0; t < 2; t++) {
                HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(5)).build();
                Thread thread = new Thread(() -> {
                    while (running.get()) {
                        // paced (a few hundred requests a second in all), so the load leaves the nodes CPU to start
                        java.util.concurrent.locks.LockSupport.parkNanos(5_000_000);
                        List<String> live = List.copyOf(view.live());
                        if (live.isEmpty()) {
                            continue;
                        }
                        String node = live.get(ThreadLocalRandom.current().nextInt(live.size()));
                        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + node + ":" + port + "/"))
                                .timeout(Duration.ofSeconds(10)).build();
                        try {
                            HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
                            outcomes.add(new Outcome(node, r.statusCode() == 200, "status " + r.statusCode()));
                        } catch (InterruptedException e) {
                            return;
                        } catch (Exception e) {
                            outcomes.add(new Outcome(node, false, e.toString()));
                        }
                    }
                }, "rolling-restart-load-" + t);
                thread.setDaemon(true);
                thread.start();
                threads.add(thread);
            }
        }

        void stop() throws InterruptedException {
            running.set(false);
            for (Thread t : threads) {
                t.join(15_000);
            }
        }

        long succeeded() {
            return outcomes.stream().filter(Outcome::ok).count();
        }

        long succeededAt(String node) {
            return outcomes.stream().filter(o -> o.ok() && o.node().equals(node)).count();
        }

        long total() {
            return outcomes.size();
        }

        List<String> failures() {
            return outcomes.stream().filter(o -> !o.ok()).map(o -> o.node() + ": " + o.what()).toList();
        }
    }
}
