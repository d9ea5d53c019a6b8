package dev.ballast.server.labels;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ballast.control.docker.DockerEngine;
import dev.ballast.control.labels.LabelStatus;
import dev.ballast.etcd.EtcdCluster;
import dev.ballast.proxy.Await;
import dev.ballast.server.BallastProcess;
import dev.ballast.server.ClusterNode;
import dev.ballast.server.ControlPlane;
import dev.ballast.server.Http;
import dev.ballast.server.publish.ApiClients;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Listener;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Tag;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupNotFoundException;

/**
 * Docker label discovery per node on a real etcd: node n1 (in this JVM) watches one private dockerd, node n2 (its own
 * {@code ballast server --docker-labels} process) another, each with its own bridge. Labelled containers of both
 * engines become targets of one load balancer at their node's address and host port, and every node serves all of
 * them (the mesh); a container stopped on n1 leaves alone; n2 killed with SIGKILL (its container still running) has
 * its target removed by n1 once its lease has expired, n1's kept; once no node's container needs them, the listener
 * and group the provider created go.
 */
class ClusterLabelsTest {
    /** n1's lease, and so how long the leader (n1) waits for a missing node: short, to keep the test fast. */
    private static final Duration LEASE = Duration.ofSeconds(2);
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String N1 = "127.0.41.1";
    private static final String N2 = "127.0.41.2";

    @TempDir
    Path dir;

    @Test
    void eachNodeAttachesItsOwnEnginesContainersAndTheTargetsOfAKilledNodeAreRemovedByTheSurvivor() throws Exception {
        try (EtcdCluster etcd = EtcdCluster.start(dir.resolve("etcd"), 1);
             DockerEngine engine1 = DockerEngine.start();
             DockerEngine engine2 = DockerEngine.start()) {
            ControlPlane n1 = null;
            LabelsPlane labels1 = null;
            BallastProcess n2 = null;
            try {
                n1 = ControlPlane.start(new ControlPlane.Options(dir.resolve("n1"), "127.0.0.1", 0, "0.0.0.0",
                        Map.of(), 1, "127.0.0.1", 0), new ClusterNode(etcd.endpoints(), N1, "n1",
                        ClusterNode.DEFAULT_ETCD_TIMEOUT, LEASE));
                labels1 = LabelsPlane.start(n1, engine1.host(), LabelsFixture.FAST);
                n2 = BallastProcess.start(dir, "n2", "server", "--etcd", etcd.endpoints(), "--node-address", N2,
                        "--node-name", "n2", "--data-dir", dir.resolve("n2").toString(), "--api-port", "0",
                        "--dns-port", "0", "--event-loops", "1", "--docker-labels", "--docker-host", engine2.host());
                awaitNodes(n1, Set.of("n1", "n2"), n2);
                try (ApiClients api = ApiClients.connect(URI.create("http://127.0.0.1:" + n1.apiAddress().getPort()))) {
                    ElasticLoadBalancingV2Client elb = api.elb();
                    String lb = elb.createLoadBalancer(b -> b.name("web-lb").subnets("subnet-0ba11a5700000000a"))
                            .loadBalancers().get(0).loadBalancerArn();
                    int port = Http.freePortOn(N1, N2);
                    List<String> labels = List.of("--label", "ballast.lb.port_80=http://web-lb:" + port,
                            "--label", "ballast.lb.deregistration_delay=0",
                            "--label", "ballast.lb.healthcheck.interval=5",
                            "--label", "ballast.lb.healthcheck.healthy_threshold=2");
                    // n1's containers publish on n1's address, n2's on all addresses: both are the node's address
                    String a1 = runHttpd(engine1, "a1", labels, "-p", N1 + "::80");
                    String a2 = runHttpd(engine1, "a2", labels, "-p", N1 + "::80");
                    String a3 = runHttpd(engine1, "a3", labels); // not published: only n1 would reach it
                    String b1 = runHttpd(engine2, "b1", labels, "-p", "80");
                    Map<String, String> targets = Map.of(
                            "a1", N1 + ":" + hostPort(engine1, "a1"), "a2", N1 + ":" + hostPort(engine1, "a2"),
                            "b1", N2 + ":" + hostPort(engine2, "b1"));

                    Await.until("a listener on port " + port, WAIT, () -> listener(elb, lb, port) != null);
                    String tg = listener(elb, lb, port).defaultActions().get(0).targetGroupArn();
                    Await.until("the containers of both nodes registered", WAIT, () -> targets(elb, tg).equals(
                            Set.of(targets.get("a1"), targets.get("a2"), targets.get("b1"))));
                    Map<String, String> tags = tags(elb, tg);
                    assertThat(tags).containsEntry("ballast:docker-labels:target:" + targets.get("a1"),
                            "n1/" + a1.substring(0, 12)).containsEntry("ballast:docker-labels:target:"
                            + targets.get("b1"), "n2/" + b1.substring(0, 12));
                    LabelsPlane n1Labels = labels1;
                    Await.until("a3 waits with the reason", WAIT, () -> state(n1Labels, "a3").equals("waiting: "
                            + "port 80 is reached from this node only (its address on the container's network "
                            + "answers on this node alone): publish it on all addresses or on the node address " + N1
                            + " (docker run -p " + N1 + "::80) so every node reaches it"));
                    assertThat(a3).isNotBlank();
                    for (String node : List.of(N1, N2)) {
                        Set<String> seen = new HashSet<>();
                        Await.until("node " + node + " serves a1, a2 and b1", WAIT, () -> {
                            seen.add(body(node, port));
                            return seen.containsAll(Set.of("a1", "a2", "b1"));
                        });
                    }

                    engine1.docker("stop", "-t", "1", "a2");
                    Await.until("a2's target gone", WAIT, () -> !targets(elb, tg).contains(targets.get("a2")));
                    assertThat(targets(elb, tg)).as("only a2's target drained")
                            .containsExactlyInAnyOrder(targets.get("a1"), targets.get("b1"));

                    long killed = System.nanoTime();
                    n2.killNine();
                    Await.until("n2's container's target removed by n1", WAIT,
                            () -> targets(elb, tg).equals(Set.of(targets.get("a1"))));
                    long removedMillis = (System.nanoTime() - killed) / 1_000_000;
                    Await.until("n2's need of the listener dropped", WAIT, () -> !tags(elb, listener(elb, lb, port)
                            .listenerArn()).containsKey("ballast:docker-labels:needed-by:n2"));
                    assertThat(engine2.docker("inspect", "-f", "{{.State.Running}}", "b1").strip())
                            .as("b1 still runs: n1 removed it because its node left").isEqualTo("true");
                    assertThat(tags(elb, tg)).doesNotContainKey("ballast:docker-labels:target:" + targets.get("b1"))
                            .containsKey("ballast:docker-labels:target:" + targets.get("a1"));
                    Set<String> seen = new HashSet<>();
                    Await.until("n1 serves a1", WAIT, () -> {
                        seen.add(body(N1, port));
                        return seen.contains("a1");
                    });
                    System.out.printf("LABELS cluster: n2 killed -> its container's target removed by n1 after %d ms"
                            + " (n2's lease 3 s + n1's grace 2 s)%n", removedMillis);

                    engine1.docker("rm", "-f", "a1", "a2", "a3");
                    Await.until("the listener and group no node needs are deleted", WAIT, () ->
                            listener(elb, lb, port) == null && targetsOrNoneWhenGone(elb, tg).isEmpty()
                                    && elb.describeTargetGroups().targetGroups().isEmpty());
                }
            } finally {
                if (n2 != null) {
                    n2.close();
                }
                if (labels1 != null) {
                    labels1.close();
                }
                if (n1 != null) {
                    n1.close();
                }
            }
        }
    }

    /** Runs a busybox httpd serving its name on port 80 with {@code labels} and {@code options}; its id. */
    private static String runHttpd(DockerEngine engine, String name, List<String> labels, String... options)
            throws Exception {
        List<String> args = new ArrayList<>(List.of("run", "-d", "--name", name));
        args.addAll(labels);
        args.addAll(List.of(options));
        args.addAll(List.of(DockerEngine.BUSYBOX, "sh", "-c",
                "mkdir -p /www && echo " + name + " > /www/index.html && exec httpd -f -p 80 -h /www"));
        return engine.docker(args.toArray(String[]::new)).strip();
    }

    /** The host port container {@code name}'s port 80 is published on. */
    private static int hostPort(DockerEngine engine, String name) throws Exception {
        String mapping = engine.docker("port", name, "80/tcp").lines().findFirst().orElseThrow();
        return Integer.parseInt(mapping.substring(mapping.lastIndexOf(':') + 1).strip());
    }

    private static void awaitNodes(ControlPlane plane, Set<String> names, BallastProcess other) {
        try {
            Await.until("nodes " + names + " listed", WAIT, () -> {
                try {
                    JsonNode page = new ObjectMapper().readTree(Http.get("http://127.0.0.1:"
                            + plane.apiAddress().getPort() + "/ballast/nodes", null).body());
                    Set<String> listed = new HashSet<>();
                    page.path("nodes").forEach(n -> listed.add(n.path("name").asText()));
                    return listed.equals(names);
                } catch (Exception e) {
                    return false;
                }
            });
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; n2's stderr: " + other.stderr(), e);
        }
    }

    private static Listener listener(ElasticLoadBalancingV2Client elb, String lb, int port) {
        return elb.describeListeners(b -> b.loadBalancerArn(lb)).listeners().stream().filter(l -> l.port() == port)
                .findFirst().orElse(null);
    }

    private static Set<String> targets(ElasticLoadBalancingV2Client elb, String tg) {
        return elb.describeTargetHealth(b -> b.targetGroupArn(tg)).targetHealthDescriptions().stream()
                .filter(d -> !d.targetHealth().stateAsString().equals("draining"))
                .map(d -> d.target().id() + ":" + d.target().port()).collect(Collectors.toSet());
    }

    private static Set<String> targetsOrNoneWhenGone(ElasticLoadBalancingV2Client elb, String tg) {
        try {
            return targets(elb, tg);
        } catch (TargetGroupNotFoundException e) {
            return Set.of();
        }
    }

    private static Map<String, String> tags(ElasticLoadBalancingV2Client elb, String arn) {
        return elb.describeTags(b -> b.resourceArns(arn)).tagDescriptions().get(0).tags().stream()
                .collect(Collectors.toMap(Tag::key, Tag::value));
    }

    private static String state(LabelsPlane labels, String container) {
        return labels.provider().statuses().stream().filter(s -> s.container().equals(container))
                .map(LabelStatus::state).findFirst().orElse("(not seen)");
    }

    private static String body(String address, int port) {
        try {
            var response = Http.get("http://" + address + ":" + port + "/", null);
            return response.statusCode() == 200 ? response.body().strip() : "HTTP " + response.statusCode();
        } catch (Exception e) {
            return e.toString();
        }
    }
}
