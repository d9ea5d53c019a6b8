package dev.ballast.core.balancing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.core.model.Target;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FlowHashTest {
    private static final InetSocketAddress LISTENER = new InetSocketAddress("127.0.0.1", 6379);

    @Test
    void sameFlowSameTarget() {
        List<Target> targets = Groups.targets(3);
        InetSocketAddress client = new InetSocketAddress("127.0.0.5", 40000);
        Target first = FlowHash.pick(targets, FlowHash.ofFlow(6, client, LISTENER));
        for (int i = 0; i < 10; i++) {
            assertThat(FlowHash.pick(targets, FlowHash.ofFlow(6, client, LISTENER))).isEqualTo(first);
        }
    }

    @Test
    void flowsFromConsecutivePortsSpreadOverEveryTarget() {
        List<Target> targets = Groups.targets(3);
        Map<Target, Integer> counts = new HashMap<>();
        for (int port = 40000; port < 43000; port++) {
            InetSocketAddress client = new InetSocketAddress("127.0.0.1", port);
            counts.merge(FlowHash.pick(targets, FlowHash.ofFlow(6, client, LISTENER)), 1, Integer::sum);
        }
        assertThat(counts).hasSize(3);
        counts.values().forEach(n -> assertThat(n).isBetween(850, 1150));
    }

    @Test
    void protocolIsPartOfTheFlow() {
        int differ = 0;
        for (int port = 40000; port < 40100; port++) {
            InetSocketAddress client = new InetSocketAddress("127.0.0.1", port);
            if (FlowHash.ofFlow(6, client, LISTENER) != FlowHash.ofFlow(17, client, LISTENER)) {
                differ++;
            }
        }
        assertThat(differ).isEqualTo(100);
    }

    @Test
    void sourceHashIgnoresThePort() throws Exception {
        List<Target> targets = Groups.targets(4);
        InetAddress client = InetAddress.getByName("127.0.0.9");
        assertThat(FlowHash.pick(targets, FlowHash.ofSource(client)))
                .isEqualTo(FlowHash.pick(targets, FlowHash.ofSource(InetAddress.getByName("127.0.0.9"))));
        Map<Target, Integer> counts = new HashMap<>();
        for (int i = 1; i < 255; i++) {
            counts.merge(FlowHash.pick(targets, FlowHash.ofSource(InetAddress.getByName("10.0.0." + i))), 1,
                    Integer::sum);
        }
        assertThat(counts).hasSize(4);
    }

    @Test
    void noTargetNoPick() {
        assertThat(FlowHash.pick(List.of(), 42)).isNull();
    }
}
