package dev.ballast.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ballast.core.validation.ValidationException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Where the data plane connects to for a target: its own address, or its instance's. */
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
