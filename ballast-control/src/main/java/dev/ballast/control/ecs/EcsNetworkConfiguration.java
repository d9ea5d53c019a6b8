package dev.ballast.control.ecs;

import java.util.List;

/**
 * A service's or task's {@code awsvpcConfiguration}: subnets, security groups and whether a public address is
 * assigned. Kept and returned as given; the process and docker drivers do not place tasks by subnet.
 *
 * <p>Thread-safe (immutable).
 *
 * @param assignPublicIp {@code ENABLED} or {@code DISABLED}
 */
public record EcsNetworkConfiguration(List<String> subnets, List<String> securityGroups, String assignPublicIp) {
    /** Copies the lists; absent lists are empty. */
    public EcsNetworkConfiguration {
        subnets = subnets == null ? List.of() : List.copyOf(subnets);
        securityGroups = securityGroups == null ? List.of() : List.copyOf(securityGroups);
    }
}
