package dev.ballast.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2FrameTypes;
import io.netty.handler.codec.http2.Http2Settings;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * HTTP/2 attacks from real hostile clients ({@link RawHttp2Client}): each is cut off with GOAWAY or a close after a
 * bounded amount of work, and the load balancer keeps serving other clients (curl) meanwhile.
 */
class Http2AttackTest extends Http2TestBase {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void rapidResetIsCutOffWithEnhanceYourCalm() throws Exception {
        InetSocketAddress address = httpsToOneTarget();
        int attempted = 0;
        try (RawHttp2Client attacker = new RawHttp2Client(address).startReading()) {
            attacker.settings(new Http2Settings()).flush();
            try {
                for (int i = 0; i < 5_000 && !attacker.closedByServer.get(); i++) {
                    int stream = 2 * i + 1;
                    attacker.get(stream, "/").reset(stream);
                    attempted++;
                    if (i % 50 == 49) {
                        attacker.flush();
                    }
                }
                attacker.flush();
            } catch (IOException closed) {
                // the server closed the connection while the attack was being written: expected
            }
            Await.until("GOAWAY and close after the rapid resets", WAIT, attacker.closedByServer::get);
            assertThat(attacker.goAwayError.get()).isEqualTo((int) Http2Error.ENHANCE_YOUR_CALM.code());
        }
        // at most the allowed resets (and the streams open beside them) ever became requests
        assertThat(proxy.counters().get("client.h2.stream.opened"))
                .isLessThanOrEqualTo(Http2FrontendCodec.MAX_RST_PER_WINDOW + Http2FrontendCodec.MAX_CONCURRENT_STREAMS);
        assertThat(attempted).isGreaterThan(Http2FrontendCodec.MAX_RST_PER_WINDOW);
        assertOneConnectionErrorAndOthersServed();
    }

    @Test
    void continuationFloodIsCutOffAtTheHeaderListLimit() throws Exception {
        InetSocketAddress address = httpsToOneTarget();
        byte[] fields = literalFields(16 * 1024);
        long floodBytes = 4_000L * fields.length; // 64 MB of one header block, if nobody stopped it
        try (RawHttp2Client attacker = new RawHttp2Client(address).startReading()) {
            attacker.settings(new Http2Settings()).openHeaderBlock(1).flush();
            try {
                for (int i = 0; i < 4_000 && !attacker.closedByServer.get(); i++) {
                    attacker.frame(Http2FrameTypes.CONTINUATION, 1, (short) 0, Unpooled.wrappedBuffer(fields)).flush();
                }
            } catch (IOException closed) {
                // expected: the server closed the connection
            }
            Await.until("GOAWAY and close during the CONTINUATION flood", WAIT, attacker.closedByServer::get);
            assertThat(attacker.goAwayError.get()).isEqualTo((int) Http2Error.PROTOCOL_ERROR.code());
            // cut off long before the flood's end: the block is never held beyond the header list limit
            assertThat(attacker.sentBytes()).isLessThan(floodBytes / 4);
        }
        assertThat(proxy.counters().get("client.h2.stream.opened")).isZero();
        assertOneConnectionErrorAndOthersServed();
    }

    @Test
    void pingAndSettingsFloodFromAClientThatDoesNotReadIsCutOff() throws Exception {
        InetSocketAddress address = httpsToOneTarget();
        boolean cutOff = false;
        // no reader: the acknowledgements pile up on the server until its control-frame queue limit
        try (RawHttp2Client attacker = new RawHttp2Client(address)) {
            attacker.settings(new Http2Settings()).flush();
            for (int i = 0; i < 100; i++) {
                attacker.ping(i).settings(new Http2Settings().maxConcurrentStreams(100));
            }
            byte[] burst = attacker.take(); // framed once by Netty's writer, sent as often as it takes
            try {
                for (int i = 0; i < 20_000; i++) {
                    attacker.write(burst);
                }
            } catch (IOException closed) {
                cutOff = true;
            }
        }
        assertThat(cutOff).as("the server closed the flooding connection").isTrue();
        assertThat(curlStatus("/")).isEqualTo("200 2");
    }

    @Test
    void zeroWindowHoldStallsTheTargetUntilTheIdleTimeoutEndsStreamAndConnection() throws Exception {
        EchoTarget target = target("t1");
        InetSocketAddress address = https(Map.of("idle_timeout.timeout_seconds", "1"), List.of(),
                Fixtures.group("tg", Fixtures.target(target.port())));
        long size = 256L * 1024 * 1024;
        try (RawHttp2Client holder = new RawHttp2Client(address).startReading()) {
            // a window of 0: the server may send headers but not one byte of body, and the client never opens it
            holder.settings(new Http2Settings().initialWindowSize(0)).get(1, "/download?bytes=" + size).flush();
            Await.until("the stream reset by the idle timeout", WAIT, () -> holder.resetStreams.get() == 1);
            Await.until("the idle connection closed", WAIT, holder.closedByServer::get);
            assertThat(holder.goAwayError.get()).isEqualTo((int) Http2Error.NO_ERROR.code());
        }
        // the target was held back by the stalled stream, not read into memory
        assertThat(target.downloadWritten.get()).isLessThan(size / 4);
        assertThat(proxy.counters().get("client.idle_timeout")).isEqualTo(1);
        assertThat(proxy.counters().get("client.h2.idle_timeout")).isEqualTo(1);
    }

    private InetSocketAddress httpsToOneTarget() throws Exception {
        return https(Fixtures.group("tg", Fixtures.target(target("t1").port())));
    }

    /** The attack ended in one connection error, and another client is served by the same listener. */
    private void assertOneConnectionErrorAndOthersServed() {
        assertThat(proxy.counters().get("client.h2.connection_error")).isEqualTo(1);
        assertThat(curlStatus("/")).isEqualTo("200 2");
    }

    /** HPACK literal header fields without indexing ({@code x-flood: aaa...}) filling about {@code size} bytes. */
    private static byte[] literalFields(int size) {
        byte[] name = "x-flood".getBytes(StandardCharsets.US_ASCII);
        int valueLength = 100;
        int fieldLength = 3 + name.length + valueLength;
        ByteBuf buf = Unpooled.buffer(size);
        for (int i = 0; i + fieldLength <= size; i += fieldLength) {
            buf.writeByte(0x00).writeByte(name.length).writeBytes(name).writeByte(valueLength);
            for (int j = 0; j < valueLength; j++) {
                buf.writeByte('a');
            }
        }
        byte[] bytes = new byte[buf.readableBytes()];
        buf.readBytes(bytes);
        return bytes;
    }
}
