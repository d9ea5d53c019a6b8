package dev.ballast.control.cloudformation;

import java.util.Map;

/**
 * One resource of a stack as it stands: its physical id, status and the evaluated properties and attributes it was
 * created or last updated with.
 *
 * <p>Thread-safe (immutable; the maps are copies).
 *
 * @param logicalId the resource's name in the template
 * @param type the resource type
 * @param physicalId what {@code Ref} gives, or null before it was created
 * @param status e.g. {@code CREATE_COMPLETE}
 * @param statusReason the reason of the last status, or null
 * @param updatedAt epoch millis of the last status change
 * @param properties the evaluated properties
 * @param attributes the values {@code Fn::GetAtt} gives, by attribute name
 */
public record StackResourceEntry(String logicalId, String type, String physicalId, String status,
                                 String statusReason, long updatedAt, Map<String, Object> properties,
                                 Map<String, Object> attributes) {
    /** Copies the maps. */
    public StackResourceEntry {
        properties = properties == null ? Map.of() : java.util.Collections.unmodifiableMap(
                new java.util.LinkedHashMap<>(properties));
        attributes = attributes == null ? Map.of() : java.util.Collections.unmodifiableMap(
                new java.util.LinkedHashMap<>(attributes));
    }

    /** This resource with {@code status} and {@code reason} at {@code at}. */
    public StackResourceEntry withStatus(String newStatus, String reason, long at) {
        return new StackResourceEntry(logicalId, type, physicalId, newStatus, reason, at, properties, attributes);
    }
}
