package dev.ballast.core.health;

import dev.ballast.core.model.Target;

/**
 * One row of {@code DescribeTargetHealth}: the target, the port its health is checked on and its health.
 *
 * @param healthCheckPort the probed port as text, as AWS shows it
 *
 * <p>Thread-safe (immutable).
 */
public record TargetHealthDescription(Target target, String healthCheckPort, TargetHealth health) {}
