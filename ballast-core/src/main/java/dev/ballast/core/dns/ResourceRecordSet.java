package dev.ballast.core.dns;

import java.util.List;

/**
 * One Route 53 resource record set: a name and type with either a TTL and values (in the zone-file presentation
 * format, e.g. {@code 10 mail.example.com.} for MX) or an alias target; the routing fields tell record sets of one
 * name and type apart.
 *
 * <p>Thread-safe (immutable).
 *
 * @param name absolute and lower case, with the trailing dot
 * @param ttl null for an alias
 * @param values empty for an alias
 * @param aliasTarget null unless an alias
 * @param setIdentifier null for a simple record set
 * @param weight null unless weighted
 * @param multiValueAnswer null unless a multivalue answer record set
 */
public record ResourceRecordSet(String name, String type, Long ttl, List<String> values, AliasTarget aliasTarget,
                                String setIdentifier, Long weight, Boolean multiValueAnswer) {
    /** Copies the values; null is empty. */
    public ResourceRecordSet {
        values = values == null ? List.of() : List.copyOf(values);
    }

    /** A simple record set with {@code values}. */
    public static ResourceRecordSet simple(String name, String type, long ttl, List<String> values) {
        return new ResourceRecordSet(name, type, ttl, values, null, null, null, null);
    }

    /** True when this set and {@code other} have the same name, type and set identifier (one key in a zone). */
    public boolean sameKey(ResourceRecordSet other) {
        return name.equals(other.name) && type.equals(other.type)
                && java.util.Objects.equals(setIdentifier, other.setIdentifier);
    }
}
