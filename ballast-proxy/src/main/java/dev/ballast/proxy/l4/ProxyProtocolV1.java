package dev.ballast.proxy.l4;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.NetUtil;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * Encodes the text PROXY protocol version 1 header that a Classic Load Balancer puts in front of a TCP or SSL
 * listener's connection to an instance port with a ProxyProtocolPolicyType policy:
 * {@code PROXY TCP4 <client ip> <listener ip> <client port> <listener port>\r\n} ({@code TCP6} for IPv6). When one
 * address is IPv4 and the other IPv6, the IPv4 one is written in its IPv4-mapped IPv6 form, as both must share one
 * family.
 *
 * <p>Thread-safe (stateless).
 */
public final class ProxyProtocolV1 {
    private ProxyProtocolV1() {}

    /** The header of a TCP connection from {@code source} to {@code destination}. */
    public static ByteBuf proxy(ByteBufAllocator alloc, InetSocketAddress source, InetSocketAddress destination) {
        InetAddress src = source.getAddress();
        InetAddress dst = destination.getAddress();
        boolean ipv4 = src instanceof Inet4Address && dst instanceof Inet4Address;
        String line = "PROXY " + (ipv4 ? "TCP4 " : "TCP6 ") + text(src, ipv4) + " " + text(dst, ipv4) + " "
                + source.getPort() + " " + destination.getPort() + "\r\n";
        return alloc.buffer(line.length()).writeBytes(line.getBytes(StandardCharsets.US_ASCII));
    }

    private static String text(InetAddress address, boolean ipv4) {
        if (ipv4 || address.getAddress().length == 16) {
            return NetUtil.toAddressString(address);
        }
        return "::ffff:" + address.getHostAddress();
    }
}
