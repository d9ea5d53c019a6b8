package dev.ballast.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/** The client half of RFC 6455 on a raw socket: the upgrade handshake and short masked text frames. */
final class WebSocketTestClient {
    private final RawHttpClient http;

    WebSocketTestClient(RawHttpClient http) {
        this.http = http;
    }

    /** Sends the upgrade request for {@code path} and returns the response head. */
    RawHttpClient.Response handshake(String path) throws IOException {
        http.send("GET " + path + " HTTP/1.1\r\nHost: ws.example\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");
        return http.read();
    }

    void sendText(String text) throws IOException {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        if (payload.length > 125) {
            throw new IllegalArgumentException("short frames only");
        }
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        OutputStream out = http.output();
        out.write(0x81);
        out.write(0x80 | payload.length);
        out.write(mask);
        for (int i = 0; i < payload.length; i++) {
            out.write(payload[i] ^ mask[i % 4]);
        }
        out.flush();
    }

    String readText() throws IOException {
        InputStream in = http.input();
        int opcode = in.read();
        if (opcode != 0x81) {
            throw new IOException("expected a text frame, got " + opcode);
        }
        int length = in.read() & 0x7f;
        if (length >= 126) {
            throw new IOException("short frames only");
        }
        return new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }
}
