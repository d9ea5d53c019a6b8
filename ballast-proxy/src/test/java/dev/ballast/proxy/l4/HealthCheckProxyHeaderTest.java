package dev.ballast.proxy.l4;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.core.health.ProbeResult;
import dev.ballast.core.model.HealthCheck;
import dev.ballast.core.model.Protocol;
import dev.ballast.proxy.health.HealthProber;
import dev.ballast.proxy.health.ProbeSpec;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class HealthCheckProxyHeaderTest {
    private final EventLoopGroup loops = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final HealthProber prober = new HealthProber(loops);

    @AfterEach
    void close() {
        loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void tcpProbeSendsTheLocalHeader() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<ProxyHeader> seen = CompletableFuture.supplyAsync(() -> {
                try (Socket s = server.accept()) {
                    return ProxyHeader.read(new DataInputStream(s.getInputStream()));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            ProbeSpec spec = new ProbeSpec("tg", L4Fixture.target(server.getLocalPort()),
                    HealthCheck.networkDefaults(Protocol.TCP), true);
            assertThat(prober.probe(spec).get(10, TimeUnit.SECONDS)).isEqualTo(ProbeResult.pass());
            ProxyHeader header = seen.get(10, TimeUnit.SECONDS);
            assertThat(header.local()).isTrue();
            assertThat(header.family()).isZero();
        }
    }

    @Test
    void httpProbeSendsTheLocalHeaderThenTheRequestAndAccepts302() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<String> requestLine = CompletableFuture.supplyAsync(() -> {
                try (Socket s = server.accept()) {
                    InputStream in = s.getInputStream();
                    ProxyHeader header = ProxyHeader.read(new DataInputStream(in));
                    StringBuilder line = new StringBuilder();
                    int c;
                    while ((c = in.read()) != '\r') {
                        line.append((char) c);
                    }
                    OutputStream out = s.getOutputStream();
                    out.write("HTTP/1.1 302 Found\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    return (header.local() ? "LOCAL " : "PROXY ") + line;
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            ProbeSpec spec = new ProbeSpec("tg", L4Fixture.target(server.getLocalPort()),
                    HealthCheck.networkDefaults(Protocol.HTTP), true);
            // A network group's HTTP check accepts 200-399 unless told otherwise.
            assertThat(prober.probe(spec).get(10, TimeUnit.SECONDS)).isEqualTo(ProbeResult.pass());
            assertThat(requestLine.get(10, TimeUnit.SECONDS)).isEqualTo("LOCAL GET / HTTP/1.1");
        }
    }
}
