package dev.ballast.proxy.l4;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class ProxyProtocolV2Test {
    private static ProxyHeader decode(ByteBuf encoded) {
        try {
            return ProxyHeader.read(ByteBuffer.wrap(ByteBufUtil.getBytes(encoded)));
        } finally {
            encoded.release();
        }
    }

    @Test
    void tcpOverIpv4() {
        InetSocketAddress client = new InetSocketAddress("192.0.2.10", 50123);
        InetSocketAddress listener = new InetSocketAddress("127.0.0.1", 6379);
        ByteBuf header = ProxyProtocolV2.proxy(ByteBufAllocator.DEFAULT, true, client, listener);
        assertThat(header.readableBytes()).isEqualTo(16 + 12);
        assertThat(header.getByte(12)).isEqualTo((byte) 0x21);
        assertThat(header.getByte(13)).isEqualTo((byte) 0x11);
        assertThat(decode(header)).isEqualTo(new ProxyHeader(1, 1, 1, client, listener));
    }

    @Test
    void udpOverIpv6() {
        InetSocketAddress client = new InetSocketAddress("2001:db8::7", 5353);
        InetSocketAddress listener = new InetSocketAddress("::1", 53);
        ByteBuf header = ProxyProtocolV2.proxy(ByteBufAllocator.DEFAULT, false, client, listener);
        assertThat(header.readableBytes()).isEqualTo(16 + 36);
        assertThat(header.getByte(13)).isEqualTo((byte) 0x22);
        assertThat(decode(header)).isEqualTo(new ProxyHeader(1, 2, 2, client, listener));
    }

    @Test
    void mixedFamiliesUseIpv4MappedIpv6() {
        InetSocketAddress client = new InetSocketAddress("2001:db8::7", 40000);
        InetSocketAddress listener = new InetSocketAddress("127.0.0.1", 80);
        ProxyHeader header = decode(ProxyProtocolV2.proxy(ByteBufAllocator.DEFAULT, true, client, listener));
        assertThat(header.family()).isEqualTo(2);
        // Java turns an IPv4-mapped IPv6 address back into the IPv4 address.
        assertThat(header.destination()).isEqualTo(listener);
        assertThat(header.source()).isEqualTo(client);
    }

    @Test
    void localHasNoAddresses() {
        ByteBuf header = ProxyProtocolV2.local(ByteBufAllocator.DEFAULT);
        assertThat(header.readableBytes()).isEqualTo(16);
        ProxyHeader decoded = decode(header);
        assertThat(decoded.local()).isTrue();
        assertThat(decoded.source()).isNull();
    }
}
