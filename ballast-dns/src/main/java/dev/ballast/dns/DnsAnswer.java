package dev.ballast.dns;

import java.util.List;
import org.xbill.DNS.Record;

/**
 * What the zones say about one question: the response code, whether Ballast is authoritative for the name, and the
 * records of the answer and authority sections.
 *
 * <p>Thread-safe (immutable).
 *
 * @param rcode {@link org.xbill.DNS.Rcode} of the last name looked up (after following CNAMEs)
 * @param authoritative true when the first name is in one of Ballast's zones (the AA flag)
 * @param answer the answer section: CNAMEs followed, then the records asked for
 * @param authority the authority section: the zone's SOA for NXDOMAIN and NODATA
 */
public record DnsAnswer(int rcode, boolean authoritative, List<Record> answer, List<Record> authority) {
    /** Copies the lists. */
    public DnsAnswer {
        answer = List.copyOf(answer);
        authority = List.copyOf(authority);
    }
}
