package dev.ballast.control.cloudformation.template;

import java.util.List;
import java.util.Map;

/**
 * One entry of a template's Resources block, as written (functions unevaluated).
 *
 * <p>Thread-safe (immutable apart from the property values, which nobody changes).
 *
 * @param logicalId the resource's name in the template
 * @param type e.g. {@code AWS::ElasticLoadBalancingV2::LoadBalancer}
 * @param properties the Properties member (empty when absent)
 * @param dependsOn the DependsOn member as a list
 * @param condition the Condition member, or null
 * @param deletionPolicy the DeletionPolicy member, or null ({@code Delete})
 */
public record TemplateResource(String logicalId, String type, Map<String, Object> properties,
                               List<String> dependsOn, String condition, String deletionPolicy) {
    /** Copies the lists and maps. */
    public TemplateResource {
        properties = Values.copyMap(properties);
        dependsOn = List.copyOf(dependsOn);
    }
}
