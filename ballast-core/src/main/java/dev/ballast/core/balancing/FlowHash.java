package dev.ballast.core.balancing;

import dev.ballast.core.model.Target;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * A network load balancer's target choice: a hash of the flow's 5-tuple (protocol, source address and port,
 * destination address and port) picks one of the routable targets, so every packet or connection of one flow
 * lands on the same target while the routable set stays the same. With {@code source_ip} stickiness only the
 * source address is hashed, so every flow of one client lands on the same target.
 *
 * <p>Thread-safe (stateless).
 */
public final class FlowHash {
    private FlowHash() {}

    /** The 5-tuple hash of a flow; {@code protocol} distinguishes TCP from UDP flows. */
    public static long ofFlow(int protocol, InetSocketAddress source, InetSocketAddress destination) {
        long h = mix(protocol);
        h = mix(h ^ addressHash(source.getAddress()));
        h = mix(h ^ source.getPort());
        h = mix(h ^ addressHash(destination.getAddress()));
        return mix(h ^ destination.getPort());
    }

    /** The hash of the source address alone ({@code source_ip} stickiness). */
    public static long ofSource(InetAddress source) {
        return mix(addressHash(source));
    }

    /** The target of {@code routable} that {@code hash} picks, or null when there is none. */
    public static Target pick(List<Target> routable, long hash) {
        if (routable.isEmpty()) {
            return null;
        }
        return routable.get((int) Long.remainderUnsigned(hash, routable.size()));
    }

    private static long addressHash(InetAddress address) {
        long h = 0;
        for (byte b : address.getAddress()) {
            h = h * 31 + (b & 0xff);
        }
        return h;
    }

    /** A 64-bit finaliser (MurmurHash3's fmix64): spreads neighbouring ports and addresses over the whole range. */
    private static long mix(long k) {
        k ^= k >>> 33;
        k *= 0xff51afd7ed558ccdL;
        k ^= k >>> 33;
        k *= 0xc4ceb9fe1a85ec53L;
        k ^= k >>> 33;
        return k;
    }
}
