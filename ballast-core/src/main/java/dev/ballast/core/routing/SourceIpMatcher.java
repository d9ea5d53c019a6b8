package dev.ballast.core.routing;

import dev.ballast.core.model.Cidr;
import dev.ballast.core.model.Condition;

/**
 * {@code source-ip}: the TCP peer address lies in one of the CIDR blocks (IPv4 or IPv6; an IPv4 block also
 * matches an IPv4-mapped IPv6 peer). Like ALB, this is the peer, not an address from X-Forwarded-For.
 *
 * <p>Thread-safe (immutable).
 */
final class SourceIpMatcher implements RequestMatcher {
    private final Cidr[] blocks;

    SourceIpMatcher(Condition.SourceIp condition) {
        this.blocks = condition.values().stream().map(v -> Cidr.parse("SourceIpConfig.Values", v))
                .toArray(Cidr[]::new);
    }

    @Override
    public boolean matches(MatchInput request) {
        java.net.InetAddress address = request.sourceAddress();
        for (Cidr block : blocks) {
            if (block.contains(address)) {
                return true;
            }
        }
        return false;
    }
}
