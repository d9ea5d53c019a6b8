package dev.ballast.proxy.l4;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The text header of PROXY protocol version 1 (haproxy.org proxy-protocol.txt, section 2.1), as Classic sends it. */
class ProxyProtocolV1Test {
    @Test
    void ipv4ClientAndListenerGiveATcp4LineEndingInCrLf() {
        assertThat(header(new InetSocketAddress("198.51.100.22", 35646), new InetSocketAddress("203.0.113.7", 80)))
                .isEqualTo("PROXY TCP4 198.51.100.22 203.0.113.7 35646 80\r\n");
    }

    @Test
    void ipv6AndMixedFamiliesGiveATcp6LineWithTheIpv4AddressMapped() {
        assertThat(header(new InetSocketAddress("2001:db8::1", 50000), new InetSocketAddress("2001:db8::2", 443)))
                .isEqualTo("PROXY TCP6 2001:db8::1 2001:db8::2 50000 443\r\n");
        assertThat(header(new InetSocketAddress("198.51.100.22", 1), new InetSocketAddress("2001:db8::2", 443)))
                .isEqualTo("PROXY TCP6 ::ffff:198.51.100.22 2001:db8::2 1 443\r\n");
    }

    private static String header(InetSocketAddress source, InetSocketAddress destination) {
        ByteBuf buf = ProxyProtocolV1.proxy(UnpooledByteBufAllocator.DEFAULT, source, destination);
        try {
            return buf.toString(StandardCharsets.US_ASCII);
        } finally {
            buf.release();
        }
    }
}
