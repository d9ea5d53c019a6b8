package dev.ballast.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.ballast.core.model.Target;
import dev.ballast.core.model.TargetGroup;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * A request whose target connection fails before any byte of the response arrived is replayed once when that is
 * safe (reused connection, or idempotent method; never once body bytes went out), against real targets that close
 * connections without answering.
 */
class ProxyRetryTest extends ProxyTestBase {
    private DroppingTarget dropping(String name, int dropNth) throws IOException {
        DroppingTarget target = new DroppingTarget(name, dropNth);
        closeables.add(target);
        return target;
    }

    /** A proxy forwarding to one group of {@code targets}. */
    private InetSocketAddress startWith(DroppingTarget... targets) {
        TargetGroup group = Fixtures.group("tg", Arrays.stream(targets)
                .map(t -> Fixtures.target(t.port())).toArray(Target[]::new));
        return start(Fixtures.forwardAll(Fixtures.freePort(), group));
    }

    @Test
    void pooledConnectionTheTargetClosedAsItWasReusedIsRetried() throws Exception {
        // The target answers the first request of a connection and closes the connection on the second one, as a
        // target whose keep-alive timeout fires just as the proxy reuses the connection.
        DroppingTarget target = dropping("only", 2);
        InetSocketAddress lb = startWith(target);
        RawHttpClient client = client(lb);

        assertThat(client.get("/first").bodyText()).isEqualTo("only");
        RawHttpClient.Response second = client.get("/second");
        assertThat(second.status()).isEqualTo(200);
        assertThat(second.bodyText()).isEqualTo("only");
        // a POST without a body byte is as safe to replay on a reused connection: the target never saw it
        RawHttpClient.Response post = client.send("POST /third HTTP/1.1\r\nHost: test.example\r\n"
                + "Content-Length: 0\r\n\r\n").read();
        assertThat(post.status()).isEqualTo(200);

        assertThat(target.received()).extracting(DroppingTarget.Received::path, DroppingTarget.Received::dropped)
                .containsExactly(tuple("/first", false),
                        tuple("/second", true),
                        tuple("/second", false),
                        tuple("/third", true),
                        tuple("/third", false));
        assertThat(proxy.counters().get("backend.reused_connection_retried")).isEqualTo(2);
    }

    @Test
    void nonIdempotentRequestWhoseBodyWasSentIsNotRetried() throws Exception {
        DroppingTarget target = dropping("only", 2);
        InetSocketAddress lb = startWith(target);
        RawHttpClient client = client(lb);
        assertThat(client.get("/first").status()).isEqualTo(200);

        RawHttpClient.Response post = client.send("POST /order HTTP/1.1\r\nHost: test.example\r\n"
                + "Content-Length: 5\r\n\r\nhello").read();

        assertThat(post.status()).isEqualTo(502);
        assertThat(target.received().stream().filter(r -> r.method().equals("POST")).toList())
                .containsExactly(new DroppingTarget.Received("POST", "/order", "hello", 2, true));
        assertThat(proxy.counters().get("backend.reused_connection_retried")).isZero();
        assertThat(proxy.counters().get("backend.request_retried")).isZero();
    }

    @Test
    void idempotentRequestDroppedOnANewConnectionGoesToAnotherTarget() throws Exception {
        DroppingTarget dying = dropping("dying", 0);
        DroppingTarget healthy = dropping("healthy", -1);
        InetSocketAddress lb = startWith(dying, healthy);

        for (int i = 0; i < 6; i++) {
            RawHttpClient client = client(lb);
            RawHttpClient.Response response = client.get("/get-" + i);
            assertThat(response.status()).as("GET %d", i).isEqualTo(200);
            assertThat(response.bodyText()).isEqualTo("healthy");
        }
        assertThat(dying.received()).isNotEmpty().allMatch(DroppingTarget.Received::dropped);
        assertThat(proxy.counters().get("backend.request_retried")).isEqualTo(dying.received().size());

    }

    @Test
    void nonIdempotentRequestDroppedOnANewConnectionIsNotRetried() throws Exception {
        // Not idempotent, on a new connection: the dying target may have acted on it, so it is not replayed.
        DroppingTarget dying = dropping("dying", 0);
        InetSocketAddress lb = startWith(dying);
        RawHttpClient.Response response = client(lb).send("POST /pay HTTP/1.1\r\nHost: test.example\r\n"
                + "Content-Length: 0\r\n\r\n").read();
        assertThat(response.status()).isEqualTo(502);
        assertThat(dying.received()).containsExactly(new DroppingTarget.Received("POST", "/pay", "", 1, true));
    }
}
