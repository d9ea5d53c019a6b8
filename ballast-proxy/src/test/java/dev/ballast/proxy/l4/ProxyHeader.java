package dev.ballast.proxy.l4;

import java.io.DataInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A PROXY protocol v2 header as a target parses it (written from the specification, independently of the
 * encoder under test).
 *
 * @param command 0 LOCAL, 1 PROXY
 * @param family 0 unspecified, 1 IPv4, 2 IPv6
 * @param transport 0 unspecified, 1 stream (TCP), 2 datagram (UDP)
 *
 * <p>Thread-safe (immutable).
 */
record ProxyHeader(int command, int family, int transport, InetSocketAddress source, InetSocketAddress destination) {
    private static final byte[] SIGNATURE = {13, 10, 13, 10, 0, 13, 10, 'Q', 'U', 'I', 'T', 10};

    boolean local() {
        return command == 0;
    }

    /** Reads one header from a stream. */
    static ProxyHeader read(DataInputStream in) throws IOException {
        byte[] fixed = new byte[16];
        in.readFully(fixed);
        byte[] rest = new byte[((fixed[14] & 0xff) << 8) | (fixed[15] & 0xff)];
        in.readFully(rest);
        return parse(fixed, rest);
    }

    /** Reads one header from the start of {@code datagram}; the buffer is left positioned after it. */
    static ProxyHeader read(ByteBuffer datagram) {
        byte[] fixed = new byte[16];
        datagram.get(fixed);
        byte[] rest = new byte[((fixed[14] & 0xff) << 8) | (fixed[15] & 0xff)];
        datagram.get(rest);
        return parse(fixed, rest);
    }

    private static ProxyHeader parse(byte[] fixed, byte[] rest) {
        if (!Arrays.equals(Arrays.copyOf(fixed, 12), SIGNATURE)) {
            throw new IllegalArgumentException("not a PROXY v2 signature: " + Arrays.toString(fixed));
        }
        if ((fixed[12] & 0xf0) != 0x20) {
            throw new IllegalArgumentException("version " + ((fixed[12] & 0xf0) >> 4));
        }
        int command = fixed[12] & 0x0f;
        int family = (fixed[13] & 0xf0) >> 4;
        int transport = fixed[13] & 0x0f;
        if (family == 0) {
            return new ProxyHeader(command, family, transport, null, null);
        }
        int len = family == 1 ? 4 : 16;
        ByteBuffer b = ByteBuffer.wrap(rest);
        byte[] src = new byte[len];
        byte[] dst = new byte[len];
        b.get(src).get(dst);
        int srcPort = b.getShort() & 0xffff;
        int dstPort = b.getShort() & 0xffff;
        try {
            return new ProxyHeader(command, family, transport,
                    new InetSocketAddress(InetAddress.getByAddress(src), srcPort),
                    new InetSocketAddress(InetAddress.getByAddress(dst), dstPort));
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
