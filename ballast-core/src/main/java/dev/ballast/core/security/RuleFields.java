package dev.ballast.core.security;

import dev.ballast.core.model.Cidr;
import dev.ballast.core.validation.Check;

/**
 * The checks an inbound and an outbound rule share: a protocol the data plane sees, a port range and exactly one
 * peer (a block or a group).
 *
 * <p>Thread-safe (stateless).
 */
final class RuleFields {
    private RuleFields() {}

    /** Fails with {@code field: value (expected: ...)} on the first field that is out of range. */
    static void check(String protocol, int fromPort, int toPort, String cidr, String group, String groupField) {
        Check.that("tcp".equals(protocol) || "udp".equals(protocol) || "all".equals(protocol), "protocol", protocol,
                "tcp, udp or all");
        Check.that(fromPort >= 0 && fromPort <= 65535, "fromPort", fromPort, "0-65535");
        Check.that(toPort >= fromPort && toPort <= 65535, "toPort", toPort, "fromPort-65535");
        Check.that(cidr == null ^ group == null, "cidr", cidr, "a block or a " + groupField + ", not both");
        if (cidr != null) {
            Cidr.parse("cidr", cidr);
        }
    }

    /** True if a rule of {@code ruleProtocol} over {@code fromPort}-{@code toPort} covers {@code protocol} {@code port}. */
    static boolean covers(String ruleProtocol, int fromPort, int toPort, String protocol, int port) {
        return (ruleProtocol.equals("all") || ruleProtocol.equals(protocol)) && port >= fromPort && port <= toPort;
    }
}
