package dev.ballast.control.classic;

import java.util.List;

/**
 * A policy of a Classic Load Balancer (or one of AWS's predefined and sample policies): its name, its policy type and
 * its attributes in the order they were given.
 *
 * <p>Thread-safe (immutable).
 */
public record ClassicPolicy(String name, String typeName, List<Attribute> attributes) {
    /** One attribute of a policy. */
    public record Attribute(String name, String value) {}

    /** Copies the attributes. */
    public ClassicPolicy {
        attributes = List.copyOf(attributes == null ? List.of() : attributes);
    }

    /** The value of attribute {@code attributeName}, or null. */
    public String attribute(String attributeName) {
        return attributes.stream().filter(a -> a.name().equals(attributeName)).map(Attribute::value).findFirst()
                .orElse(null);
    }
}
