package dev.ballast.core.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The per-listener client check compiled from security group rules. */
class ClientMatcherTest {
    private static final List<IngressRule> RULES = List.of(
            new IngressRule("tcp", 80, 443, "10.0.0.0/8", null),
            new IngressRule("tcp", 8080, 8080, "192.168.1.7/32", null),
            new IngressRule("udp", 53, 53, "172.16.0.0/12", null),
            new IngressRule("all", 0, 65535, "2001:db8::/32", null));

    @Test
    void ipv4BlocksAdmitTheirAddressesForTheCoveredProtocolAndPortOnly() throws Exception {
        ClientMatcher http = ClientMatcher.compile(RULES, "tcp", 80);
        assertThat(http.admitsAll()).isFalse();
        assertThat(http.admits(ip("10.1.2.3"))).isTrue();
        assertThat(http.admits(ip("11.0.0.1"))).isFalse();
        assertThat(http.admits(ip("192.168.1.7"))).as("its rule covers 8080 only").isFalse();
        assertThat(ClientMatcher.compile(RULES, "tcp", 8080).admits(ip("192.168.1.7"))).isTrue();
        assertThat(ClientMatcher.compile(RULES, "tcp", 8080).admits(ip("192.168.1.8"))).isFalse();
        assertThat(ClientMatcher.compile(RULES, "tcp", 53).admits(ip("172.16.0.1"))).as("a udp rule").isFalse();
        assertThat(ClientMatcher.compile(RULES, "udp", 53).admits(ip("172.31.255.255"))).isTrue();
    }

    @Test
    void ipv6BlocksAdmitIpv6ClientsAndNeverIpv4Ones() throws Exception {
        ClientMatcher any = ClientMatcher.compile(RULES, "udp", 9999);
        assertThat(any.admits(ip("2001:db8::1"))).isTrue();
        assertThat(any.admits(ip("2001:db9::1"))).isFalse();
        assertThat(any.admits(ip("10.0.0.1"))).isFalse();
    }

    @Test
    void everyIpv4AddressBlockAdmitsAllAndNoRuleAdmitsNone() throws Exception {
        assertThat(ClientMatcher.compile(List.of(new IngressRule("all", 0, 65535, "0.0.0.0/0", null)), "tcp", 1)
                .admitsAll()).isTrue();
        ClientMatcher none = ClientMatcher.compile(List.of(), "tcp", 80);
        assertThat(none.admits(ip("127.0.0.1"))).isFalse();
        assertThat(none.admits(ip("::1"))).isFalse();
    }

    private static InetAddress ip(String literal) throws Exception {
        return InetAddress.getByName(literal);
    }
}
