package dev.ballast.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.core.model.Action;
import dev.ballast.core.model.HealthCheck;
import dev.ballast.core.model.LoadBalancerType;
import dev.ballast.core.model.Protocol;
import dev.ballast.core.model.TargetGroup;
import dev.ballast.core.model.TargetGroupAttributes;
import dev.ballast.core.model.TargetType;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Target choice through the proxy: round robin across targets, AWSALB stickiness cookies honoured. */
class ProxyBalancingTest extends ProxyTestBase {

    @Test
    void roundRobinAnswersFromEachTargetInTurn() throws Exception {
        EchoTarget a = target("a");
        EchoTarget b = target("b");
        EchoTarget c = target("c");
        InetSocketAddress address = start(Fixtures.forwardAll(Fixtures.freePort(), Fixtures.group("tg",
                Fixtures.target(a.port()), Fixtures.target(b.port()), Fixtures.target(c.port()))));

        RawHttpClient client = client(address);
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            seen.add(client.get("/").header("x-target"));
        }

        assertThat(seen.subList(0, 3)).containsExactlyInAnyOrder("a", "b", "c");
        assertThat(seen.subList(3, 6)).isEqualTo(seen.subList(0, 3));
    }

    @Test
    void lbCookieStickinessKeepsAClientOnOneTarget() throws Exception {
        EchoTarget a = target("a");
        EchoTarget b = target("b");
        TargetGroup sticky = new TargetGroup(Fixtures.groupArn("sticky"), "sticky", Protocol.HTTP, 80, TargetType.IP,
                HealthCheck.defaultsFor(Protocol.HTTP, LoadBalancerType.APPLICATION),
                TargetGroupAttributes.defaults().with(Map.of("stickiness.enabled", "true")),
                List.of(Fixtures.target(a.port()), Fixtures.target(b.port())));
        InetSocketAddress address = start(Fixtures.snapshot(1, Map.of(),
                Fixtures.listener(Fixtures.freePort(), Action.Forward.to(sticky.arn())), sticky));

        RawHttpClient client = client(address);
        RawHttpClient.Response first = client.get("/");
        String setCookie = first.headers().get("set-cookie").stream()
                .filter(v -> v.startsWith("AWSALB=")).findFirst().orElseThrow();
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));

        for (int i = 0; i < 6; i++) {
            client.send("GET / HTTP/1.1\r\nHost: h\r\nCookie: theme=dark; " + cookie + "\r\n\r\n");
            assertThat(client.read().header("x-target")).isEqualTo(first.header("x-target"));
        }
    }
}
