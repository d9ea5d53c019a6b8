package dev.ballast.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.core.model.ListenerBindException;
import java.io.IOException;
import java.net.BindException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** Finds who holds a real socket of this host through {@code /proc}. */
class HostSocketsTest {
    private final HostSockets sockets = new HostSockets();
    private final String self = "PID " + ProcessHandle.current().pid() + " (this process)";

    @Test
    void namesTheProcessThatListensOnATcpPort() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            assertThat(sockets.holder("tcp", "127.0.0.1", port)).contains(self);
            // The wildcard address cannot be bound either while 127.0.0.1 holds the port.
            assertThat(sockets.holder("tcp", "0.0.0.0", port)).contains(self);
            assertThat(sockets.holder("tcp", "127.0.0.2", port)).isEmpty();
            assertThat(sockets.holder("udp", "127.0.0.1", port)).isEmpty();
        }
    }

    @Test
    void namesTheProcessThatHoldsAUdpPortAndSeesItsAddressInUse() throws IOException {
        try (DatagramSocket taken = new DatagramSocket(new InetSocketAddress("127.0.0.77", 0))) {
            assertThat(sockets.holder("udp", "127.0.0.77", taken.getLocalPort())).contains(self);
            assertThat(sockets.addressInUse("127.0.0.77")).isTrue();
        }
        assertThat(sockets.addressInUse("127.0.0.77")).isFalse();
    }

    @Test
    void aBindFailureSaysWhatFailedWhenNoHolderIsKnown() {
        ListenerBindException e = sockets.bindFailure("udp", "127.0.0.78", 5353,
                new BindException("Cannot assign requested address"));
        assertThat(e).hasMessage("port 5353/udp on 127.0.0.78 cannot be bound: Cannot assign requested address");
        assertThat(e.port()).isEqualTo(5353);
    }
}
