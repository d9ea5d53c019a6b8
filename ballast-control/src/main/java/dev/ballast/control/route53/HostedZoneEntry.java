package dev.ballast.control.route53;

import dev.ballast.core.dns.HostedZone;
import dev.ballast.core.dns.ResourceRecordSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A stored hosted zone: what CreateHostedZone was given, its record sets (the apex SOA and NS first) and its tags.
 *
 * <p>Thread-safe (immutable).
 *
 * @param id without the {@code /hostedzone/} prefix, e.g. {@code Z0A1B2C3D4E5F6G7H8I9J}
 * @param name absolute and lower case, with the trailing dot
 * @param createdAt epoch milliseconds
 */
public record HostedZoneEntry(String id, String name, String callerReference, String comment, boolean privateZone,
                              List<HostedZoneVpc> vpcs, long createdAt, List<ResourceRecordSet> recordSets,
                              Map<String, String> tags) {
    /** Copies the lists; tags sorted by key. */
    public HostedZoneEntry {
        vpcs = vpcs == null ? List.of() : List.copyOf(vpcs);
        recordSets = List.copyOf(recordSets);
        tags = tags == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(tags));
    }

    /** This zone with {@code next} record sets. */
    public HostedZoneEntry withRecordSets(List<ResourceRecordSet> next) {
        return new HostedZoneEntry(id, name, callerReference, comment, privateZone, vpcs, createdAt, next, tags);
    }

    /** This zone with {@code next} tags. */
    public HostedZoneEntry withTags(Map<String, String> next) {
        return new HostedZoneEntry(id, name, callerReference, comment, privateZone, vpcs, createdAt, recordSets,
                next);
    }

    /** The zone as the DNS serves it. */
    public HostedZone toZone() {
        return new HostedZone(id, name, privateZone, recordSets);
    }
}
