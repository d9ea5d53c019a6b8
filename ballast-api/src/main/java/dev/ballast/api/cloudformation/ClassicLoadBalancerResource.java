package dev.ballast.api.cloudformation;

import dev.ballast.api.classic.ClassicRequests;
import dev.ballast.api.query.QueryParams;
import dev.ballast.control.classic.ClassicControl;
import dev.ballast.control.classic.ClassicHealthCheck;
import dev.ballast.control.classic.ClassicListener;
import dev.ballast.control.classic.ClassicLoadBalancer;
import dev.ballast.control.cloudformation.ResourceProvisioner;
import dev.ballast.control.cloudformation.StackResourceEntry;
import dev.ballast.control.elbv2.Tags;
import dev.ballast.control.error.AwsError;
import dev.ballast.control.error.AwsException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * {@code AWS::ElasticLoadBalancing::LoadBalancer} (Classic) on the Classic commands: Ref is the name; a new name,
 * scheme or set of zones replaces it; listeners, the health check, instances, attributes, policies, subnets,
 * security groups and tags change in place, as AWS's resource reference says.
 *
 * <p>Thread-safe (the commands are).
 */
final class ClassicLoadBalancerResource implements ResourceProvisioner {
    private static final Set<String> PROPERTIES = Set.of("LoadBalancerName", "Listeners", "HealthCheck", "Instances",
            "Subnets", "AvailabilityZones", "SecurityGroups", "Scheme", "CrossZone", "ConnectionDrainingPolicy",
            "ConnectionSettings", "AccessLoggingPolicy", "Policies", "AppCookieStickinessPolicy",
            "LBCookieStickinessPolicy", "Tags");
    private static final Set<String> POLICY_PROPERTIES = Set.of("Listeners", "Policies", "AppCookieStickinessPolicy",
            "LBCookieStickinessPolicy");

    private final ClassicControl control;

    ClassicLoadBalancerResource(ClassicControl control) {
        this.control = control;
    }

    @Override
    public Set<String> properties() {
        return PROPERTIES;
    }

    @Override
    public Set<String> requiredProperties() {
        return Set.of("Listeners");
    }

    /**
     * AWS replaces the load balancer for a new name or scheme, and for zones given or taken away entirely; Ballast
     * has no EnableAvailabilityZonesForLoadBalancer, so any change of the zones replaces it.
     */
    @Override
    public Set<String> replacingProperties() {
        return Set.of("LoadBalancerName", "Scheme", "AvailabilityZones");
    }

    @Override
    public String nameProperty() {
        return "LoadBalancerName";
    }

    @Override
    public Provisioned create(ResourceRequest request) {
        Map<String, Object> properties = new LinkedHashMap<>(request.properties());
        properties.putIfAbsent("LoadBalancerName", request.generatedName(32, "[^A-Za-z0-9-]"));
        QueryParams p = QueryForm.of(properties);
        String name = p.required("LoadBalancerName");
        if (control.state().loadBalancers().containsKey(name)) {
            // CreateLoadBalancer would return the existing one (it is idempotent); a stack must not adopt it
            throw new AwsException(AwsError.DUPLICATE_LOAD_BALANCER_NAME, name + " already exists");
        }
        ClassicLoadBalancer lb = control.create(new ClassicControl.Create(name, ClassicRequests.listeners(p),
                p.list("AvailabilityZones"), p.list("Subnets"), p.list("SecurityGroups"),
                ClassicRequests.scheme(p.get("Scheme")), tags(p)));
        try {
            if (p.struct("HealthCheck") != null) {
                control.configureHealthCheck(name, ClassicRequests.healthCheck(p));
            }
            if (hasAttributes(p)) {
                control.modifyAttributes(name, ClassicStackAttributes.of(p));
            }
            ClassicStackPolicies.of(p).apply(control.policies(), name);
            List<String> instances = p.listOrEmpty("Instances");
            if (!instances.isEmpty()) {
                control.register(name, instances);
            }
        } catch (RuntimeException e) {
            control.delete(lb.name()); // the resource failed: nothing of it stays behind
            throw e;
        }
        return provisioned(name);
    }

    @Override
    public Provisioned update(ResourceRequest request, StackResourceEntry current) {
        String name = current.physicalId();
        Map<String, Object> properties = new LinkedHashMap<>(request.properties());
        properties.putIfAbsent("LoadBalancerName", name);
        QueryParams now = QueryForm.of(properties);
        QueryParams before = QueryForm.of(current.properties());
        boolean policiesChanged = POLICY_PROPERTIES.stream().anyMatch(k -> !Objects.equals(
                request.properties().get(k), current.properties().get(k)));
        if (policiesChanged) {
            ClassicStackPolicies.of(before).remove(control.policies(), control.get(name));
        }
        updateListeners(name, ClassicRequests.listeners(before), ClassicRequests.listeners(now));
        List<String> subnets = now.listOrEmpty("Subnets");
        List<String> oldSubnets = before.listOrEmpty("Subnets");
        if (!subnets.equals(oldSubnets) && !subnets.isEmpty()) {
            List<String> added = subnets.stream().filter(s -> !oldSubnets.contains(s)).toList();
            List<String> gone = oldSubnets.stream().filter(s -> !subnets.contains(s)).toList();
            if (!added.isEmpty()) {
                control.attachSubnets(name, added);
            }
            if (!gone.isEmpty()) {
                control.detachSubnets(name, gone);
            }
        }
        List<String> groups = now.listOrEmpty("SecurityGroups");
        if (!groups.equals(before.listOrEmpty("SecurityGroups")) && !groups.isEmpty()) {
            control.applySecurityGroups(name, groups);
        }
        ClassicLoadBalancer lb = control.get(name);
        ClassicHealthCheck check = now.struct("HealthCheck") != null ? ClassicRequests.healthCheck(now)
                : ClassicHealthCheck.defaultFor(lb.listeners().get(0).instancePort());
        if (!check.equals(lb.healthCheck())) {
            control.configureHealthCheck(name, check);
        }
        control.modifyAttributes(name, ClassicStackAttributes.of(now));
        if (policiesChanged) {
            ClassicStackPolicies.of(now).apply(control.policies(), name);
        }
        updateInstances(name, before.listOrEmpty("Instances"), now.listOrEmpty("Instances"));
        updateTags(name, tags(before), tags(now));
        return provisioned(name);
    }

    @Override
    public void delete(StackResourceEntry current) {
        control.delete(current.physicalId());
    }

    /** Removes the listeners that left or changed, then adds the new and changed ones. */
    private void updateListeners(String name, List<ClassicListener> before, List<ClassicListener> now) {
        List<Integer> gone = before.stream().filter(l -> !now.contains(l)).map(ClassicListener::loadBalancerPort)
                .toList();
        if (!gone.isEmpty()) {
            control.deleteListeners(name, gone);
        }
        List<ClassicListener> added = now.stream().filter(l -> !before.contains(l)).toList();
        if (!added.isEmpty()) {
            control.createListeners(name, added);
        }
    }

    private void updateInstances(String name, List<String> before, List<String> now) {
        List<String> gone = before.stream().filter(i -> !now.contains(i)).toList();
        List<String> added = now.stream().filter(i -> !before.contains(i)).toList();
        if (!gone.isEmpty()) {
            control.deregister(name, gone);
        }
        if (!added.isEmpty()) {
            control.register(name, added);
        }
    }

    private void updateTags(String name, List<Tags.Tag> before, List<Tags.Tag> now) {
        List<String> gone = before.stream().map(Tags.Tag::key)
                .filter(k -> now.stream().noneMatch(t -> t.key().equals(k))).toList();
        if (!gone.isEmpty()) {
            control.removeTags(List.of(name), gone);
        }
        if (!now.isEmpty() && !now.equals(before)) {
            control.addTags(List.of(name), now);
        }
    }

    private static boolean hasAttributes(QueryParams p) {
        return p.get("CrossZone") != null || p.struct("ConnectionDrainingPolicy") != null
                || p.struct("ConnectionSettings") != null || p.struct("AccessLoggingPolicy") != null;
    }

    private static List<Tags.Tag> tags(QueryParams p) {
        List<Tags.Tag> out = new ArrayList<>();
        p.keyValues("Tags").forEach((k, v) -> out.add(new Tags.Tag(k, v)));
        return out;
    }

    private Provisioned provisioned(String name) {
        ClassicLoadBalancer lb = control.get(name);
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("DNSName", lb.dnsName());
        attributes.put("CanonicalHostedZoneName", lb.dnsName());
        attributes.put("CanonicalHostedZoneNameID", ClassicRequests.HOSTED_ZONE);
        // What DescribeLoadBalancers shows as SourceSecurityGroup: the group instances admit traffic from.
        attributes.put("SourceSecurityGroup.GroupName", ClassicRequests.SOURCE_SECURITY_GROUP);
        attributes.put("SourceSecurityGroup.OwnerAlias", ClassicRequests.SOURCE_SECURITY_GROUP_OWNER);
        return new Provisioned(name, attributes);
    }
}
