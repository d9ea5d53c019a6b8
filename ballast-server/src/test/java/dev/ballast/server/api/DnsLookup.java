package dev.ballast.server.api;

import dev.ballast.server.ControlPlane;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * Asks Ballast's DNS server questions over UDP (TCP when an answer is truncated), as a stub resolver does, with
 * dnsjava's {@link SimpleResolver}.
 *
 * <p>Not thread-safe: one per test.
 */
final class DnsLookup {
    private final SimpleResolver resolver;

    DnsLookup(InetSocketAddress server) {
        this.resolver = new SimpleResolver(server);
    }

    /** The whole response to a question for {@code name} (absolute or not) and {@code type}. */
    Message query(String name, int type) throws IOException {
        String absolute = name.endsWith(".") ? name : name + ".";
        return resolver.send(Message.newQuery(Record.newRecord(Name.fromString(absolute), type, DClass.IN)));
    }

    /**
     * The one IPv4 address Ballast's DNS answers for {@code name}: where a client reaches a load balancer by its
     * DNSName, as an AWS user would (AWS shows no addresses of an application load balancer).
     */
    String address(String name) throws IOException {
        List<String> addresses = rdata(query(name, Type.A));
        if (addresses.size() != 1) {
            throw new AssertionError(name + " answered " + addresses + " (expected: one address)");
        }
        return addresses.get(0);
    }

    /** The one address Ballast's DNS of {@code plane} answers for {@code name}. */
    static String addressOf(ControlPlane plane, String name) throws IOException {
        return new DnsLookup(plane.dnsAddress()).address(name);
    }

    /** The answer section's record data in presentation format. */
    static List<String> rdata(Message response) {
        return response.getSection(Section.ANSWER).stream().map(Record::rdataToString).toList();
    }
}
