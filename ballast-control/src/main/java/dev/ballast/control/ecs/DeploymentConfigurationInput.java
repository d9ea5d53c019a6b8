package dev.ballast.control.ecs;

/**
 * The {@code deploymentConfiguration} of a CreateService or UpdateService request: each field null when the request
 * leaves it out, so that an update changes only what it names.
 *
 * <p>Thread-safe (immutable).
 */
public record DeploymentConfigurationInput(Integer maximumPercent, Integer minimumHealthyPercent,
                                           Boolean circuitBreakerEnable, Boolean circuitBreakerRollback) {
    /** {@code base} with the fields this input names replaced. */
    public EcsDeploymentConfiguration applyTo(EcsDeploymentConfiguration base) {
        return new EcsDeploymentConfiguration(
                maximumPercent == null ? base.maximumPercent() : maximumPercent,
                minimumHealthyPercent == null ? base.minimumHealthyPercent() : minimumHealthyPercent,
                circuitBreakerEnable == null ? base.circuitBreakerEnable() : circuitBreakerEnable,
                circuitBreakerRollback == null ? base.circuitBreakerRollback() : circuitBreakerRollback);
    }
}
