package dev.ballast.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ballast.core.validation.ValidationException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Where the data plane connects to for a target: its own address, its instance's, or its load balancer's. */
class TargetAddressesTest {
    private static final String NODE = "i-0ba11a57000000001";

    @Test
    void anIpTargetIsReachedAtItsIdAndAnInstanceTargetAtItsInstancesAddress() {
        TargetAddresses addresses = TargetAddresses.of(Map.of(NODE, "127.0.0.1"));

        assertThat(addresses.ipOf(new Target("10.0.0.7", 80))).isEqualTo("10.0.0.7");
        assertThat(addresses.ipOf(new Target(NODE, 32768))).isEqualTo("127.0.0.1");
        assertThat(addresses.ipOf(new Target("i-0123456789abcdef0", 80))).as("an unknown instance").isNull();
        assertThat(TargetAddresses.none().ipOf(new Target(NODE, 80))).isNull();
    }

    @Test
    void aSnapshotCarriesItsAddressesAndNoneByDefault() {
        TargetAddresses addresses = TargetAddresses.of(Map.of(NODE, "127.0.0.1"));

        assertThat(new ConfigSnapshot(1, List.of(), List.of(), List.of(), addresses).targetAddresses())
                .isEqualTo(addresses);
        assertThat(ConfigSnapshot.empty().targetAddresses()).isEqualTo(TargetAddresses.none());
    }

    @Test
    void anAlbTargetIsReachedWhereItsLoadBalancerInTheSameSnapshotBinds() {
        String internal = "arn:aws:elasticloadbalancing:us-east-1:000000000000:loadbalancer/app/web/0123456789abcdef";
        String facing = "arn:aws:elasticloadbalancing:us-east-1:000000000000:loadbalancer/app/www/0123456789abcdef";
        String network = "arn:aws:elasticloadbalancing:us-east-1:000000000000:loadbalancer/net/nlb/0123456789abcdef";
        ConfigSnapshot snapshot = new ConfigSnapshot(1, List.of(
                lb(internal, "web", LoadBalancerType.APPLICATION, "127.0.10.3"),
                lb(facing, "www", LoadBalancerType.APPLICATION, "0.0.0.0"),
                lb(network, "nlb", LoadBalancerType.NETWORK, "127.0.10.4")), List.of(), List.of(),
                TargetAddresses.of(Map.of(NODE, "127.0.0.1")));
        TargetAddresses addresses = snapshot.targetAddresses();

        assertThat(addresses.ipOf(new Target(internal, 8080))).isEqualTo("127.0.10.3");
        assertThat(addresses.ipOf(new Target(facing, 80))).as("the wildcard address is reached on loopback")
                .isEqualTo("127.0.0.1");
        assertThat(addresses.ipOf(new Target(network, 80))).as("a network load balancer is no alb target").isNull();
        assertThat(addresses.ipOf(new Target(NODE, 80))).isEqualTo("127.0.0.1");
        assertThat(TargetAddresses.none().ipOf(new Target(internal, 80))).as("not in the snapshot").isNull();
    }

    private static LoadBalancer lb(String arn, String name, LoadBalancerType type, String bindAddress) {
        return new LoadBalancer(arn, name, type, Scheme.INTERNAL, name + ".elb.localhost", bindAddress, null);
    }

    @Test
    void theUnionKeepsEveryInstance() {
        TargetAddresses union = TargetAddresses.of(Map.of(NODE, "127.0.0.1"))
                .and(TargetAddresses.of(Map.of("i-0ba11a57000000002", "127.0.0.2")));

        assertThat(union.instanceAddresses()).containsOnly(Map.entry(NODE, "127.0.0.1"),
                Map.entry("i-0ba11a57000000002", "127.0.0.2"));
    }

    @Test
    void anIdThatIsNoInstanceIsRefused() {
        assertThatThrownBy(() -> TargetAddresses.of(Map.of("10.0.0.1", "127.0.0.1")))
                .isInstanceOf(ValidationException.class)
                .hasMessage("InstanceId: 10.0.0.1 (expected: an instance id such as i-0123456789abcdef0)");
    }
}
