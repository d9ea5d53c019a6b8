package dev.ballast.core.model;

import dev.ballast.core.validation.Check;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * An IPv4 or IPv6 CIDR block such as {@code 10.0.0.0/8} or {@code 2001:db8::/32}. An IPv4 block also contains
 * the IPv4-mapped IPv6 form of its addresses ({@code ::ffff:10.1.2.3}); an IPv6 block never contains an IPv4
 * client. Parsing never consults DNS.
 *
 * <p>Thread-safe (immutable).
 */
public final class Cidr {
    private static final String EXPECTED = "a CIDR block such as 10.0.0.0/8 or 2001:db8::/32";

    private final String text;
    private final byte[] network;
    private final int prefixLength;

    private Cidr(String text, byte[] network, int prefixLength) {
        this.text = text;
        this.network = network;
        this.prefixLength = prefixLength;
    }

    /** Parses {@code text}; a malformed block fails with a message naming {@code field}. */
    public static Cidr parse(String field, String text) {
        Check.that(text != null, field, text, EXPECTED);
        int slash = text.indexOf('/');
        Check.that(slash > 0 && text.substring(slash + 1).matches("\\d{1,3}"), field, text, EXPECTED);
        String address = text.substring(0, slash);
        byte[] bytes = address.indexOf(':') >= 0 ? ipv6(address) : ipv4(address);
        Check.that(bytes != null, field, text, EXPECTED);
        int prefix = Integer.parseInt(text.substring(slash + 1));
        Check.that(prefix <= bytes.length * 8, field, text, "a prefix length of at most " + bytes.length * 8);
        return new Cidr(text, mask(bytes, prefix), prefix);
    }

    /** True if {@code address} lies in this block. */
    public boolean contains(InetAddress address) {
        if (address == null) {
            return false;
        }
        byte[] bytes = address.getAddress();
        if (network.length == 4 && isIpv4Mapped(bytes)) {
            bytes = java.util.Arrays.copyOfRange(bytes, 12, 16);
        }
        if (bytes.length != network.length) {
            return false;
        }
        int full = prefixLength / 8;
        for (int i = 0; i < full; i++) {
            if (bytes[i] != network[i]) {
                return false;
            }
        }
        int rest = prefixLength % 8;
        if (rest == 0) {
            return true;
        }
        int mask = 0xff << (8 - rest) & 0xff;
        return (bytes[full] & mask) == (network[full] & mask);
    }

    @Override
    public String toString() {
        return text;
    }

    private static boolean isIpv4Mapped(byte[] b) {
        if (b.length != 16 || b[10] != (byte) 0xff || b[11] != (byte) 0xff) {
            return false;
        }
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static byte[] mask(byte[] bytes, int prefix) {
        byte[] out = bytes.clone();
        for (int bit = prefix; bit < out.length * 8; bit++) {
            out[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        }
        return out;
    }

    private static byte[] ipv4(String address) {
        String[] parts = address.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] out = new byte[4];
        for (int i = 0; i < 4; i++) {
            if (!parts[i].matches("\\d{1,3}") || Integer.parseInt(parts[i]) > 255) {
                return null;
            }
            out[i] = (byte) Integer.parseInt(parts[i]);
        }
        return out;
    }

    private static byte[] ipv6(String address) {
        if (!address.matches("[0-9A-Fa-f:.]+")) {
            return null;
        }
        try {
            // brackets make the JDK treat the text as an IPv6 literal only, never as a host name to resolve
            InetAddress parsed = InetAddress.getByName("[" + address + "]");
            // the JDK turns ::ffff:a.b.c.d into an Inet4Address; keep the IPv6 form of the block
            return parsed instanceof Inet4Address ? mapped(parsed.getAddress()) : parsed.getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static byte[] mapped(byte[] ipv4) {
        byte[] out = new byte[16];
        out[10] = (byte) 0xff;
        out[11] = (byte) 0xff;
        System.arraycopy(ipv4, 0, out, 12, 4);
        return out;
    }
}
