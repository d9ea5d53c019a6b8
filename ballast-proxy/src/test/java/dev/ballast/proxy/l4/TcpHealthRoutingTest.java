package dev.ballast.proxy.l4;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.core.health.TargetHealthState;
import dev.ballast.core.model.HealthCheck;
import dev.ballast.core.model.Protocol;
import dev.ballast.core.model.Target;
import dev.ballast.proxy.Await;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Health checks decide where new TCP connections go (AWS's minimum interval, 5 s: each test takes ~10 s). */
@Timeout(60)
class TcpHealthRoutingTest {
    private final L4Fixture nlb = new L4Fixture();
    private TcpTestTarget a;
    private TcpTestTarget b;

    @AfterEach
    void close() throws IOException {
        nlb.close();
        a.close();
        b.close();
    }

    private void waitFor(Target target, TargetHealthState state) {
        Await.until(target + " " + state, Duration.ofSeconds(30),
                () -> nlb.tracker.view().health(L4Fixture.GROUP, target).state() == state);
    }

    private Map<String, Integer> connectMany(int n) throws IOException {
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < n; i++) {
            try (Socket s = new Socket()) {
                s.connect(nlb.address(), 5000);
                s.setSoTimeout(5000);
                InputStream in = s.getInputStream();
                int c = in.read(); // the target's name, or -1 / reset for a target that refused
                counts.merge(c < 0 ? "refused" : String.valueOf((char) c), 1, Integer::sum);
            } catch (java.net.SocketException reset) {
                counts.merge("refused", 1, Integer::sum);
            }
        }
        return counts;
    }

    @Test
    void unhealthyTargetGetsNoNewConnections() throws Exception {
        a = new TcpTestTarget("a", TcpTestTarget.Mode.ECHO, false);
        b = new TcpTestTarget("b", TcpTestTarget.Mode.ECHO, false);
        Target down = L4Fixture.target(L4Fixture.freePort()); // nothing listens there
        nlb.healthCheck = new HealthCheck(true, Protocol.TCP, null, null, 5, 2, 2, 2, null);
        nlb.publish(List.of(L4Fixture.target(a.port()), L4Fixture.target(b.port()), down));
        waitFor(L4Fixture.target(a.port()), TargetHealthState.HEALTHY);
        waitFor(L4Fixture.target(b.port()), TargetHealthState.HEALTHY);
        waitFor(down, TargetHealthState.UNHEALTHY);
        Map<String, Integer> counts = connectMany(60);
        assertThat(counts).doesNotContainKey("refused");
        assertThat(counts.keySet()).containsExactlyInAnyOrder("a", "b");
    }

    @Test
    void connectionsToATargetThatTurnsUnhealthyAreTerminated() throws Exception {
        a = new TcpTestTarget("a", TcpTestTarget.Mode.ECHO, false);
        b = new TcpTestTarget("b", TcpTestTarget.Mode.ECHO, false);
        nlb.healthCheck = new HealthCheck(true, Protocol.TCP, null, null, 5, 2, 2, 2, null);
        nlb.publish(List.of(L4Fixture.target(a.port()), L4Fixture.target(b.port())));
        waitFor(L4Fixture.target(a.port()), TargetHealthState.HEALTHY);
        waitFor(L4Fixture.target(b.port()), TargetHealthState.HEALTHY);
        Map<Socket, Character> open = new java.util.LinkedHashMap<>();
        try {
            while (!open.containsValue('a') || !open.containsValue('b') || open.size() < 6) {
                Socket s = new Socket();
                s.connect(nlb.address(), 5000);
                s.setSoTimeout(30_000);
                open.put(s, (char) s.getInputStream().read());
            }
            b.stopAccepting(); // its connections stay open, its health checks are refused
            waitFor(L4Fixture.target(b.port()), TargetHealthState.UNHEALTHY);
            for (var e : open.entrySet()) {
                Socket s = e.getKey();
                byte[] x = "x\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
                if (e.getValue() == 'a') {
                    s.getOutputStream().write(x);
                    assertThat(s.getInputStream().read()).isEqualTo('\n'); // rest of "a\n", then the echo
                    assertThat(s.getInputStream().read()).isEqualTo('x');
                } else {
                    org.assertj.core.api.Assertions.assertThatThrownBy(() -> {
                        s.getOutputStream().write(x); // the reset shows on this write or on the reads after it
                        while (s.getInputStream().read() >= 0) {
                            // whatever was in flight
                        }
                    }).isInstanceOf(java.net.SocketException.class).hasMessageContaining("reset");
                }
            }
            assertThat(nlb.proxy.counters().get("l4.tcp.terminated"))
                    .isEqualTo(open.values().stream().filter(c -> c == 'b').count());
        } finally {
            for (Socket s : open.keySet()) {
                s.close();
            }
        }
    }

    @Test
    void failsOpenWhenNoTargetIsHealthy() throws Exception {
        a = new TcpTestTarget("a", TcpTestTarget.Mode.ECHO, false);
        b = new TcpTestTarget("b", TcpTestTarget.Mode.ECHO, false);
        int closedPort = L4Fixture.freePort();
        // Health checks go to a port where nothing listens: every target turns unhealthy.
        nlb.healthCheck = new HealthCheck(true, Protocol.TCP, String.valueOf(closedPort), null, 5, 2, 2, 2, null);
        nlb.publish(List.of(L4Fixture.target(a.port()), L4Fixture.target(b.port())));
        waitFor(L4Fixture.target(a.port()), TargetHealthState.UNHEALTHY);
        waitFor(L4Fixture.target(b.port()), TargetHealthState.UNHEALTHY);
        Map<String, Integer> counts = connectMany(40);
        assertThat(counts.keySet()).containsExactlyInAnyOrder("a", "b");
    }
}
