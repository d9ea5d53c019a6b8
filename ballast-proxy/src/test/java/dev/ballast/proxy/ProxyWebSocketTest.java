package dev.ballast.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/** A WebSocket upgrade is forwarded and becomes a byte tunnel after the target's 101. */
class ProxyWebSocketTest extends ProxyTestBase {

    @Test
    void echoesThroughTheProxy() throws Exception {
        WebSocketEchoTarget target = new WebSocketEchoTarget();
        closeables.add(target);
        InetSocketAddress address = start(Fixtures.forwardAll(Fixtures.freePort(),
                Fixtures.group("tg", Fixtures.target(target.port()))));
        RawHttpClient http = client(address);
        WebSocketTestClient ws = new WebSocketTestClient(http);

        RawHttpClient.Response handshake = ws.handshake("/ws");

        assertThat(handshake.status()).isEqualTo(101);
        assertThat(handshake.header("upgrade")).isEqualToIgnoringCase("websocket");
        assertThat(handshake.header("sec-websocket-accept")).isEqualTo("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
        for (int i = 0; i < 20; i++) {
            ws.sendText("hello " + i);
            assertThat(ws.readText()).isEqualTo("echo:hello " + i);
        }
        assertThat(proxy.counters().get("websocket.upgraded")).isEqualTo(1);
    }
}
