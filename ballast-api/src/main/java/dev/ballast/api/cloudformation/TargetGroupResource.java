package dev.ballast.api.cloudformation;

import dev.ballast.api.elbv2.Elbv2Requests;
import dev.ballast.api.query.QueryParams;
import dev.ballast.control.cloudformation.ResourceProvisioner;
import dev.ballast.control.cloudformation.StackResourceEntry;
import dev.ballast.control.elbv2.ElbControl;
import dev.ballast.control.elbv2.ElbQueries;
import dev.ballast.control.elbv2.TargetGroupCommands;
import dev.ballast.control.elbv2.TargetGroupEntry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code AWS::ElasticLoadBalancingV2::TargetGroup} on the ELBv2 commands: Ref is the ARN; name, port, protocol,
 * target type and VPC replace it; the health check, attributes and targets change in place (ModifyTargetGroup,
 * ModifyTargetGroupAttributes, RegisterTargets/DeregisterTargets).
 *
 * <p>Thread-safe (the commands are).
 */
final class TargetGroupResource implements ResourceProvisioner {
    private static final Set<String> PROPERTIES = Set.of("Name", "Protocol", "ProtocolVersion", "Port", "VpcId",
            "TargetType", "HealthCheckEnabled", "HealthCheckIntervalSeconds", "HealthCheckPath", "HealthCheckPort",
            "HealthCheckProtocol", "HealthCheckTimeoutSeconds", "HealthyThresholdCount", "UnhealthyThresholdCount",
            "Matcher", "Targets", "TargetGroupAttributes", "IpAddressType", "Tags");

    private final ElbControl control;

    TargetGroupResource(ElbControl control) {
        this.control = control;
    }

    @Override
    public Set<String> properties() {
        return PROPERTIES;
    }

    @Override
    public Set<String> replacingProperties() {
        return Set.of("Name", "Port", "Protocol", "ProtocolVersion", "TargetType", "VpcId", "IpAddressType");
    }

    @Override
    public String nameProperty() {
        return "Name";
    }

    @Override
    public Provisioned create(ResourceRequest request) {
        Map<String, Object> properties = new LinkedHashMap<>(request.properties());
        properties.putIfAbsent("Name", request.generatedName(32, "[^A-Za-z0-9-]"));
        QueryParams p = QueryForm.of(properties);
        TargetGroupEntry tg = control.targetGroups().create(Elbv2Requests.targetGroup(p));
        Map<String, String> attributes = new ResourceProperties(properties).keyValues("TargetGroupAttributes");
        if (!attributes.isEmpty()) {
            control.targetGroups().modifyAttributes(tg.arn(), attributes);
        }
        List<TargetGroupCommands.TargetRef> targets = Elbv2Requests.targets(p);
        if (!targets.isEmpty()) {
            control.targetGroups().register(tg.arn(), targets);
        }
        return provisioned(tg.arn());
    }

    @Override
    public Provisioned update(ResourceRequest request, StackResourceEntry current) {
        String arn = current.physicalId();
        QueryParams now = QueryForm.of(request.properties());
        control.targetGroups().modify(arn, Elbv2Requests.healthCheck(now));
        Map<String, String> attributes = new ResourceProperties(request.properties()).keyValues(
                "TargetGroupAttributes");
        if (!attributes.isEmpty()) {
            control.targetGroups().modifyAttributes(arn, attributes);
        }
        List<TargetGroupCommands.TargetRef> wanted = Elbv2Requests.targets(now);
        List<TargetGroupCommands.TargetRef> had = Elbv2Requests.targets(QueryForm.of(current.properties()));
        List<TargetGroupCommands.TargetRef> gone = new ArrayList<>(had);
        gone.removeAll(wanted);
        List<TargetGroupCommands.TargetRef> added = new ArrayList<>(wanted);
        added.removeAll(had);
        if (!gone.isEmpty()) {
            control.targetGroups().deregister(arn, gone);
        }
        if (!added.isEmpty()) {
            control.targetGroups().register(arn, added);
        }
        return provisioned(arn);
    }

    @Override
    public void delete(StackResourceEntry current) {
        control.targetGroups().delete(current.physicalId());
    }

    private Provisioned provisioned(String arn) {
        TargetGroupEntry tg = control.state().targetGroups().get(arn);
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("TargetGroupArn", arn);
        attributes.put("TargetGroupName", tg.model().name());
        attributes.put("TargetGroupFullName", arn.substring(arn.lastIndexOf(':') + 1));
        attributes.put("LoadBalancerArns", List.copyOf(ElbQueries.loadBalancersUsing(control.state(), arn)));
        return new Provisioned(arn, attributes);
    }
}
