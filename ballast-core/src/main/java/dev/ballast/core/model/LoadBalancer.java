package dev.ballast.core.model;

import dev.ballast.core.validation.Check;

/**
 * A load balancer: a named set of listeners bound on {@code bindAddress}.
 *
 * @param bindAddress the local address its listeners bind (e.g. {@code 0.0.0.0}, {@code 127.0.10.1})
 *
 * <p>Thread-safe (immutable).
 */
public record LoadBalancer(String arn, String name, LoadBalancerType type, Scheme scheme, String dnsName,
                           String bindAddress, LoadBalancerAttributes attributes) {
    /** Validates the name with AWS's rules and fills default attributes. */
    public LoadBalancer {
        Check.text("LoadBalancerArn", arn);
        Check.resourceName("Name", name);
        Check.that(!name.startsWith("internal-"), "Name", name, "a name not beginning with internal-");
        Check.present("Type", type);
        Check.present("Scheme", scheme);
        Check.text("BindAddress", bindAddress);
        attributes = attributes == null ? LoadBalancerAttributes.defaults(type) : attributes;
    }
}
