package dev.ballast.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ballast.etcd.EtcdCluster;
import dev.ballast.server.BallastProcess;
import dev.ballast.server.ClusterNode;
import dev.ballast.server.ControlPlane;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Type;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;

/**
 * Node membership on a real 3-member etcd: two nodes in this JVM and a third as its own {@code ballast server}
 * process. Every node registers with its own instance id and is listed by {@code GET /ballast/nodes} and
 * {@code ballast nodes}; a load balancer's DNS name answers with every live node's address; the process node
 * killed with {@code kill -9} leaves the answers once its lease expires (the time is printed), and a node that
 * stops cleanly leaves at once.
 */
class ClusterMembershipTest {
    private static final Duration TTL = ClusterNode.DEFAULT_LEASE_TTL;

    @TempDir
    Path dir;

    @Test
    void liveNodesAreListedAndAnsweredByDnsAndAKilledNodeIsDroppedAfterItsLease() throws Exception {
        List<ControlPlane> nodes = new ArrayList<>();
        try (EtcdCluster etcd = EtcdCluster.start(dir.resolve("etcd"), 3)) {
            try {
                nodes.add(ClusterNodes.start(dir, etcd, "127.0.1.1", "n1"));
                nodes.add(ClusterNodes.start(dir, etcd, "127.0.1.2", "n2"));
                try (BallastProcess third = BallastProcess.start(dir, "n3", "server", "--etcd", etcd.endpoints(),
                        "--node-address", "127.0.1.3", "--node-name", "n3", "--data-dir",
                        dir.resolve("n3").toString(), "--api-port", "0", "--dns-port", "0", "--event-loops", "1");
                     ElasticLoadBalancingV2Client elb = ApiTestSupport.client(nodes.get(0).apiAddress(), "a", "a")) {
                    InetSocketAddress api1 = nodes.get(0).apiAddress();
                    // a JVM of its own: its start can take a while on a loaded machine
                    JsonNode page = awaitNodes(api1, names -> names.size() == 3, Duration.ofSeconds(90));
                    assertThat(names(page)).as(() -> "n3's stderr: " + third.stderr())
                            .containsExactly("n1", "n2", "n3");
                    Set<String> ids = new TreeSet<>();
                    for (JsonNode n : page.path("nodes")) {
                        assertThat(n.path("instanceId").asText()).matches("i-[0-9a-f]{17}");
                        ids.add(n.path("instanceId").asText());
                    }
                    assertThat(ids).as("one instance id per node").hasSize(3);
                    assertThat(page.path("self").asText()).isEqualTo("n1");

                    BallastProcess.Result listed = BallastProcess.run(dir, Duration.ofSeconds(30), "nodes",
                            "--api-url", "http://127.0.0.1:" + api1.getPort());
                    assertThat(listed.exitCode()).isZero();
                    assertThat(listed.stdout()).contains("* n1", "127.0.1.1", "n2", "127.0.1.2", "n3", "127.0.1.3");

                    String dnsName = elb.createLoadBalancer(r -> r.name("mesh-lb")).loadBalancers().get(0).dnsName();
                    DnsLookup dns = new DnsLookup(nodes.get(1).dnsAddress());
                    assertThat(awaitAnswers(dns, dnsName, a -> a.size() == 3, Duration.ofSeconds(10)))
                            .containsExactlyInAnyOrder("127.0.1.1", "127.0.1.2", "127.0.1.3");

                    long killed = System.nanoTime();
                    third.killNine();
                    List<String> after = awaitAnswers(dns, dnsName, a -> a.size() == 2, TTL.multipliedBy(4));
                    long droppedMillis = (System.nanoTime() - killed) / 1_000_000;
                    System.out.printf("a node killed with kill -9 left its load balancers' DNS answers after %d ms "
                            + "(lease TTL %d ms)%n", droppedMillis, TTL.toMillis());
                    assertThat(after).containsExactlyInAnyOrder("127.0.1.1", "127.0.1.2");
                    assertThat(names(awaitNodes(api1, names -> names.size() == 2, TTL.multipliedBy(4)))).containsExactly("n1", "n2");

                    nodes.remove(1).close();
                    long left = System.nanoTime();
                    assertThat(awaitAnswers(dns = new DnsLookup(nodes.get(0).dnsAddress()), dnsName,
                            a -> a.size() == 1, TTL)).containsExactly("127.0.1.1");
                    System.out.printf("a node stopped cleanly left the DNS answers after %d ms%n",
                            (System.nanoTime() - left) / 1_000_000);
                }
            } finally {
                nodes.forEach(ControlPlane::close);
            }
        }
    }

    private static List<String> names(JsonNode page) {
        List<String> names = new ArrayList<>();
        page.path("nodes").forEach(n -> names.add(n.path("name").asText()));
        return names;
    }

    private static JsonNode awaitNodes(InetSocketAddress api, Predicate<List<String>> done, Duration timeout)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode page = null;
        while (System.nanoTime() < deadline) {
            java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + api.getPort()
                            + "/ballast/nodes")).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            page = new ObjectMapper().readTree(r.body());
            if (done.test(names(page))) {
                return page;
            }
            Thread.sleep(20);
        }
        return page;
    }

    private static List<String> awaitAnswers(DnsLookup dns, String name, Predicate<List<String>> done,
                                             Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> answers = List.of();
        while (System.nanoTime() < deadline) {
            answers = DnsLookup.rdata(dns.query(name, Type.A));
            if (done.test(answers)) {
                return answers;
            }
            Thread.sleep(20);
        }
        return answers;
    }
}
