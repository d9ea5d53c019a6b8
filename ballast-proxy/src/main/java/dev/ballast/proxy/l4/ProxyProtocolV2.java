package dev.ballast.proxy.l4;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * Encodes the binary PROXY protocol version 2 header that a network load balancer puts in front of what it sends
 * to a target when {@code proxy_protocol_v2.enabled} is on: the client's address and port and the listener's,
 * over TCP or UDP, IPv4 or IPv6. Health checks send the {@code LOCAL} form, which carries no addresses.
 *
 * <p>Thread-safe (stateless).
 */
public final class ProxyProtocolV2 {
    /** The 12-byte signature every version 2 header starts with. */
    static final byte[] SIGNATURE = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};
    private static final int VERSION_PROXY = 0x21;
    private static final int VERSION_LOCAL = 0x20;
    private static final int AF_INET = 0x10;
    private static final int AF_INET6 = 0x20;
    private static final int STREAM = 0x01;
    private static final int DGRAM = 0x02;

    private ProxyProtocolV2() {}

    /**
     * A {@code PROXY} header for a flow from {@code source} to {@code destination}. When one address is IPv4 and
     * the other IPv6, the IPv4 one is sent as an IPv4-mapped IPv6 address, so both share one family.
     *
     * @param stream true for TCP, false for UDP
     */
    public static ByteBuf proxy(ByteBufAllocator alloc, boolean stream, InetSocketAddress source,
                                InetSocketAddress destination) {
        InetAddress src = source.getAddress();
        InetAddress dst = destination.getAddress();
        boolean ipv4 = src instanceof Inet4Address && dst instanceof Inet4Address;
        int addressLength = ipv4 ? 12 : 36;
        ByteBuf out = alloc.buffer(16 + addressLength);
        out.writeBytes(SIGNATURE);
        out.writeByte(VERSION_PROXY);
        out.writeByte((ipv4 ? AF_INET : AF_INET6) | (stream ? STREAM : DGRAM));
        out.writeShort(addressLength);
        out.writeBytes(ipv4 ? src.getAddress() : ipv6Bytes(src));
        out.writeBytes(ipv4 ? dst.getAddress() : ipv6Bytes(dst));
        out.writeShort(source.getPort());
        out.writeShort(destination.getPort());
        return out;
    }

    /** A {@code LOCAL} header (no addresses): a connection the load balancer makes itself, e.g. a health check. */
    public static ByteBuf local(ByteBufAllocator alloc) {
        ByteBuf out = alloc.buffer(16);
        out.writeBytes(SIGNATURE);
        out.writeByte(VERSION_LOCAL);
        out.writeByte(0); // AF_UNSPEC, UNSPEC
        out.writeShort(0);
        return out;
    }

    private static byte[] ipv6Bytes(InetAddress address) {
        byte[] raw = address.getAddress();
        if (raw.length == 16) {
            return raw;
        }
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        System.arraycopy(raw, 0, mapped, 12, 4);
        return mapped;
    }
}
