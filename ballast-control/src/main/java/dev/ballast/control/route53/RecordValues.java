package dev.ballast.control.route53;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * Checks the values of a record set as Route 53 does before accepting a change: each value must be the record data
 * of its type in presentation format (the DNS serves it by parsing it the same way), TXT and SPF strings quoted, one
 * value for CNAME. Messages follow Route 53's {@code Invalid Resource Record: 'FATAL problem: ...'} form.
 *
 * <p>Thread-safe (stateless).
 */
final class RecordValues {
    /** The record types Route 53 accepts (its RRType). */
    static final Set<String> TYPES = Set.of("SOA", "A", "TXT", "NS", "CNAME", "MX", "NAPTR", "PTR", "SRV", "SPF",
            "AAAA", "CAA", "DS");

    private RecordValues() {}

    /** The problems of {@code values} for a record set {@code name}/{@code type}; empty when they are fine. */
    static List<String> problems(String name, String type, List<String> values) {
        List<String> problems = new ArrayList<>();
        if (type.equals("CNAME") && values.size() > 1) {
            problems.add("RRSet of type CNAME with DNS name " + name + " contains more than one value");
        }
        Name owner;
        try {
            owner = Name.fromString(name);
        } catch (org.xbill.DNS.TextParseException e) {
            return problems; // the name itself was reported
        }
        for (String value : values) {
            String problem = problem(owner, type, value);
            if (problem != null) {
                problems.add("Invalid Resource Record: 'FATAL problem: " + problem + " encountered with '" + value
                        + "''");
            }
        }
        return problems;
    }

    private static String problem(Name owner, String type, String value) {
        if (value.isBlank()) {
            return "EmptyValue (Value is empty)";
        }
        if ((type.equals("TXT") || type.equals("SPF")) && !value.trim().startsWith("\"")) {
            return "InvalidCharacterString (Value should be enclosed in quotation marks)";
        }
        try {
            Record.fromString(owner, Type.value(type), DClass.IN, 300, value, Name.root);
            return null;
        } catch (Exception e) {
            return switch (type) {
                case "A" -> "ARRDATAIllegalIPv4Address (Value is not a valid IPv4 address)";
                case "AAAA" -> "AAAARRDATAIllegalIPv6Address (Value is not a valid IPv6 address)";
                default -> "InvalidRDATA (" + e.getMessage() + ")";
            };
        }
    }
}
