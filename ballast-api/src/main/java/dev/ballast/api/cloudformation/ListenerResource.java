package dev.ballast.api.cloudformation;

import dev.ballast.api.elbv2.Elbv2Requests;
import dev.ballast.control.cloudformation.ResourceProvisioner;
import dev.ballast.control.cloudformation.StackResourceEntry;
import dev.ballast.control.elbv2.ElbControl;
import dev.ballast.control.elbv2.ListenerEntry;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code AWS::ElasticLoadBalancingV2::Listener} on the ELBv2 commands: Ref is the ARN; a new load balancer
 * replaces it, everything else changes in place (ModifyListener), so the port's connections stay up.
 *
 * <p>Thread-safe (the commands are).
 */
final class ListenerResource implements ResourceProvisioner {
    private static final Set<String> PROPERTIES = Set.of("LoadBalancerArn", "Port", "Protocol", "DefaultActions",
            "Certificates", "SslPolicy", "AlpnPolicy");

    private final ElbControl control;

    ListenerResource(ElbControl control) {
        this.control = control;
    }

    @Override
    public Set<String> properties() {
        return PROPERTIES;
    }

    @Override
    public Set<String> requiredProperties() {
        return Set.of("DefaultActions", "LoadBalancerArn");
    }

    @Override
    public Set<String> replacingProperties() {
        return Set.of("LoadBalancerArn");
    }

    @Override
    public Provisioned create(ResourceRequest request) {
        var p = QueryForm.of(request.properties());
        ListenerEntry listener = control.listeners().create(p.required("LoadBalancerArn"),
                Elbv2Requests.listenerSettings(p, true), List.of());
        return provisioned(listener.arn());
    }

    @Override
    public Provisioned update(ResourceRequest request, StackResourceEntry current) {
        control.listeners().modify(current.physicalId(),
                Elbv2Requests.listenerSettings(QueryForm.of(request.properties()), false));
        return provisioned(current.physicalId());
    }

    @Override
    public void delete(StackResourceEntry current) {
        control.listeners().delete(current.physicalId());
    }

    private static Provisioned provisioned(String arn) {
        return new Provisioned(arn, Map.of("ListenerArn", arn));
    }
}
