package dev.ballast.dns;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Type;

/**
 * Builds test zones from records written as in a zone file ({@code "www 300 A 192.0.2.1"}).
 *
 * <p>Not thread-safe: build on one thread.
 */
final class TestZones {
    private TestZones() {}

    /** A zone at {@code origin} with a standard SOA (negative TTL 300) and {@code records}. */
    static Zone zone(String origin, String... records) {
        try {
            Name apex = Name.fromString(origin);
            SOARecord soa = (SOARecord) Record.fromString(apex, Type.SOA, DClass.IN, 900,
                    "ns1.ballast.test. hostmaster.ballast.test. 1 7200 900 1209600 300", apex);
            Zone.Builder zone = new Zone.Builder(soa);
            for (String line : records) {
                String[] parts = line.split(" ", 4);
                Name owner = parts[0].equals("@") ? apex : Name.fromString(parts[0], apex);
                zone.add(Record.fromString(owner, Type.value(parts[2]), DClass.IN, Long.parseLong(parts[1]),
                        parts[3], apex));
            }
            return zone.build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
