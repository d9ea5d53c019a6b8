package dev.ballast.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ballast.core.model.Action;
import dev.ballast.core.model.ConfigSnapshot;
import dev.ballast.core.model.TargetGroup;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A new snapshot is swapped in live: open connections survive, the next request follows the new rules. */
class ProxyConfigSwapTest extends ProxyTestBase {

    @Test
    void liveConnectionsSurviveAndTheNextRequestIsRerouted() throws Exception {
        WebSocketEchoTarget wsTarget = new WebSocketEchoTarget();
        closeables.add(wsTarget);
        EchoTarget streamTarget = target("stream");
        int port = Fixtures.freePort();
        TargetGroup wsGroup = Fixtures.group("ws", Fixtures.target(wsTarget.port()));
        TargetGroup streamGroup = Fixtures.group("stream", Fixtures.target(streamTarget.port()));
        InetSocketAddress address = start(Fixtures.snapshot(1, Map.of(),
                Fixtures.listener(port, Action.Forward.to(wsGroup.arn())), wsGroup, streamGroup));

        // a WebSocket opened under revision 1
        WebSocketTestClient ws = new WebSocketTestClient(client(address));
        assertThat(ws.handshake("/ws").status()).isEqualTo(101);
        assertThat(proxy.boundAddress(Fixtures.LISTENER_ARN)).isEqualTo(address);

        // revision 2 sends everything to the streaming target; a long chunked response starts
        proxy.apply(Fixtures.snapshot(2, Map.of(), Fixtures.listener(port, Action.Forward.to(streamGroup.arn())),
                wsGroup, streamGroup));
        RawHttpClient streaming = client(address);
        streaming.send("GET /stream HTTP/1.1\r\nHost: h\r\n\r\n");
        assertThat(streamTarget.streamStarted.await(10, TimeUnit.SECONDS)).isTrue();
        streamTarget.releaseChunk("before;");
        RawHttpClient.Response head = streaming.readHead();
        assertThat(head.status()).isEqualTo(200);
        assertThat(readChunk(streaming)).isEqualTo("before;");

        // a keep-alive connection used under revision 2
        RawHttpClient keepAlive = client(address);
        assertThat(keepAlive.get("/").header("x-target")).isEqualTo("stream");

        // revision 3 answers with a fixed response and drops the WebSocket group entirely
        proxy.apply(Fixtures.snapshot(3, Map.of(), Fixtures.listener(port,
                new Action.FixedResponse(200, "text/plain", "revision 3")), streamGroup));

        // the same keep-alive connection follows the new rules for its next request
        RawHttpClient.Response rerouted = keepAlive.get("/");
        assertThat(rerouted.bodyText()).isEqualTo("revision 3");
        assertThat(client(address).get("/").bodyText()).isEqualTo("revision 3");
        // the WebSocket and the streaming response opened before keep working
        ws.sendText("still there");
        assertThat(ws.readText()).isEqualTo("echo:still there");
        streamTarget.releaseChunk("after;");
        assertThat(readChunk(streaming)).isEqualTo("after;");
        streamTarget.finishStream();
        assertThat(streaming.line()).isEqualTo("0");
        assertThat(proxy.boundAddress(Fixtures.LISTENER_ARN)).isEqualTo(address);
    }

    @Test
    void listenersAreBoundAndUnboundByDiff() throws Exception {
        EchoTarget target = target("a");
        TargetGroup group = Fixtures.group("tg", Fixtures.target(target.port()));
        int port = Fixtures.freePort();
        InetSocketAddress address = start(Fixtures.forwardAll(port, group));
        RawHttpClient open = client(address);
        assertThat(open.get("/").status()).isEqualTo(200);

        proxy.apply(new ConfigSnapshot(2, List.of(Fixtures.loadBalancer(Map.of())), List.of(), List.of(group)));

        assertThat(proxy.boundAddress(Fixtures.LISTENER_ARN)).isNull();
        assertThatThrownBy(() -> new RawHttpClient(address)).isInstanceOf(java.io.IOException.class);
        // the connection accepted before the listener went away still works
        assertThat(open.get("/").status()).isEqualTo(200);
    }

    @Test
    void failedBindKeepsThePreviousConfiguration() throws Exception {
        EchoTarget target = target("a");
        TargetGroup group = Fixtures.group("tg", Fixtures.target(target.port()));
        int port = Fixtures.freePort();
        InetSocketAddress address = start(Fixtures.forwardAll(port, group));
        ServerSocket taken = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
        closeables.add(taken);
        var second = new dev.ballast.core.model.Listener(Fixtures.LISTENER_ARN + "-2", Fixtures.LB_ARN,
                dev.ballast.core.model.Protocol.HTTP, taken.getLocalPort(),
                new Action.FixedResponse(200, "text/plain", "new"));
        var changedFirst = Fixtures.listener(port, new Action.FixedResponse(200, "text/plain", "changed"));

        assertThatThrownBy(() -> proxy.apply(new ConfigSnapshot(2, List.of(Fixtures.loadBalancer(Map.of())),
                List.of(changedFirst, second), List.of(group))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(Integer.toString(taken.getLocalPort()));

        assertThat(proxy.boundAddress(Fixtures.LISTENER_ARN + "-2")).isNull();
        assertThat(client(address).get("/").header("x-target")).isEqualTo("a");
    }

    private static String readChunk(RawHttpClient client) throws Exception {
        int size = Integer.parseInt(client.line().trim(), 16);
        InputStream in = client.input();
        String text = new String(in.readNBytes(size), StandardCharsets.UTF_8);
        client.line();
        return text;
    }
}
