package dev.ballast.control.cloudformation;

import java.util.Map;
import java.util.Set;

/**
 * How one resource type is created, updated and deleted: through the same control-plane commands its own API
 * calls.
 *
 * <p>Implementations are thread-safe (the stack runner calls them from its own thread).
 */
public interface ResourceProvisioner {
    /** The top-level properties the type accepts; any other is an error naming it. */
    Set<String> properties();

    /** The properties the type cannot do without. */
    default Set<String> requiredProperties() {
        return Set.of();
    }

    /**
     * The properties whose change replaces the resource (AWS's "Update requires: Replacement"); a change of any other
     * is made in place by {@link #update}.
     */
    Set<String> replacingProperties();

    /** The property that names the resource when given (a custom name cannot be replaced), or null. */
    default String nameProperty() {
        return null;
    }

    /** Creates the resource. */
    Provisioned create(ResourceRequest request);

    /** Changes {@code current} in place to {@code request}'s properties. */
    Provisioned update(ResourceRequest request, StackResourceEntry current);

    /** Deletes {@code current}; a resource that is already gone is not an error. */
    void delete(StackResourceEntry current);

    /** A note for the resource's CREATE_COMPLETE event (placeholders say they have no effect), or null. */
    default String note() {
        return null;
    }

    /**
     * What a create or update made.
     *
     * @param physicalId what {@code Ref} gives
     * @param attributes what {@code Fn::GetAtt} gives, by attribute name
     */
    record Provisioned(String physicalId, Map<String, Object> attributes) {
        /** Copies the attributes. */
        public Provisioned {
            attributes = Map.copyOf(attributes);
        }
    }

    /**
     * One resource to create or update.
     *
     * @param stackName the stack's name
     * @param logicalId the resource's logical id
     * @param properties the evaluated properties
     * @param uniqueSuffix random characters for a generated name
     */
    record ResourceRequest(String stackName, String logicalId, Map<String, Object> properties,
                           String uniqueSuffix) {
        /**
         * The name CloudFormation generates when the template gives none: {@code stack-logicalId-SUFFIX}, cut to
         * {@code maxLength} characters (the suffix kept) with only the characters {@code allowed} matches.
         */
        public String generatedName(int maxLength, String disallowed) {
            String base = (stackName + "-" + logicalId).replaceAll(disallowed, "");
            int room = Math.max(1, maxLength - uniqueSuffix.length() - 1);
            return (base.length() > room ? base.substring(0, room) : base) + "-" + uniqueSuffix;
        }

        /** The value of property {@code name}, or null. */
        public Object property(String name) {
            return properties.get(name);
        }
    }
}
