package dev.ballast.server.api;

import static dev.ballast.server.api.ApiTestSupport.freePort;
import static dev.ballast.server.api.ApiTestSupport.percentile;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.etcd.EtcdCluster;
import dev.ballast.server.ControlPlane;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.elasticloadbalancing.ElasticLoadBalancingClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Action;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ActionTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ProtocolEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Tag;

/**
 * Cluster mode end to end: a 3-member etcd and 3 Ballast nodes on 127.0.1.1-3, all started by the test. A change
 * made through node 1's API is served by nodes 2 and 3 (propagation p50/p99 over 200 changes, printed and written
 * to {@code target/cluster-propagation.txt}; asserted only to arrive), and tags added at once through two nodes'
 * APIs to one load balancer are all kept.
 */
class ClusterPropagationTest {
    private static final int CHANGES = 200;
    private static final List<String> ADDRESSES = List.of("127.0.1.1", "127.0.1.2", "127.0.1.3");

    @TempDir
    Path dir;

    @Test
    void aChangeThroughOneNodeIsServedByEveryNodeAndConcurrentWritesAreAllKept() throws Exception {
        List<ControlPlane> nodes = new ArrayList<>();
        try (EtcdCluster etcd = EtcdCluster.start(dir.resolve("etcd"), 3)) {
            try {
                for (String address : ADDRESSES) {
                    nodes.add(ClusterNodes.start(dir, etcd, address, "node-" + address));
                }
                try (ElasticLoadBalancingV2Client elb1 = ApiTestSupport.client(nodes.get(0).apiAddress(), "a", "a");
                     ElasticLoadBalancingV2Client elb2 = ApiTestSupport.client(nodes.get(1).apiAddress(), "a", "a");
                     ElasticLoadBalancingV2Client elb3 = ApiTestSupport.client(nodes.get(2).apiAddress(), "a", "a")) {
                    String lbArn = elb1.createLoadBalancer(r -> r.name("mesh-lb")).loadBalancers().get(0)
                            .loadBalancerArn();
                    int port = freePort();
                    String listenerArn = elb1.createListener(r -> r.loadBalancerArn(lbArn).protocol(ProtocolEnum.HTTP)
                            .port(port).defaultActions(fixed("v0"))).listeners().get(0).listenerArn();
                    for (String address : ADDRESSES) {
                        assertThat(ApiTestSupport.await(() -> ApiTestSupport.get(address, port, "x", "/"), "v0")
                                .body()).as("served by " + address).isEqualTo("v0");
                    }
                    measurePropagation(elb1, listenerArn, port);
                    concurrentTagsThroughTwoNodesAreAllKept(elb1, elb2, elb3, lbArn);
                    aClassicLoadBalancerMadeThroughNode2IsServedByNode3(nodes);
                }
            } finally {
                nodes.forEach(ControlPlane::close);
            }
        }
    }

    private void measurePropagation(ElasticLoadBalancingV2Client elb1, String listenerArn, int port)
            throws Exception {
        List<Long> micros = new ArrayList<>();
        for (int i = 1; i <= CHANGES; i++) {
            String body = "v" + i;
            elb1.modifyListener(r -> r.listenerArn(listenerArn).defaultActions(fixed(body)));
            long answered = System.nanoTime();
            for (String other : ADDRESSES.subList(1, 3)) {
                assertThat(ApiTestSupport.await(() -> ApiTestSupport.get(other, port, "x", "/"), body).body())
                        .as("change " + i + " served by " + other).isEqualTo(body);
            }
            micros.add((System.nanoTime() - answered) / 1000);
        }
        String report = "nodes=3 etcd_members=3 changes=" + CHANGES + " propagation_p50_us=" + percentile(micros, 50)
                + " propagation_p99_us=" + percentile(micros, 99) + " propagation_max_us=" + percentile(micros, 100)
                + "\n";
        Files.writeString(Path.of("target", "cluster-propagation.txt"), report);
        System.out.print("cluster propagation (node 1's API answered -> nodes 2 and 3 serve it): " + report);
    }

    private static void concurrentTagsThroughTwoNodesAreAllKept(ElasticLoadBalancingV2Client elb1,
            ElasticLoadBalancingV2Client elb2, ElasticLoadBalancingV2Client elb3, String lbArn) throws Exception {
        int perNode = 20;
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int n = 1; n <= 2; n++) {
                ElasticLoadBalancingV2Client elb = n == 1 ? elb1 : elb2;
                String node = "node" + n;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < perNode; i++) {
                        String key = node + "-" + i;
                        elb.addTags(r -> r.resourceArns(lbArn).tags(Tag.builder().key(key).value(node).build()));
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        List<String> expected = new ArrayList<>();
        for (int n = 1; n <= 2; n++) {
            for (int i = 0; i < perNode; i++) {
                expected.add("node" + n + "-" + i);
            }
        }
        for (ElasticLoadBalancingV2Client elb : List.of(elb1, elb2, elb3)) {
            long deadline = System.nanoTime() + 10_000_000_000L;
            List<String> keys = List.of();
            while (System.nanoTime() < deadline) {
                keys = elb.describeTags(r -> r.resourceArns(lbArn)).tagDescriptions().get(0).tags().stream()
                        .map(Tag::key).toList();
                if (keys.size() >= expected.size()) {
                    break;
                }
                Thread.sleep(20);
            }
            assertThat(keys).containsExactlyInAnyOrderElementsOf(expected);
        }
    }

    private static void aClassicLoadBalancerMadeThroughNode2IsServedByNode3(List<ControlPlane> nodes)
            throws Exception {
        int port = freePort();
        try (ElasticLoadBalancingClient classic2 = ClassicSdkTest.client(nodes.get(1).apiAddress());
             ElasticLoadBalancingClient classic3 = ClassicSdkTest.client(nodes.get(2).apiAddress())) {
            classic2.createLoadBalancer(b -> b.loadBalancerName("mesh-classic").listeners(software.amazon.awssdk
                    .services.elasticloadbalancing.model.Listener.builder().protocol("HTTP").loadBalancerPort(port)
                    .instancePort(freePort()).build()));
            long deadline = System.nanoTime() + 10_000_000_000L;
            List<String> names = List.of();
            while (System.nanoTime() < deadline && names.isEmpty()) {
                names = classic3.describeLoadBalancers().loadBalancerDescriptions().stream()
                        .map(d -> d.loadBalancerName()).toList();
                Thread.sleep(20);
            }
            assertThat(names).containsExactly("mesh-classic");
            // no instances yet: the listener answers 503, and it answers on node 3's address
            assertThat(ApiTestSupport.await(() -> ApiTestSupport.get("127.0.1.3", port, "x", "/"), "").status())
                    .isEqualTo(503);
        }
    }

    private static Action fixed(String body) {
        return Action.builder().type(ActionTypeEnum.FIXED_RESPONSE).fixedResponseConfig(f -> f.statusCode("200")
                .contentType("text/plain").messageBody(body)).build();
    }
}
