package dev.ballast.proxy.l4;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.core.model.Protocol;
import dev.ballast.core.model.Target;
import dev.ballast.proxy.Await;
import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class UdpListenerTest {
    /**
     * A clock the test moves by hand, for the UDP idle timeout. It counts how often it is read, so the test can
     * tell when the listener's idle sweep (the only reader while no datagram arrives) has run at a new time.
     */
    static final class MovableClock extends Clock {
        final AtomicReference<Instant> now = new AtomicReference<>(Instant.now());
        final AtomicLong reads = new AtomicLong();

        @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(java.time.ZoneId zone) { return this; }

        @Override
        public Instant instant() {
            reads.incrementAndGet();
            return now.get();
        }

        void advance(Duration d) {
            now.updateAndGet(i -> i.plus(d));
        }

        /**
         * Waits until the clock was read twice after this call. Sweeps run one after another on the listener's
         * event loop, so the sweep that made the first read has finished when the second read happens.
         */
        void awaitOneSweep() {
            long seen = reads.get();
            Await.until("an idle sweep at " + now.get(), Duration.ofSeconds(10), () -> reads.get() >= seen + 2);
        }
    }

    private final MovableClock clock = new MovableClock();
    private final L4Fixture nlb = new L4Fixture(clock);
    private final List<UdpTestTarget> targets = new ArrayList<>();
    private final List<DatagramSocket> clients = new ArrayList<>();

    @AfterEach
    void close() {
        clients.forEach(DatagramSocket::close);
        nlb.close();
        targets.forEach(UdpTestTarget::close);
    }

    private List<Target> start(boolean proxyProtocol, String... names) throws IOException {
        for (String name : names) {
            targets.add(new UdpTestTarget(name, proxyProtocol));
        }
        return targets.stream().map(t -> L4Fixture.target(t.port())).toList();
    }

    private DatagramSocket client() throws IOException {
        DatagramSocket s = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
        s.setSoTimeout(5000);
        clients.add(s);
        return s;
    }

    private void send(DatagramSocket s, String payload) throws IOException {
        byte[] b = payload.getBytes(StandardCharsets.UTF_8);
        s.send(new DatagramPacket(b, b.length, nlb.address()));
    }

    /** Receives one answer; checks that it comes from the listener's address. */
    private String receive(DatagramSocket s) throws IOException {
        byte[] buf = new byte[2048];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        s.receive(p);
        assertThat(p.getSocketAddress()).isEqualTo(nlb.address());
        return new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8);
    }

    @Test
    void twoHundredConcurrentFlowsEachStickToOneTarget() throws Exception {
        nlb.protocol = Protocol.UDP;
        nlb.publish(start(false, "a", "b", "c"));
        List<DatagramSocket> flows = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            flows.add(client());
        }
        Map<Integer, String> targetOfFlow = new HashMap<>();
        for (int round = 0; round < 5; round++) {
            for (int i = 0; i < flows.size(); i++) {
                send(flows.get(i), "f" + i + "r" + round); // every flow has a datagram in flight at once
            }
            for (int i = 0; i < flows.size(); i++) {
                String answer = receive(flows.get(i));
                String name = answer.substring(0, answer.indexOf(':'));
                assertThat(answer).isEqualTo(name + ":f" + i + "r" + round);
                assertThat(targetOfFlow.computeIfAbsent(i, k -> name)).as("flow %d", i).isEqualTo(name);
            }
        }
        Map<String, Integer> perTarget = new HashMap<>();
        targetOfFlow.values().forEach(n -> perTarget.merge(n, 1, Integer::sum));
        assertThat(perTarget.keySet()).containsExactlyInAnyOrder("a", "b", "c");
        perTarget.values().forEach(n -> assertThat(n).isGreaterThan(30));
        // One socket towards a target per flow.
        assertThat(targets.stream().mapToInt(t -> t.senders.size()).sum()).isEqualTo(200);
        assertThat(nlb.proxy.counters().get("l4.udp.flow_opened")).isEqualTo(200);
    }

    @Test
    void idleFlowIsForgottenAfter120Seconds() throws Exception {
        nlb.protocol = Protocol.UDP;
        nlb.publish(start(false, "a"));
        DatagramSocket s = client();
        send(s, "one");
        assertThat(receive(s)).isEqualTo("a:one");
        clock.advance(Duration.ofSeconds(119));
        clock.awaitOneSweep(); // a sweep saw the flow idle for 119 s: not yet expired
        assertThat(nlb.proxy.counters().get("l4.udp.flow_expired")).isZero();
        clock.advance(Duration.ofSeconds(2));
        Await.until("the idle flow expired", Duration.ofSeconds(10),
                () -> nlb.proxy.counters().get("l4.udp.flow_expired") > 0);
        assertThat(nlb.proxy.counters().get("l4.udp.flow_expired")).isEqualTo(1);
        send(s, "two"); // a new flow, with a new socket towards the target
        assertThat(receive(s)).isEqualTo("a:two");
        assertThat(targets.get(0).senders).hasSize(2);
    }

    @Test
    void proxyProtocolV2HeaderInEveryDatagram() throws Exception {
        nlb.protocol = Protocol.UDP;
        nlb.groupAttributes.put("proxy_protocol_v2.enabled", "true");
        nlb.publish(start(true, "a"));
        DatagramSocket s = client();
        send(s, "x");
        assertThat(receive(s)).isEqualTo("a:x");
        send(s, "y");
        assertThat(receive(s)).isEqualTo("a:y");
        assertThat(targets.get(0).headers).hasSize(2).allSatisfy(h -> {
            assertThat(h.command()).isEqualTo(1);
            assertThat(h.family()).isEqualTo(1);
            assertThat(h.transport()).isEqualTo(2);
            assertThat(h.source()).isEqualTo(s.getLocalSocketAddress());
            assertThat(h.destination()).isEqualTo(nlb.address());
        });
    }

    @Test
    void tcpUdpListenerServesBothOnOnePort() throws Exception {
        nlb.protocol = Protocol.TCP_UDP;
        UdpTestTarget udp = new UdpTestTarget("u", false);
        targets.add(udp);
        // The same port serves TCP at the target too.
        try (TcpTestTarget tcp = new TcpTestTarget("t", TcpTestTarget.Mode.ECHO, false);
             UdpTestTarget udpOnTcpPort = new UdpTestTarget("u", false, tcp.port())) {
            nlb.publish(List.of(L4Fixture.target(tcp.port())));
            DatagramSocket s = client();
            send(s, "datagram");
            assertThat(receive(s)).isEqualTo("u:datagram");
            try (Socket c = new Socket()) {
                c.connect(nlb.address(), 5000);
                c.setSoTimeout(5000);
                InputStream in = c.getInputStream();
                byte[] line = new byte[2];
                assertThat(in.readNBytes(line, 0, 2)).isEqualTo(2);
                assertThat(new String(line, StandardCharsets.UTF_8)).isEqualTo("t\n");
            }
        }
    }

    @Test
    void configurationChangeKeepsFlowsOnTheirTarget() throws Exception {
        nlb.protocol = Protocol.UDP;
        List<Target> two = start(false, "a", "b");
        nlb.publish(two);
        List<DatagramSocket> flows = new ArrayList<>();
        Map<Integer, String> before = new HashMap<>();
        for (int i = 0; i < 20; i++) {
            DatagramSocket s = client();
            flows.add(s);
            send(s, "x");
            String answer = receive(s);
            before.put(i, answer.substring(0, answer.indexOf(':')));
        }
        nlb.publish(start(false, "c")); // a third target: new flows may go there, live ones stay
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < flows.size(); i++) {
            send(flows.get(i), "y");
            String answer = receive(flows.get(i));
            seen.add(answer);
            assertThat(answer).isEqualTo(before.get(i) + ":y");
        }
        assertThat(seen).isNotEmpty();
    }
}
