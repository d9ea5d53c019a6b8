package dev.ballast.control.labels;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.control.elbv2.NodeInstance;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Where a labelled container is reached: from this host alone on a server alone; on a cluster node, only at
 * addresses every node reaches (the node's address), with a reason for what only this node reaches.
 */
class AddressRuleTest {
    private static final PortLabel HTTP_80 = new PortLabel("ballast.lb.port_80", "http://web:8080", 80,
            LabelScheme.HTTP, "web", 8080);
    private static final NodeInstance NODE = new NodeInstance("i-0123456789abcdef0", "127.0.1.1");
    private static final AddressRule ALONE = AddressRule.alone();
    private static final AddressRule CLUSTER = AddressRule.clusterNode("127.0.1.1");

    private static LabelledContainer container(String address, boolean hostNetwork,
                                               Map<String, LabelledContainer.HostPort> published) {
        return new LabelledContainer("3f2a9c1b7d0e11", "web", true, false, null, address, hostNetwork, published,
                Map.of("ballast.lb.port_80", "http://web:8080"));
    }

    private static LabelledContainer publishedOn(String ip) {
        return container("172.31.9.2", false, Map.of("80/tcp", new LabelledContainer.HostPort(ip, 32768)));
    }

    /** The target the rule gives, or "waiting: <reason>". */
    private static String target(AddressRule rule, LabelledContainer c, NodeInstance instanceGroupNode) {
        LabelOutcome o = new LabelOutcome(c, HTTP_80.key(), HTTP_80.value());
        String reason = rule.apply(o, HTTP_80, instanceGroupNode != null, instanceGroupNode);
        return reason != null ? "waiting: " + reason : o.targetKey();
    }

    @Test
    void aloneEveryAddressThisHostReachesCounts() {
        assertThat(target(ALONE, publishedOn(null), null)).isEqualTo("127.0.0.1:32768");
        assertThat(target(ALONE, publishedOn("127.0.0.1"), null)).isEqualTo("127.0.0.1:32768");
        assertThat(target(ALONE, container(null, true, Map.of()), null)).isEqualTo("127.0.0.1:80");
        assertThat(target(ALONE, container("172.31.9.2", false, Map.of()), null)).isEqualTo("172.31.9.2:80");
        assertThat(target(ALONE, publishedOn("127.0.0.1"), NODE)).isEqualTo(NODE.id() + ":32768");
    }

    @Test
    void inAClusterThePortsTheNodeServesOnItsAddressAreItsAddress() {
        assertThat(target(CLUSTER, publishedOn(null), null)).isEqualTo("127.0.1.1:32768");
        assertThat(target(CLUSTER, publishedOn("127.0.1.1"), null)).isEqualTo("127.0.1.1:32768");
        assertThat(target(CLUSTER, publishedOn("10.0.0.7"), null)).as("another address of the host")
                .isEqualTo("10.0.0.7:32768");
        assertThat(target(CLUSTER, container(null, true, Map.of()), null)).isEqualTo("127.0.1.1:80");
        assertThat(target(CLUSTER, publishedOn(null), NODE)).isEqualTo(NODE.id() + ":32768");
        assertThat(target(CLUSTER, publishedOn("127.0.1.1"), NODE)).isEqualTo(NODE.id() + ":32768");
    }

    @Test
    void inAClusterWhatOnlyThisNodeReachesWaitsAndSaysHowToPublish() {
        String how = ": publish it on all addresses or on the node address 127.0.1.1 (docker run -p 127.0.1.1::80) so "
                + "every node reaches it";
        assertThat(target(CLUSTER, publishedOn("127.0.0.1"), null)).isEqualTo("waiting: port 80 is reached from this "
                + "node only (it is published on 127.0.0.1)" + how);
        assertThat(target(CLUSTER, publishedOn("127.0.0.1"), NODE)).isEqualTo("waiting: port 80 is reached from this "
                + "node only (it is published on 127.0.0.1)" + how);
        assertThat(target(CLUSTER, container("172.31.9.2", false, Map.of()), null)).isEqualTo("waiting: port 80 is "
                + "reached from this node only (its address on the container's network answers on this node alone)"
                + how);
    }
}
