package dev.ballast.server.api;

import static dev.ballast.server.api.ApiTestSupport.freePort;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.ballast.etcd.EtcdCluster;
import dev.ballast.server.ControlPlane;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Action;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ActionTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ProtocolEnum;

/**
 * etcd failures seen through the API of two cluster nodes: one etcd member of three lost changes nothing; two lost
 * (no quorum) and every node keeps serving its last configuration and answering describes, while mutations get
 * {@code 503 ServiceUnavailable}; with the members back, mutations resume on every node.
 */
class ClusterQuorumLossTest {
    @TempDir
    Path dir;

    @Test
    void withoutQuorumNodesServeTheirLastConfigurationAndRefuseMutationsWith503() throws Exception {
        List<ControlPlane> nodes = new ArrayList<>();
        try (EtcdCluster etcd = EtcdCluster.start(dir.resolve("etcd"), 3)) {
            try {
                nodes.add(ClusterNodes.start(dir, etcd, "127.0.1.1", "n1"));
                nodes.add(ClusterNodes.start(dir, etcd, "127.0.1.2", "n2"));
                try (ElasticLoadBalancingV2Client elb1 = ApiTestSupport.client(nodes.get(0).apiAddress(), "a", "a");
                     ElasticLoadBalancingV2Client elb2 = ApiTestSupport.client(nodes.get(1).apiAddress(), "a", "a")) {
                    String lbArn = elb1.createLoadBalancer(r -> r.name("quorum-lb")).loadBalancers().get(0)
                            .loadBalancerArn();
                    int port = freePort();
                    String listenerArn = elb1.createListener(r -> r.loadBalancerArn(lbArn)
                            .protocol(ProtocolEnum.HTTP).port(port).defaultActions(fixed("v1"))).listeners().get(0)
                            .listenerArn();
                    assertServed("127.0.1.2", port, "v1");

                    etcd.kill(etcd.members().get(0));
                    awaitModified(elb2, listenerArn, "v2");
                    assertServed("127.0.1.1", port, "v2");

                    etcd.kill(etcd.members().get(1));
                    AwsServiceException refused = catchThrowableOfType(AwsServiceException.class,
                            () -> elb1.modifyListener(r -> r.listenerArn(listenerArn).defaultActions(fixed("v3"))));
                    assertThat(refused).as("a mutation without etcd quorum").isNotNull();
                    assertThat(refused.statusCode()).isEqualTo(503);
                    assertThat(refused.awsErrorDetails().errorCode()).isEqualTo("ServiceUnavailable");
                    assertThat(refused.awsErrorDetails().errorMessage())
                            .startsWith("The change could not be stored now, try again: ");
                    // serving and describing go on from the last configuration, on both nodes
                    assertServed("127.0.1.1", port, "v2");
                    assertServed("127.0.1.2", port, "v2");
                    assertThat(elb2.describeLoadBalancers(r -> r.names("quorum-lb")).loadBalancers()).hasSize(1);

                    etcd.restart(etcd.members().get(0));
                    etcd.restart(etcd.members().get(1));
                    awaitModified(elb2, listenerArn, "v4");
                    assertServed("127.0.1.1", port, "v4");
                    assertServed("127.0.1.2", port, "v4");
                }
            } finally {
                nodes.forEach(ControlPlane::close);
            }
        }
    }

    private static void assertServed(String address, int port, String body) {
        assertThat(ApiTestSupport.await(() -> ApiTestSupport.get(address, port, "x", "/"), body).body())
                .as("served by " + address).isEqualTo(body);
    }

    /** Modifies the listener, retrying 503s while etcd elects a leader or regains quorum (as the SDKs retry). */
    private static void awaitModified(ElasticLoadBalancingV2Client elb, String listenerArn, String body)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try {
                elb.modifyListener(r -> r.listenerArn(listenerArn).defaultActions(fixed(body)));
                return;
            } catch (AwsServiceException e) {
                if (e.statusCode() != 503 || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    private static Action fixed(String body) {
        return Action.builder().type(ActionTypeEnum.FIXED_RESPONSE).fixedResponseConfig(f -> f.statusCode("200")
                .contentType("text/plain").messageBody(body)).build();
    }
}
