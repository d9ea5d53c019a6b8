package dev.ballast.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * A DNS server that forwards names outside its zones to an upstream resolver (here another real server on a
 * loopback port) and answers its own zones itself, over real UDP and TCP; an upstream that never answers costs the
 * client a SERVFAIL, not a hang.
 */
class DnsForwardingTest {
    private DnsServer upstream;
    private DnsServer server;
    private DnsClient client;

    @BeforeEach
    void start() throws IOException {
        ZoneTable upstreamZones = new ZoneTable(List.of(TestZones.zone("upstream.test.", "www 300 A 198.51.100.7")));
        upstream = DnsServer.start(new InetSocketAddress("127.0.0.1", 0), () -> upstreamZones, 1);
        ZoneTable own = new ZoneTable(List.of(TestZones.zone("in.example.com.", "service-a 60 A 127.0.10.1")));
        server = DnsServer.start(new InetSocketAddress("127.0.0.1", 0), () -> own, 1, List.of(upstream.address()));
        client = new DnsClient(server.address());
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
        upstream.close();
    }

    @Test
    void namesOutsideTheZonesAreAnsweredByTheUpstreamWithTheClientsId() throws IOException {
        Message query = DnsClient.query("www.upstream.test.", Type.A, 0);
        Message response = client.udp(query);

        assertThat(response.getHeader().getID()).isEqualTo(query.getHeader().getID());
        assertThat(response.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(response.getSection(Section.ANSWER)).extracting(Record::rdataToString).containsExactly("198.51.100.7");
        Message overTcp = client.tcp(DnsClient.query("www.upstream.test.", Type.A, 0));
        assertThat(overTcp.getSection(Section.ANSWER)).extracting(Record::rdataToString).containsExactly("198.51.100.7");
        // What the upstream does not know, it says so itself: its NXDOMAIN reaches the client.
        assertThat(client.udp(DnsClient.query("nothing.upstream.test.", Type.A, 0)).getRcode())
                .isEqualTo(Rcode.NXDOMAIN);
    }

    @Test
    void namesInTheZonesAreAnsweredAuthoritativelyWithoutAsking() throws IOException {
        upstream.close(); // nobody to forward to: an answer can only come from the server's own zones
        Message response = client.udp(DnsClient.query("service-a.in.example.com.", Type.A, 0));

        assertThat(response.getHeader().getFlag(Flags.AA)).isTrue();
        assertThat(response.getSection(Section.ANSWER)).extracting(Record::rdataToString).containsExactly("127.0.10.1");
    }

    @Test
    void anUpstreamThatNeverAnswersCostsTheClientAServfail() throws IOException {
        try (DatagramSocket silent = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
             DnsServer forwardingToSilence = DnsServer.start(new InetSocketAddress("127.0.0.1", 0), ZoneTable::empty,
                     1, List.of((InetSocketAddress) silent.getLocalSocketAddress()));
             DnsClient asking = new DnsClient(forwardingToSilence.address())) {
            Message response = asking.udp(DnsClient.query("www.upstream.test.", Type.A, 0));

            assertThat(response.getRcode()).isEqualTo(Rcode.SERVFAIL);
        }
    }

    @Test
    void theHostsResolversAreTheIpv4NameserversOfResolvConf(@TempDir Path dir) throws IOException {
        Path conf = Files.writeString(dir.resolve("resolv.conf"), """
                # generated
                search example.com
                nameserver 10.0.0.2
                nameserver ::1
                nameserver 192.0.2.53
                options edns0
                """);

        assertThat(HostResolvers.read(conf)).containsExactly(new InetSocketAddress("10.0.0.2", 53),
                new InetSocketAddress("192.0.2.53", 53));
        assertThat(HostResolvers.read(dir.resolve("missing"))).isEmpty();
    }
}
