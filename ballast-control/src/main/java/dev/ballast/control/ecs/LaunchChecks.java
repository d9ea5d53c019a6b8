package dev.ballast.control.ecs;

import dev.ballast.control.error.AwsError;
import dev.ballast.control.error.AwsException;
import java.util.Set;

/**
 * The checks a service or task must pass against the task definition it runs, with ECS's messages: the launch type
 * must be one the definition supports, and {@code awsvpc} needs a network configuration with subnets while the other
 * modes take none.
 *
 * <p>Thread-safe (stateless).
 */
final class LaunchChecks {
    /** The launch types ECS knows. */
    static final Set<String> LAUNCH_TYPES = Set.of("EC2", "FARGATE", "EXTERNAL");
    /** The launch type of a service or task that names none. */
    static final String DEFAULT_LAUNCH_TYPE = "EC2";

    private LaunchChecks() {}

    /** {@code launchType}, or the default when null, once checked against {@code definition}. */
    static String launchType(EcsTaskDefinition definition, String launchType) {
        String type = launchType == null ? DEFAULT_LAUNCH_TYPE : launchType;
        if (!LAUNCH_TYPES.contains(type)) {
            throw invalid("launchType: " + type + " (expected: one of " + LAUNCH_TYPES.stream().sorted().toList()
                    + ")");
        }
        if (type.equals("FARGATE") && !definition.networkMode().equals("awsvpc")) {
            throw invalid("Task definition does not support launch_type FARGATE.");
        }
        return type;
    }

    /** Checks {@code network} (null when absent) against the network mode of {@code definition}. */
    static void network(EcsTaskDefinition definition, EcsNetworkConfiguration network) {
        boolean awsvpc = definition.networkMode().equals("awsvpc");
        if (awsvpc && network == null) {
            throw invalid("Network Configuration must be provided when networkMode 'awsvpc' is specified.");
        }
        if (!awsvpc && network != null) {
            throw invalid("Network Configuration is not valid for the given networkMode of this task definition.");
        }
        if (network == null) {
            return;
        }
        if (network.subnets().isEmpty()) {
            throw invalid("subnets can not be empty.");
        }
        String publicIp = network.assignPublicIp();
        if (publicIp != null && !publicIp.equals("ENABLED") && !publicIp.equals("DISABLED")) {
            throw invalid("assignPublicIp: " + publicIp + " (expected: ENABLED or DISABLED)");
        }
    }

    private static AwsException invalid(String message) {
        return new AwsException(AwsError.ECS_INVALID_PARAMETER, message);
    }
}
