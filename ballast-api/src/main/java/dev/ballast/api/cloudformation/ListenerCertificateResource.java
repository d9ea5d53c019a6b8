package dev.ballast.api.cloudformation;

import dev.ballast.control.cloudformation.ResourceProvisioner;
import dev.ballast.control.cloudformation.StackResourceEntry;
import dev.ballast.control.elbv2.ElbControl;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code AWS::ElasticLoadBalancingV2::ListenerCertificate} on AddListenerCertificates and
 * RemoveListenerCertificates; any change replaces it.
 *
 * <p>Thread-safe (the commands are).
 */
final class ListenerCertificateResource implements ResourceProvisioner {
    private final ElbControl control;

    ListenerCertificateResource(ElbControl control) {
        this.control = control;
    }

    @Override
    public Set<String> properties() {
        return Set.of("ListenerArn", "Certificates");
    }

    @Override
    public Set<String> requiredProperties() {
        return Set.of("ListenerArn", "Certificates");
    }

    @Override
    public Set<String> replacingProperties() {
        return Set.of("ListenerArn", "Certificates");
    }

    @Override
    public Provisioned create(ResourceRequest request) {
        ResourceProperties p = new ResourceProperties(request.properties());
        control.listeners().addCertificates(p.required("ListenerArn"), certificates(p));
        return new Provisioned("listener-certificate-" + request.uniqueSuffix().toLowerCase(), Map.of());
    }

    @Override
    public Provisioned update(ResourceRequest request, StackResourceEntry current) {
        throw new IllegalStateException("every change of a ListenerCertificate replaces it");
    }

    @Override
    public void delete(StackResourceEntry current) {
        ResourceProperties p = new ResourceProperties(current.properties());
        control.listeners().removeCertificates(p.required("ListenerArn"), certificates(p));
    }

    private static List<String> certificates(ResourceProperties p) {
        List<String> out = new ArrayList<>();
        p.objects("Certificates").forEach(c -> out.add(String.valueOf(c.get("CertificateArn"))));
        return out;
    }
}
