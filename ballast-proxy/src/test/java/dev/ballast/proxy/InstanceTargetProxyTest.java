package dev.ballast.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.core.model.Action;
import dev.ballast.core.model.ConfigSnapshot;
import dev.ballast.core.model.HealthCheck;
import dev.ballast.core.model.LoadBalancerType;
import dev.ballast.core.model.Protocol;
import dev.ballast.core.model.Target;
import dev.ballast.core.model.TargetAddresses;
import dev.ballast.core.model.TargetGroup;
import dev.ballast.core.model.TargetType;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Instance targets through a real proxy: reached at their instance's address, a 502 when the instance is unknown. */
class InstanceTargetProxyTest extends ProxyTestBase {
    private static final String NODE = "i-0ba11a57000000001";

    private static ConfigSnapshot instanceGroupSnapshot(int listenerPort, Target target) {
        TargetGroup group = new TargetGroup(Fixtures.groupArn("tg"), "tg", Protocol.HTTP, 80, TargetType.INSTANCE,
                HealthCheck.defaultsFor(Protocol.HTTP, LoadBalancerType.APPLICATION), null, List.of(target));
        ConfigSnapshot plain = Fixtures.snapshot(1, Map.of(),
                Fixtures.listener(listenerPort, Action.Forward.to(group.arn())), group);
        return new ConfigSnapshot(1, plain.loadBalancers().values(), plain.listeners().values(),
                plain.targetGroups().values(), TargetAddresses.of(Map.of(NODE, "127.0.0.1")));
    }

    @Test
    void theNodesInstanceIsReachedAtItsAddressAndTheTargetsPort() throws Exception {
        EchoTarget target = target("on-node");
        InetSocketAddress address = start(instanceGroupSnapshot(Fixtures.freePort(), new Target(NODE, target.port())));

        RawHttpClient.Response response = client(address).get("/");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("x-target")).isEqualTo("on-node");
    }

    @Test
    void anUnknownInstanceIs502() throws Exception {
        EchoTarget target = target("elsewhere");
        InetSocketAddress address = start(instanceGroupSnapshot(Fixtures.freePort(),
                new Target("i-0123456789abcdef0", target.port())));

        assertThat(client(address).get("/").status()).isEqualTo(502);
        assertThat(proxy.counters().get("target.unresolvable")).isEqualTo(1);
    }
}
