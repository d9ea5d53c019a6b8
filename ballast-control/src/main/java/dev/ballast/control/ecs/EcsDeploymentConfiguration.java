package dev.ballast.control.ecs;

/**
 * A service's deployment configuration: the bounds on running tasks during a deployment, in percent of the desired
 * count (defaults 200 and 100), and the deployment circuit breaker.
 *
 * <p>Thread-safe (immutable).
 */
public record EcsDeploymentConfiguration(int maximumPercent, int minimumHealthyPercent,
                                         boolean circuitBreakerEnable, boolean circuitBreakerRollback) {
    /** ECS's defaults for a replica service: 200 %, 100 %, no circuit breaker. */
    public static EcsDeploymentConfiguration defaults() {
        return new EcsDeploymentConfiguration(200, 100, false, false);
    }
}
