package dev.ballast.core.dns;

import java.util.List;

/**
 * A Route 53 hosted zone as the DNS serves it: its name and its record sets (SOA and NS at the apex included).
 *
 * <p>Thread-safe (immutable).
 *
 * @param id the zone id without the {@code /hostedzone/} prefix
 * @param name absolute and lower case, with the trailing dot
 * @param privateZone true for a private zone (associated with VPCs)
 */
public record HostedZone(String id, String name, boolean privateZone, List<ResourceRecordSet> recordSets) {
    /** Copies the record sets. */
    public HostedZone {
        recordSets = List.copyOf(recordSets);
    }
}
