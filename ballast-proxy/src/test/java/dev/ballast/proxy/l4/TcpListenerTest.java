package dev.ballast.proxy.l4;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ballast.core.model.Target;
import dev.ballast.proxy.Await;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class TcpListenerTest {
    private final L4Fixture nlb = new L4Fixture();
    private final List<TcpTestTarget> targets = new java.util.ArrayList<>();

    @AfterEach
    void close() throws IOException {
        nlb.close();
        for (TcpTestTarget t : targets) {
            t.close();
        }
    }

    private TcpTestTarget start(String name, TcpTestTarget.Mode mode, boolean proxyProtocol) throws IOException {
        TcpTestTarget t = new TcpTestTarget(name, mode, proxyProtocol);
        targets.add(t);
        return t;
    }

    private List<Target> registered() {
        return targets.stream().map(t -> L4Fixture.target(t.port())).toList();
    }

    private Socket connect() throws IOException {
        return connectFrom(null);
    }

    private Socket connectFrom(String localAddress) throws IOException {
        Socket s = new Socket();
        if (localAddress != null) {
            s.bind(new InetSocketAddress(localAddress, 0));
        }
        s.connect(nlb.address(), 5000);
        s.setSoTimeout(20_000);
        return s;
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        int c;
        while ((c = in.read()) != '\n') {
            if (c < 0) {
                throw new IOException("closed after '" + b + "'");
            }
            b.append((char) c);
        }
        return b.toString();
    }

    @Test
    void streamsManyMegabytesBothWaysIntact() throws Exception {
        start("a", TcpTestTarget.Mode.ECHO, false);
        nlb.publish(registered());
        byte[] payload = new byte[32 * 1024 * 1024];
        new Random(7).nextBytes(payload);
        try (Socket s = connect()) {
            InputStream in = s.getInputStream();
            assertThat(readLine(in)).isEqualTo("a");
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                try {
                    OutputStream out = s.getOutputStream();
                    for (int off = 0; off < payload.length; off += 65536) {
                        out.write(payload, off, 65536);
                    }
                    s.shutdownOutput();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[65536];
            long total = 0;
            int n;
            while ((n = in.read(buf)) > 0) {
                digest.update(buf, 0, n);
                total += n;
            }
            writer.get(30, TimeUnit.SECONDS);
            assertThat(total).isEqualTo(payload.length);
            assertThat(digest.digest()).isEqualTo(MessageDigest.getInstance("SHA-256").digest(payload));
        }
    }

    /**
     * After the client's half-close the target sends more than the client's small receive window takes at once, so
     * the relay must wait for the client to drain: the whole answer arrives (epoll: the half-closed socket's
     * interest set was empty once, and waiting to write needs it again).
     */
    @Test
    void halfClosedClientStillReceivesALongAnswer() throws Exception {
        start("a", TcpTestTarget.Mode.COLLECT_THEN_FLOOD, false);
        nlb.publish(registered());
        try (Socket s = new Socket()) {
            s.setReceiveBufferSize(4096);
            s.connect(nlb.address(), 5000);
            s.setSoTimeout(20_000);
            s.getOutputStream().write("request".getBytes(StandardCharsets.US_ASCII));
            s.shutdownOutput();
            InputStream in = s.getInputStream();
            byte[] buf = new byte[65536];
            long total = 0;
            int n;
            while ((n = in.read(buf)) > 0) {
                for (int i = 0; i < n; i++) {
                    if (buf[i] != (byte) ((total + i) % 251)) {
                        throw new AssertionError("byte " + (total + i) + " differs");
                    }
                }
                total += n;
            }
            assertThat(total).isEqualTo(TcpTestTarget.FLOOD_BYTES);
        }
    }

    @Test
    void halfCloseReachesTheTargetWhichStillAnswers() throws Exception {
        start("a", TcpTestTarget.Mode.COLLECT_THEN_ANSWER, false);
        nlb.publish(registered());
        try (Socket s = connect()) {
            s.getOutputStream().write(new byte[100_000]);
            s.shutdownOutput(); // FIN towards the target; our read side stays open
            String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(answer).isEqualTo("a:100000");
        }
    }

    @Test
    void eachConnectionStaysOnItsTargetAndFlowsSpreadOverAll() throws Exception {
        for (String name : List.of("a", "b", "c")) {
            start(name, TcpTestTarget.Mode.ECHO, false);
        }
        nlb.publish(registered());
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < 60; i++) {
            try (Socket s = connect()) {
                InputStream in = s.getInputStream();
                String name = readLine(in);
                counts.merge(name, 1, Integer::sum);
                OutputStream out = s.getOutputStream();
                for (int round = 0; round < 3; round++) {
                    out.write(("ping" + round + "\n").getBytes(StandardCharsets.UTF_8));
                    assertThat(readLine(in)).isEqualTo("ping" + round);
                }
            }
        }
        assertThat(counts.keySet()).containsExactlyInAnyOrder("a", "b", "c");
    }

    @Test
    void sourceIpStickinessSendsEveryConnectionOfAClientToOneTarget() throws Exception {
        for (String name : List.of("a", "b", "c")) {
            start(name, TcpTestTarget.Mode.ECHO, false);
        }
        nlb.groupAttributes.put("stickiness.enabled", "true");
        nlb.publish(registered());
        Map<String, String> targetOfClient = new HashMap<>();
        for (int client = 1; client <= 8; client++) {
            String source = "127.0.0." + client;
            for (int i = 0; i < 5; i++) {
                try (Socket s = connectFrom(source)) {
                    String name = readLine(s.getInputStream());
                    assertThat(targetOfClient.computeIfAbsent(source, k -> name)).as(source).isEqualTo(name);
                }
            }
        }
        assertThat(new java.util.HashSet<>(targetOfClient.values())).hasSizeGreaterThan(1);
    }

    @Test
    void aGroupWithoutTargetsResetsTheConnection() throws Exception {
        nlb.publish(List.of());
        // The reset can arrive before connect() returns (it then reports it) or on the first read.
        assertThatThrownBy(() -> {
            try (Socket s = connect()) {
                if (s.getInputStream().read() < 0) {
                    throw new SocketException("closed");
                }
            }
        }).isInstanceOf(SocketException.class);
        assertThat(nlb.proxy.counters().get("l4.tcp.no_target")).isEqualTo(1);
    }

    @Test
    void idleConnectionIsResetAfterTheListenersIdleTimeout() throws Exception {
        start("a", TcpTestTarget.Mode.ECHO, false);
        // The API and the file keep this in 60-6000 s; the data plane applies whatever the snapshot says.
        nlb.listenerAttributes.put("tcp.idle_timeout.seconds", "1");
        nlb.publish(registered());
        try (Socket s = connect()) {
            InputStream in = s.getInputStream();
            assertThat(readLine(in)).isEqualTo("a");
            long start = System.nanoTime();
            assertThatThrownBy(() -> in.read()).isInstanceOf(SocketException.class)
                    .hasMessageContaining("reset");
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isBetween(700L, 5000L);
        }
        assertThat(nlb.proxy.counters().get("l4.tcp.idle_reset")).isEqualTo(1);
    }

    @Test
    void closedConnectionsLeaveTheActiveCountsAndTheFlowRegistry() throws Exception {
        TcpTestTarget target = start("a", TcpTestTarget.Mode.ECHO, false);
        nlb.publish(registered());
        var metrics = nlb.proxy.metrics().loadBalancers().stream()
                .filter(m -> m.loadBalancerArn().equals(L4Fixture.LB)).findFirst().orElseThrow();
        Target registeredTarget = L4Fixture.target(target.port());
        List<Socket> open = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < 5; i++) {
                Socket s = connect();
                open.add(s);
                assertThat(readLine(s.getInputStream())).isEqualTo("a");
            }
            Await.until("5 open flows", Duration.ofSeconds(10),
                    () -> metrics.activeConnections() == 5 && nlb.proxy.networkListeners()
                            .openFlows(L4Fixture.GROUP, registeredTarget) == 5);
        } finally {
            for (Socket s : open) {
                s.close();
            }
        }

        Await.until("no open flow", Duration.ofSeconds(10),
                () -> metrics.activeConnections() == 0 && nlb.proxy.networkListeners()
                        .openFlows(L4Fixture.GROUP, registeredTarget) == 0);
        assertThat(metrics.newConnections()).isEqualTo(5);
    }

    @Test
    void activeConnectionOutlivesTheIdleTimeout() throws Exception {
        start("a", TcpTestTarget.Mode.ECHO, false);
        nlb.listenerAttributes.put("tcp.idle_timeout.seconds", "1");
        nlb.publish(registered());
        try (Socket s = connect()) {
            InputStream in = s.getInputStream();
            readLine(in);
            // Echo round trips back to back for 2.5 idle timeouts: the connection is never idle, so never reset.
            long start = System.nanoTime();
            int i = 0;
            while (System.nanoTime() - start < TimeUnit.MILLISECONDS.toNanos(2500)) {
                s.getOutputStream().write(("x" + i + "\n").getBytes(StandardCharsets.UTF_8));
                assertThat(readLine(in)).isEqualTo("x" + i);
                i++;
            }
        }
    }

    @Test
    void proxyProtocolV2HeaderCarriesTheClientAndListenerAddresses() throws Exception {
        TcpTestTarget target = start("a", TcpTestTarget.Mode.ECHO, true);
        nlb.groupAttributes.put("proxy_protocol_v2.enabled", "true");
        nlb.publish(registered());
        try (Socket s = connectFrom("127.0.0.7")) {
            assertThat(readLine(s.getInputStream())).isEqualTo("a");
            ProxyHeader header = target.headers.get(0);
            assertThat(header.command()).isEqualTo(1);
            assertThat(header.family()).isEqualTo(1);
            assertThat(header.transport()).isEqualTo(1);
            assertThat(header.source()).isEqualTo(new InetSocketAddress("127.0.0.7", s.getLocalPort()));
            assertThat(header.destination()).isEqualTo(nlb.address());
        }
    }

    @Test
    void configurationChangesKeepLiveConnections() throws Exception {
        start("a", TcpTestTarget.Mode.ECHO, false);
        nlb.publish(registered());
        try (Socket s = connect()) {
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            assertThat(readLine(in)).isEqualTo("a");
            start("b", TcpTestTarget.Mode.ECHO, false);
            nlb.groupAttributes.put("stickiness.enabled", "true");
            nlb.listenerAttributes.put("tcp.idle_timeout.seconds", "120");
            nlb.publish(registered()); // a second target, new attributes
            out.write("still here\n".getBytes(StandardCharsets.UTF_8));
            assertThat(readLine(in)).isEqualTo("still here");
        }
    }

    @Test
    void deregistrationWithConnectionTerminationResetsAtTheEndOfTheDelay() throws Exception {
        start("a", TcpTestTarget.Mode.ECHO, false);
        nlb.groupAttributes.put("deregistration_delay.timeout_seconds", "1");
        nlb.groupAttributes.put("deregistration_delay.connection_termination.enabled", "true");
        nlb.publish(registered());
        try (Socket s = connect()) {
            InputStream in = s.getInputStream();
            assertThat(readLine(in)).isEqualTo("a");
            nlb.publish(List.of());
            // Draining: the connection still works during the delay.
            s.getOutputStream().write("during\n".getBytes(StandardCharsets.UTF_8));
            assertThat(readLine(in)).isEqualTo("during");
            assertThatThrownBy(() -> {
                while (in.read() >= 0) {
                    // nothing else is sent; wait for the cut
                }
                throw new SocketException("closed without reset");
            }).isInstanceOf(SocketException.class).hasMessageContaining("reset");
        }
        assertThat(nlb.proxy.counters().get("l4.tcp.terminated")).isEqualTo(1);
    }

    @Test
    void deregistrationWithoutConnectionTerminationLetsConnectionsFinish() throws Exception {
        start("a", TcpTestTarget.Mode.ECHO, false);
        nlb.groupAttributes.put("deregistration_delay.timeout_seconds", "1");
        nlb.publish(registered());
        Target a = registered().get(0);
        try (Socket s = connect()) {
            InputStream in = s.getInputStream();
            assertThat(readLine(in)).isEqualTo("a");
            nlb.publish(List.of());
            Await.until("the deregistration delay of " + a + " ended", Duration.ofSeconds(10),
                    () -> nlb.tracker.view().group(L4Fixture.GROUP).descriptions().stream()
                            .noneMatch(d -> d.target().equals(a)));
            s.getOutputStream().write("after\n".getBytes(StandardCharsets.UTF_8));
            assertThat(readLine(in)).isEqualTo("after");
        }
        assertThat(nlb.proxy.counters().get("l4.tcp.terminated")).isZero();
    }

    @Test
    void refusedTargetResetsTheClient() throws Exception {
        int closedPort = L4Fixture.freePort();
        nlb.publish(List.of(L4Fixture.target(closedPort)));
        // The reset can reach the client while its connect() is still finishing (the refusal takes microseconds
        // on loopback), so connecting is part of what may throw.
        assertThatThrownBy(() -> {
            try (Socket s = connect()) {
                if (s.getInputStream().read() < 0) {
                    throw new SocketException("closed");
                }
            }
        }).isInstanceOf(SocketException.class);
        assertThat(nlb.proxy.counters().get("l4.tcp.connect_failed")).isEqualTo(1);
    }

    static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);
        return out.toByteArray();
    }

    static ProxyHeader header(byte[] bytes) throws IOException {
        return ProxyHeader.read(new DataInputStream(new java.io.ByteArrayInputStream(bytes)));
    }

    static InetAddress loopback() {
        return InetAddress.getLoopbackAddress();
    }
}
