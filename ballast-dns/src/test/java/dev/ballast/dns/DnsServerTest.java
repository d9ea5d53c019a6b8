package dev.ballast.dns;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.core.model.ConfigSnapshot;
import dev.ballast.core.model.LoadBalancer;
import dev.ballast.core.model.LoadBalancerType;
import dev.ballast.core.model.Scheme;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** The DNS server over real UDP and TCP sockets, answering load balancer names from configuration snapshots. */
class DnsServerTest {
    private static final String INTERNAL = "internal-service-a-lb-1234567890.us-east-1.elb.localhost";
    private static final String PUBLIC = "web-lb-2345678901.us-east-1.elb.localhost";
    private static final String CLASSIC = "HelloWorldLoadBalancer-3456789012.us-east-1.elb.localhost";

    private final DnsZones zones = new DnsZones(new LoadBalancerZones(List.of("us-east-1.elb.localhost"), loopback(), null));
    private DnsServer server;
    private DnsClient client;

    @BeforeEach
    void start() throws IOException {
        zones.apply(snapshot(1, List.of(
                lb("service-a-lb", LoadBalancerType.APPLICATION, Scheme.INTERNAL, INTERNAL, "127.0.10.1"),
                lb("web-lb", LoadBalancerType.APPLICATION, Scheme.INTERNET_FACING, PUBLIC, "0.0.0.0"),
                lb("HelloWorldLoadBalancer", LoadBalancerType.APPLICATION, Scheme.INTERNET_FACING, CLASSIC,
                        "127.0.0.7"))));
        server = DnsServer.start(new InetSocketAddress("127.0.0.1", 0), zones::current, 1);
        client = new DnsClient(server.address());
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    @Test
    void internalLoadBalancerNameAnswersItsOwnAddressAuthoritatively() throws IOException {
        Message response = client.udp(DnsClient.query(INTERNAL + ".", Type.A, 0));

        assertThat(response.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(response.getHeader().getFlag(Flags.AA)).isTrue();
        assertThat(response.getHeader().getFlag(Flags.QR)).isTrue();
        List<Record> answer = response.getSection(Section.ANSWER);
        assertThat(answer).hasSize(1);
        assertThat(((ARecord) answer.get(0)).getAddress().getHostAddress()).isEqualTo("127.0.10.1");
        assertThat(answer.get(0).getTTL()).isEqualTo(60);
    }

    @Test
    void wildcardBoundAndClassicLoadBalancersAnswerTheAddressClientsReachThemOn() throws IOException {
        assertThat(addresses(client.udp(DnsClient.query(PUBLIC + ".", Type.A, 0)))).containsExactly("127.0.0.1");
        assertThat(addresses(client.udp(DnsClient.query(CLASSIC + ".", Type.A, 0)))).containsExactly("127.0.0.7");
        assertThat(addresses(client.udp(DnsClient.query("dualstack." + PUBLIC + ".", Type.A, 0))))
                .containsExactly("127.0.0.1");
    }

    @Test
    void namesAreCaseInsensitiveAndTheAnswerEchoesTheQuestionsSpelling() throws IOException {
        String mixed = "InTeRnAl-SERVICE-a-lb-1234567890.US-east-1.ELB.localhost.";
        Message response = client.udp(DnsClient.query(mixed, Type.A, 0));

        assertThat(addresses(response)).containsExactly("127.0.10.1");
        assertThat(response.getQuestion().getName().toString()).isEqualTo(mixed);
        assertThat(response.getSection(Section.ANSWER).get(0).getName().toString()).isEqualTo(mixed);
    }

    @Test
    void unknownNameInTheZoneIsNxdomainWithTheZonesSoa() throws IOException {
        Message response = client.udp(DnsClient.query("nope-1.us-east-1.elb.localhost.", Type.A, 0));

        assertThat(response.getRcode()).isEqualTo(Rcode.NXDOMAIN);
        assertThat(response.getHeader().getFlag(Flags.AA)).isTrue();
        assertThat(response.getSection(Section.ANSWER)).isEmpty();
        assertSoaAuthority(response);
    }

    @Test
    void existingNameWithoutTheTypeIsNodataWithTheZonesSoa() throws IOException {
        Message aaaa = client.udp(DnsClient.query(INTERNAL + ".", Type.AAAA, 0));
        Message apex = client.udp(DnsClient.query("us-east-1.elb.localhost.", Type.A, 0));

        for (Message response : List.of(aaaa, apex)) {
            assertThat(response.getRcode()).isEqualTo(Rcode.NOERROR);
            assertThat(response.getHeader().getFlag(Flags.AA)).isTrue();
            assertThat(response.getSection(Section.ANSWER)).isEmpty();
            assertSoaAuthority(response);
        }
        Message soa = client.udp(DnsClient.query("us-east-1.elb.localhost.", Type.SOA, 0));
        assertThat(soa.getSection(Section.ANSWER)).singleElement().isInstanceOf(SOARecord.class);
    }

    @Test
    void namesOutsideBallastsZonesAreRefusedWithoutAuthority() throws IOException {
        Message response = client.udp(DnsClient.query("example.org.", Type.A, 0));

        assertThat(response.getRcode()).isEqualTo(Rcode.REFUSED);
        assertThat(response.getHeader().getFlag(Flags.AA)).isFalse();
        assertThat(response.getSection(Section.ANSWER)).isEmpty();
    }

    @Test
    void tcpAnswersTheSameAsUdp() throws IOException {
        Message response = client.tcp(DnsClient.query(INTERNAL + ".", Type.A, 0));

        assertThat(response.getHeader().getFlag(Flags.AA)).isTrue();
        assertThat(addresses(response)).containsExactly("127.0.10.1");
    }

    @Test
    void aNewSnapshotIsAnsweredByTheNextQuery() throws IOException {
        String added = "internal-added-lb-4567890123.us-east-1.elb.localhost.";
        assertThat(client.udp(DnsClient.query(added, Type.A, 0)).getRcode()).isEqualTo(Rcode.NXDOMAIN);

        zones.apply(snapshot(2, List.of(lb("added-lb", LoadBalancerType.NETWORK, Scheme.INTERNAL,
                added.substring(0, added.length() - 1), "127.0.10.2"))));

        assertThat(addresses(client.udp(DnsClient.query(added, Type.A, 0)))).containsExactly("127.0.10.2");
        assertThat(client.udp(DnsClient.query(INTERNAL + ".", Type.A, 0)).getRcode()).isEqualTo(Rcode.NXDOMAIN);
        zones.apply(snapshot(3, List.of()));
        assertThat(client.udp(DnsClient.query(added, Type.A, 0)).getRcode()).isEqualTo(Rcode.NXDOMAIN);
        SOARecord soa = (SOARecord) client.udp(DnsClient.query("us-east-1.elb.localhost.", Type.SOA, 0))
                .getSection(Section.ANSWER).get(0);
        assertThat(soa.getSerial()).isEqualTo(3);
    }

    private static void assertSoaAuthority(Message response) {
        List<Record> authority = response.getSection(Section.AUTHORITY);
        assertThat(authority).singleElement().isInstanceOf(SOARecord.class);
        assertThat(authority.get(0).getName().toString()).isEqualTo("us-east-1.elb.localhost.");
        assertThat(authority.get(0).getTTL()).isEqualTo(60);
    }

    static List<String> addresses(Message response) {
        return response.getSection(Section.ANSWER).stream()
                .filter(ARecord.class::isInstance)
                .map(r -> ((ARecord) r).getAddress().getHostAddress())
                .toList();
    }

    private static ConfigSnapshot snapshot(long revision, List<LoadBalancer> lbs) {
        return new ConfigSnapshot(revision, lbs, List.of(), List.of());
    }

    private static LoadBalancer lb(String name, LoadBalancerType type, Scheme scheme, String dnsName,
                                   String bindAddress) {
        return new LoadBalancer("arn:aws:elasticloadbalancing:us-east-1:000000000000:loadbalancer/" + name, name,
                type, scheme, dnsName, bindAddress, null);
    }

    private static InetAddress loopback() {
        return InetAddress.getLoopbackAddress();
    }
}
