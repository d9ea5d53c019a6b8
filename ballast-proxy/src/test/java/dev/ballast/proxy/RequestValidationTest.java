package dev.ballast.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.core.model.Action;
import dev.ballast.core.model.TargetGroup;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Request validation beyond the framing battery: the request-head timeout, the
 * {@code routing.http.drop_invalid_header_fields.enabled} attribute, and what an Ambiguous request does to the
 * target connection in each desync mode.
 */
class RequestValidationTest extends ProxyTestBase {

    @Test
    void slowRequestHeadIsAnswered408AndClosed() throws Exception {
        EchoTarget target = target("a");
        RawHttpClient client = clientWithHeadTimeout(target, Duration.ofMillis(300));
        long started = System.nanoTime();

        client.send("GET / HTTP/1.1\r\nHost: h\r\n"); // the empty line never comes
        RawHttpClient.Response response = client.read();

        long elapsedMillis = (System.nanoTime() - started) / 1_000_000;
        assertThat(response.status()).isEqualTo(408);
        assertThat(response.header("connection")).isEqualTo("close");
        assertThat(client.closedByPeer()).isTrue();
        assertThat(elapsedMillis).isBetween(250L, 10_000L);
        assertThat(target.clientPorts()).as("nothing reached the target").isEmpty();
    }

    @Test
    void requestHeadTimeoutCountsFromTheHeadNotFromTheConnection() throws Exception {
        RawHttpClient client = clientWithHeadTimeout(target("a"), Duration.ofMillis(300));

        // Several heads in a row, each well within the timeout, on one connection that lives longer than it.
        long started = System.nanoTime();
        int answered = 0;
        while ((System.nanoTime() - started) / 1_000_000 < 900) {
            assertThat(client.get("/").status()).isEqualTo(200);
            answered++;
        }
        assertThat(answered).isGreaterThan(1);
    }

    @Test
    void invalidHeaderFieldsAreDroppedWhenTheAttributeIsOn() throws Exception {
        String body = echoOf(Map.of("routing.http.drop_invalid_header_fields.enabled", "true"));

        assertThat(body).contains("x-valid-name: 1").doesNotContain("x_under_score").doesNotContain("x.dot");
    }

    @Test
    void invalidHeaderFieldsAreForwardedByDefault() throws Exception {
        String body = echoOf(Map.of());

        assertThat(body).contains("x-valid-name: 1").contains("x_under_score: 2").contains("x.dot: 3");
    }

    @Test
    void ambiguousRequestInDefensiveModeClosesTheTargetConnection() throws Exception {
        EchoTarget target = ambiguousThenCompliant("defensive");

        assertThat(target.clientPorts()).as("a new target connection after the Ambiguous request").hasSize(2);
        assertThat(proxy.counters().get("desync.ambiguous")).isEqualTo(1);
    }

    @Test
    void ambiguousRequestInMonitorModeKeepsTheTargetConnection() throws Exception {
        EchoTarget target = ambiguousThenCompliant("monitor");

        assertThat(target.clientPorts()).as("the pooled target connection is reused").hasSize(1);
        assertThat(proxy.counters().get("desync.ambiguous")).isEqualTo(1);
    }

    private RawHttpClient clientWithHeadTimeout(EchoTarget target, Duration timeout) throws Exception {
        InetSocketAddress address = start(Fixtures.forwardAll(Fixtures.freePort(),
                Fixtures.group("tg", Fixtures.target(target.port()))),
                ProxyOptions.defaults(2).withRequestHeadTimeout(timeout));
        return client(address);
    }

    /** Sends an obs-folded (Ambiguous) request, then a compliant one on a second client connection. */
    private EchoTarget ambiguousThenCompliant(String mode) throws Exception {
        EchoTarget target = target("a");
        TargetGroup group = Fixtures.group("tg", Fixtures.target(target.port()));
        // one event loop: both client connections share one pool of target connections
        InetSocketAddress address = start(Fixtures.snapshot(1, Map.of("routing.http.desync_mitigation_mode", mode),
                Fixtures.listener(Fixtures.freePort(), Action.Forward.to(group.arn())), group),
                ProxyOptions.defaults(1));
        RawHttpClient first = client(address);
        first.send("GET / HTTP/1.1\r\nHost: h\r\nX-Folded: a\r\n b\r\n\r\n");
        assertThat(first.read().status()).isEqualTo(200);
        assertThat(first.closedByPeer()).as("client connection closed").isEqualTo(mode.equals("defensive"));

        assertThat(client(address).get("/").status()).isEqualTo(200);
        return target;
    }

    private String echoOf(Map<String, String> attributes) throws Exception {
        EchoTarget target = target("a");
        TargetGroup group = Fixtures.group("tg", Fixtures.target(target.port()));
        InetSocketAddress address = start(Fixtures.snapshot(1, attributes,
                Fixtures.listener(Fixtures.freePort(), Action.Forward.to(group.arn())), group));
        RawHttpClient client = client(address);
        client.send("GET / HTTP/1.1\r\nHost: h\r\nX-Valid-Name: 1\r\nX_Under_Score: 2\r\nX.Dot: 3\r\n\r\n");
        RawHttpClient.Response response = client.read();
        assertThat(response.status()).isEqualTo(200);
        return response.bodyText().toLowerCase();
    }
}
