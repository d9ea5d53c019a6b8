package dev.ballast.core.security;

import dev.ballast.core.model.Cidr;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * Which client addresses may connect to one listener, compiled once per snapshot from the rules that cover the
 * listener's protocol and port. An IPv4 check compares the address's 32 bits (read without allocating, from
 * {@link Inet4Address#hashCode()}, which the JDK defines as the address) against each block's network and mask;
 * IPv6 clients are checked against the IPv6 blocks. No lock and no allocation for IPv4 clients.
 *
 * <p>Thread-safe (immutable).
 */
public final class ClientMatcher {
    /** Admits every client (a load balancer without enforced security groups). */
    public static final ClientMatcher ADMIT_ALL = new ClientMatcher(true, new int[0], new int[0], new Cidr[0]);

    private final boolean admitAll;
    private final int[] networks;
    private final int[] masks;
    private final Cidr[] ipv6;

    private ClientMatcher(boolean admitAll, int[] networks, int[] masks, Cidr[] ipv6) {
        this.admitAll = admitAll;
        this.networks = networks;
        this.masks = masks;
        this.ipv6 = ipv6;
    }

    /** The matcher of the blocks of {@code rules} that cover {@code protocol} connections to {@code port}. */
    public static ClientMatcher compile(List<IngressRule> rules, String protocol, int port) {
        List<int[]> v4 = new ArrayList<>();
        List<Cidr> v6 = new ArrayList<>();
        for (IngressRule rule : rules) {
            if (!rule.covers(protocol, port)) {
                continue;
            }
            int[] block = ipv4(rule.cidr());
            if (block == null) {
                v6.add(Cidr.parse("cidr", rule.cidr()));
            } else if (block[1] == 0) {
                return new ClientMatcher(true, new int[0], new int[0], new Cidr[0]); // 0.0.0.0/0
            } else {
                v4.add(block);
            }
        }
        int[] networks = new int[v4.size()];
        int[] masks = new int[v4.size()];
        for (int i = 0; i < v4.size(); i++) {
            networks[i] = v4.get(i)[0];
            masks[i] = v4.get(i)[1];
        }
        return new ClientMatcher(false, networks, masks, v6.toArray(Cidr[]::new));
    }

    /** True if a client at {@code address} may connect. */
    public boolean admits(InetAddress address) {
        if (admitAll) {
            return true;
        }
        if (address instanceof Inet4Address) {
            int bits = address.hashCode(); // Inet4Address.hashCode() is the address itself
            for (int i = 0; i < networks.length; i++) {
                if ((bits & masks[i]) == networks[i]) {
                    return true;
                }
            }
            return false;
        }
        for (Cidr block : ipv6) {
            if (block.contains(address)) {
                return true;
            }
        }
        return false;
    }

    /** True if this matcher admits every client without looking. */
    public boolean admitsAll() {
        return admitAll;
    }

    /** {@code {network, mask}} of an IPv4 block, or null for an IPv6 one. */
    private static int[] ipv4(String cidr) {
        if (cidr.indexOf(':') >= 0) {
            return null;
        }
        int slash = cidr.indexOf('/');
        String[] octets = cidr.substring(0, slash).split("\\.");
        int address = 0;
        for (String octet : octets) {
            address = address << 8 | Integer.parseInt(octet);
        }
        int prefix = Integer.parseInt(cidr.substring(slash + 1));
        int mask = prefix == 0 ? 0 : -1 << (32 - prefix);
        return new int[] {address & mask, mask};
    }
}
