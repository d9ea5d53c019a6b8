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
 * @param chosen true when the answer was chosen for this query (weighted or multivalue routing), so the next query
 *     may get another one and the response must not be cached
 */
public record DnsAnswer(int rcode, boolean authoritative, List<Record> answer, List<Record> authority,
                        boolean chosen) {
    /** Copies the lists. */
    public DnsAnswer {
        answer = List.copyOf(answer);
        authority = List.copyOf(authority);
    }

    /** An answer every query for the name and type gets. */
    public DnsAnswer(int rcode, boolean authoritative, List<Record> answer, List<Record> authority) {
        this(rcode, authoritative, answer, authority, false);
    }
}
