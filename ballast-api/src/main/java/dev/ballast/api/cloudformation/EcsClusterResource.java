package dev.ballast.api.cloudformation;

import dev.ballast.control.cloudformation.ResourceProvisioner;
import dev.ballast.control.cloudformation.StackResourceEntry;
import dev.ballast.control.ecs.EcsCluster;
import dev.ballast.control.ecs.EcsControl;
import dev.ballast.control.ecs.EcsTag;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code AWS::ECS::Cluster} on CreateCluster/DeleteCluster's commands: Ref is the cluster name; a new name
 * replaces it, other properties (capacity providers, settings) are recorded only.
 *
 * <p>Thread-safe (the commands are).
 */
final class EcsClusterResource implements ResourceProvisioner {
    private final EcsControl ecs;

    EcsClusterResource(EcsControl ecs) {
        this.ecs = ecs;
    }

    @Override
    public Set<String> properties() {
        return Set.of("ClusterName", "Tags", "ClusterSettings", "CapacityProviders",
                "DefaultCapacityProviderStrategy", "Configuration", "ServiceConnectDefaults");
    }

    @Override
    public Set<String> replacingProperties() {
        return Set.of("ClusterName");
    }

    @Override
    public String nameProperty() {
        return "ClusterName";
    }

    @Override
    public Provisioned create(ResourceRequest request) {
        ResourceProperties p = new ResourceProperties(request.properties());
        String name = p.string("ClusterName");
        List<EcsTag> tags = new ArrayList<>();
        p.keyValues("Tags").forEach((k, v) -> tags.add(new EcsTag(k, v)));
        EcsCluster cluster = ecs.clusters().create(name == null ? request.generatedName(255, "[^A-Za-z0-9_-]")
                : name, tags);
        return new Provisioned(cluster.name(), Map.of("Arn", cluster.arn()));
    }

    @Override
    public Provisioned update(ResourceRequest request, StackResourceEntry current) {
        return new Provisioned(current.physicalId(), current.attributes());
    }

    @Override
    public void delete(StackResourceEntry current) {
        if (ecs.clusters().list().stream().anyMatch(c -> c.name().equals(current.physicalId()))) {
            ecs.clusters().delete(current.physicalId());
        }
    }
}
