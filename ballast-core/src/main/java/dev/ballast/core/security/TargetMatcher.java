package dev.ballast.core.security;

import dev.ballast.core.model.Cidr;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * Which target addresses and ports a load balancer may connect to over one protocol, compiled once per snapshot
 * from its security groups' outbound rules. It is asked when a target connection (or a health check) is about to
 * be made, never per request, so it keeps the blocks as {@link Cidr}s and walks them.
 *
 * <p>Thread-safe (immutable).
 */
public final class TargetMatcher {
    /** Reaches every target (a load balancer without enforced security groups). */
    public static final TargetMatcher REACH_ALL = new TargetMatcher(true, List.of());

    private final boolean reachAll;
    private final List<Destination> destinations;

    private TargetMatcher(boolean reachAll, List<Destination> destinations) {
        this.reachAll = reachAll;
        this.destinations = destinations;
    }

    /** The matcher of the rules of {@code rules} that cover {@code protocol} ({@code tcp} or {@code udp}). */
    public static TargetMatcher compile(List<EgressRule> rules, String protocol) {
        List<Destination> out = new ArrayList<>();
        for (EgressRule rule : rules) {
            // a group peer reaches nothing until it is resolved to its members' blocks
            if (rule.cidr() != null && (rule.protocol().equals("all") || rule.protocol().equals(protocol))) {
                out.add(new Destination(rule.fromPort(), rule.toPort(), Cidr.parse("cidr", rule.cidr())));
            }
        }
        return new TargetMatcher(false, List.copyOf(out));
    }

    /** True if a connection to {@code address} port {@code port} is allowed. */
    public boolean reaches(InetAddress address, int port) {
        if (reachAll) {
            return true;
        }
        for (Destination d : destinations) {
            if (port >= d.fromPort && port <= d.toPort && d.block.contains(address)) {
                return true;
            }
        }
        return false;
    }

    /** True if this matcher allows every target without looking. */
    public boolean reachesAll() {
        return reachAll;
    }

    private record Destination(int fromPort, int toPort, Cidr block) {}
}
