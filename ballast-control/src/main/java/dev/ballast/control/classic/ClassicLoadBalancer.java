package dev.ballast.control.classic;

import dev.ballast.control.elbv2.Tags;
import dev.ballast.core.model.Scheme;
import java.util.List;

/**
 * A Classic Load Balancer as the API keeps it: its listeners, one health check for every instance, the registered
 * instances (ids, see {@link ClassicInstances}), its attributes, tags and policies.
 *
 * @param bindAddress the local address its listeners bind
 * @param createdAt creation time, epoch milliseconds
 *
 * <p>Thread-safe (immutable).
 */
public record ClassicLoadBalancer(String name, Scheme scheme, String dnsName, String bindAddress, long createdAt,
                                  List<ClassicListener> listeners, ClassicHealthCheck healthCheck,
                                  List<String> instances, ClassicAttributes attributes, List<String> availabilityZones,
                                  List<String> subnets, List<String> securityGroups, Tags tags,
                                  ClassicPolicies policies) {
    /** Copies the lists; a load balancer stored before policies existed has none. */
    public ClassicLoadBalancer {
        listeners = List.copyOf(listeners);
        instances = List.copyOf(instances);
        availabilityZones = List.copyOf(availabilityZones);
        subnets = List.copyOf(subnets);
        securityGroups = List.copyOf(securityGroups);
        tags = tags == null ? Tags.NONE : tags;
        policies = policies == null ? ClassicPolicies.NONE : policies;
    }

    /** A load balancer without policies. */
    public ClassicLoadBalancer(String name, Scheme scheme, String dnsName, String bindAddress, long createdAt,
                               List<ClassicListener> listeners, ClassicHealthCheck healthCheck, List<String> instances,
                               ClassicAttributes attributes, List<String> availabilityZones, List<String> subnets,
                               List<String> securityGroups, Tags tags) {
        this(name, scheme, dnsName, bindAddress, createdAt, listeners, healthCheck, instances, attributes,
                availabilityZones, subnets, securityGroups, tags, ClassicPolicies.NONE);
    }

    /** This load balancer in other subnets and their zones. */
    public ClassicLoadBalancer withSubnets(List<String> nextSubnets, List<String> nextZones) {
        return new ClassicLoadBalancer(name, scheme, dnsName, bindAddress, createdAt, listeners, healthCheck,
                instances, attributes, nextZones, nextSubnets, securityGroups, tags, policies);
    }

    /** This load balancer with other policies. */
    public ClassicLoadBalancer withPolicies(ClassicPolicies next) {
        return new ClassicLoadBalancer(name, scheme, dnsName, bindAddress, createdAt, listeners, healthCheck,
                instances, attributes, availabilityZones, subnets, securityGroups, tags, next);
    }

    /** This load balancer with other listeners. */
    public ClassicLoadBalancer withListeners(List<ClassicListener> next) {
        return new ClassicLoadBalancer(name, scheme, dnsName, bindAddress, createdAt, next, healthCheck, instances,
                attributes, availabilityZones, subnets, securityGroups, tags, policies);
    }

    /** This load balancer with another health check. */
    public ClassicLoadBalancer withHealthCheck(ClassicHealthCheck next) {
        return new ClassicLoadBalancer(name, scheme, dnsName, bindAddress, createdAt, listeners, next, instances,
                attributes, availabilityZones, subnets, securityGroups, tags, policies);
    }

    /** This load balancer with other instances. */
    public ClassicLoadBalancer withInstances(List<String> next) {
        return new ClassicLoadBalancer(name, scheme, dnsName, bindAddress, createdAt, listeners, healthCheck, next,
                attributes, availabilityZones, subnets, securityGroups, tags, policies);
    }

    /** This load balancer with other attributes. */
    public ClassicLoadBalancer withAttributes(ClassicAttributes next) {
        return new ClassicLoadBalancer(name, scheme, dnsName, bindAddress, createdAt, listeners, healthCheck,
                instances, next, availabilityZones, subnets, securityGroups, tags, policies);
    }

    /** This load balancer with other security groups. */
    public ClassicLoadBalancer withSecurityGroups(List<String> next) {
        return new ClassicLoadBalancer(name, scheme, dnsName, bindAddress, createdAt, listeners, healthCheck,
                instances, attributes, availabilityZones, subnets, next, tags);
    }

    /** This load balancer with other tags. */
    public ClassicLoadBalancer withTags(Tags next) {
        return new ClassicLoadBalancer(name, scheme, dnsName, bindAddress, createdAt, listeners, healthCheck,
                instances, attributes, availabilityZones, subnets, securityGroups, next, policies);
    }
}
