package dev.ballast.control.ecs;

import dev.ballast.control.error.AwsError;
import dev.ballast.control.error.AwsException;
import java.util.List;

/**
 * The checks a service's {@code serviceRegistries} must pass, with ECS's messages where it has them: at most one
 * registry, an existing Cloud Map service, and a port for SRV records (awsvpc: {@code port} or a container and
 * container port; bridge and host: always a container and container port the task definition has).
 *
 * <p>Thread-safe (stateless; the lookup is).
 */
final class ServiceRegistryChecks {
    private ServiceRegistryChecks() {}

    /** Checks {@code registries} of a service running {@code definition}. */
    static void check(EcsTaskDefinition definition, List<EcsServiceRegistry> registries,
                      ServiceRegistryLookup lookup) {
        if (registries.size() > 1) {
            throw invalid("serviceRegistries: " + registries.size() + " entries (expected: at most 1; a service can "
                    + "have one service registry)");
        }
        for (EcsServiceRegistry registry : registries) {
            if (registry.registryArn() == null) {
                throw invalid("serviceRegistries.registryArn: missing (expected: the ARN of a Cloud Map service)");
            }
            List<String> types = lookup.recordTypes(registry.registryArn());
            if (types == null) {
                throw invalid("serviceRegistries.registryArn: " + registry.registryArn() + " (expected: the ARN of "
                        + "an existing Cloud Map service)");
            }
            boolean awsvpc = definition.networkMode().equals("awsvpc");
            boolean container = registry.containerName() != null || registry.containerPort() != null;
            if (!awsvpc && (registry.containerName() == null || registry.containerPort() == null)) {
                throw invalid("When specifying 'host' or 'bridge' for networkMode, values for 'containerName' and "
                        + "'containerPort' must be specified from the task definition.");
            }
            if (registry.port() != null && container) {
                throw invalid("serviceRegistries: " + registry + " (expected: either port or containerName with "
                        + "containerPort)");
            }
            if (container) {
                checkContainer(definition, registry);
            }
            if (types.contains("SRV") && registry.port() == null && !container) {
                throw invalid("serviceRegistries: " + registry + " (expected: port, or containerName with "
                        + "containerPort, for the SRV record of Cloud Map service " + registry.registryArn() + ")");
            }
        }
    }

    private static void checkContainer(EcsTaskDefinition definition, EcsServiceRegistry registry) {
        if (registry.containerName() == null || registry.containerPort() == null) {
            throw invalid("serviceRegistries: " + registry + " (expected: containerName and containerPort together)");
        }
        EcsContainerDefinition container = definition.container(registry.containerName());
        if (container == null) {
            throw invalid("The container " + registry.containerName() + " does not exist in the task definition.");
        }
        if (container.portMappings().stream().noneMatch(p -> p.containerPort() == registry.containerPort())) {
            throw invalid("The container " + registry.containerName() + " did not have a container port "
                    + registry.containerPort() + " defined.");
        }
    }

    private static AwsException invalid(String message) {
        return new AwsException(AwsError.ECS_INVALID_PARAMETER, message);
    }
}
