package dev.ballast.core.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The per-load-balancer target check compiled from security groups' outbound rules. */
class TargetMatcherTest {
    private static final List<EgressRule> RULES = List.of(
            new EgressRule("tcp", 8080, 8080, "10.0.0.0/8", null),
            new EgressRule("udp", 53, 53, "172.16.0.0/12", null),
            new EgressRule("all", 0, 65535, "2001:db8::/32", null));

    @Test
    void aTargetIsReachedOnlyOnACoveredProtocolPortAndAddress() throws Exception {
        TargetMatcher tcp = TargetMatcher.compile(RULES, "tcp");
        assertThat(tcp.reachesAll()).isFalse();
        assertThat(tcp.reaches(ip("10.1.2.3"), 8080)).isTrue();
        assertThat(tcp.reaches(ip("10.1.2.3"), 8081)).as("outside the port range").isFalse();
        assertThat(tcp.reaches(ip("11.0.0.1"), 8080)).as("outside the block").isFalse();
        assertThat(tcp.reaches(ip("172.16.0.1"), 53)).as("a udp rule").isFalse();
        assertThat(TargetMatcher.compile(RULES, "udp").reaches(ip("172.31.0.9"), 53)).isTrue();
        assertThat(tcp.reaches(ip("2001:db8::7"), 443)).as("all protocols and ports").isTrue();
        assertThat(tcp.reaches(ip("2001:db9::7"), 443)).isFalse();
    }

    @Test
    void noRuleReachesNothingAndAnIpv4BlockDoesNotCoverIpv6Targets() throws Exception {
        assertThat(TargetMatcher.compile(List.of(), "tcp").reaches(ip("127.0.0.1"), 80)).isFalse();
        TargetMatcher ipv4Only = TargetMatcher.compile(List.of(new EgressRule("all", 0, 65535, "0.0.0.0/0", null)),
                "tcp");
        assertThat(ipv4Only.reaches(ip("127.0.0.1"), 80)).isTrue();
        assertThat(ipv4Only.reaches(ip("::1"), 80)).isFalse();
        assertThat(TargetMatcher.REACH_ALL.reaches(ip("::1"), 80)).isTrue();
        assertThat(LoadBalancerEgress.targets(null, "udp")).isSameAs(TargetMatcher.REACH_ALL);
    }

    private static InetAddress ip(String literal) throws Exception {
        return InetAddress.getByName(literal);
    }
}
