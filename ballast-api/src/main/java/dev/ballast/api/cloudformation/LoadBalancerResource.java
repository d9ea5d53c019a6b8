package dev.ballast.api.cloudformation;

import dev.ballast.api.elbv2.Elbv2Requests;
import dev.ballast.control.cloudformation.ResourceProvisioner;
import dev.ballast.control.cloudformation.StackResourceEntry;
import dev.ballast.control.elbv2.ElbControl;
import dev.ballast.control.elbv2.LoadBalancerEntry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * {@code AWS::ElasticLoadBalancingV2::LoadBalancer} on the ELBv2 commands: Ref is the ARN; Name, Scheme and Type
 * replace it, subnets, security groups, IP address type and attributes change in place.
 *
 * <p>Thread-safe (the commands are).
 */
final class LoadBalancerResource implements ResourceProvisioner {
    private static final Set<String> PROPERTIES = Set.of("Name", "Scheme", "Subnets", "SubnetMappings",
            "SecurityGroups", "Type", "IpAddressType", "LoadBalancerAttributes", "Tags");

    private final ElbControl control;

    LoadBalancerResource(ElbControl control) {
        this.control = control;
    }

    @Override
    public Set<String> properties() {
        return PROPERTIES;
    }

    @Override
    public Set<String> replacingProperties() {
        return Set.of("Name", "Scheme", "Type", "SubnetMappings");
    }

    @Override
    public String nameProperty() {
        return "Name";
    }

    @Override
    public Provisioned create(ResourceRequest request) {
        Map<String, Object> properties = new LinkedHashMap<>(request.properties());
        properties.putIfAbsent("Name", request.generatedName(32, "[^A-Za-z0-9-]"));
        LoadBalancerEntry lb = control.loadBalancers().create(Elbv2Requests.loadBalancer(QueryForm.of(properties)));
        Map<String, String> attributes = new ResourceProperties(properties).keyValues("LoadBalancerAttributes");
        if (!attributes.isEmpty()) {
            control.loadBalancers().modifyAttributes(lb.arn(), attributes);
        }
        return provisioned(lb.arn());
    }

    @Override
    public Provisioned update(ResourceRequest request, StackResourceEntry current) {
        String arn = current.physicalId();
        ResourceProperties now = new ResourceProperties(request.properties());
        ResourceProperties before = new ResourceProperties(current.properties());
        if (!Objects.equals(now.strings("SecurityGroups"), before.strings("SecurityGroups"))) {
            List<String> groups = now.strings("SecurityGroups");
            control.loadBalancers().setSecurityGroups(arn, groups == null ? List.of() : groups);
        }
        if (now.strings("Subnets") != null && !now.strings("Subnets").equals(before.strings("Subnets"))) {
            control.loadBalancers().setSubnets(arn, now.strings("Subnets"));
        }
        if (now.string("IpAddressType") != null && !now.string("IpAddressType")
                .equals(before.string("IpAddressType"))) {
            control.loadBalancers().setIpAddressType(arn, now.string("IpAddressType"));
        }
        Map<String, String> attributes = now.keyValues("LoadBalancerAttributes");
        if (!attributes.equals(before.keyValues("LoadBalancerAttributes")) && !attributes.isEmpty()) {
            control.loadBalancers().modifyAttributes(arn, attributes);
        }
        return provisioned(arn);
    }

    @Override
    public void delete(StackResourceEntry current) {
        control.loadBalancers().delete(current.physicalId());
    }

    private Provisioned provisioned(String arn) {
        LoadBalancerEntry lb = control.state().loadBalancers().get(arn);
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("LoadBalancerArn", arn);
        attributes.put("DNSName", lb.model().dnsName());
        attributes.put("CanonicalHostedZoneID", Elbv2Requests.canonicalHostedZoneId(lb.model().type()));
        attributes.put("LoadBalancerFullName", arn.substring(arn.indexOf(":loadbalancer/") + ":loadbalancer/".length()));
        attributes.put("LoadBalancerName", lb.model().name());
        attributes.put("SecurityGroups", lb.securityGroups());
        return new Provisioned(arn, attributes);
    }
}
