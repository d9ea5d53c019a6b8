package dev.ballast.server.api;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;

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

    /** The answer section's record data in presentation format. */
    static List<String> rdata(Message response) {
        return response.getSection(Section.ANSWER).stream().map(Record::rdataToString).toList();
    }
}
