package dev.ballast.control.ecs.schedule;

import dev.ballast.control.ecs.EcsServiceEntry;
import dev.ballast.control.ecs.EcsState;
import dev.ballast.control.ecs.EcsTask;
import dev.ballast.core.health.TargetHealth;
import dev.ballast.core.health.TargetHealthState;
import java.time.Duration;
import java.util.Map;

/**
 * When a service task counts as healthy (toward {@code minimumHealthyPercent}, a completed deployment and a steady
 * state) and when it must be replaced, as ECS decides: healthy once RUNNING and {@code healthy} in every target group
 * of the service and no container is UNHEALTHY; without load balancers and container health, 40 s after it started.
 * After {@code healthCheckGracePeriodSeconds} a task {@code unhealthy} in a target group, or whose container health is
 * UNHEALTHY, is to be replaced.
 *
 * <p>Not thread-safe: used on the scheduler's thread only (it reads target health through the registrar).
 */
final class TaskHealthRule {
    /** How long a task without any health signal runs before ECS counts it healthy. */
    static final Duration HEALTHY_WITHOUT_CHECKS = Duration.ofSeconds(40);

    private final TargetRegistrar registrar;

    TaskHealthRule(TargetRegistrar registrar) {
        this.registrar = registrar;
    }

    /**
     * What the rule says of one task at one moment.
     *
     * @param replaceReason the task's stoppedReason when it is to be replaced, else null
     * @param problem       what the service's event says of the unhealthy target ("(task T) (port P) is unhealthy
     *                      in (target-group …) due to (reason …)"), or null
     */
    record Verdict(boolean healthy, String replaceReason, String problem) {}

    /** The verdict on {@code task} of {@code service} at {@code now} (epoch milliseconds). */
    Verdict judge(EcsState state, EcsServiceEntry service, EcsTask task, long now) {
        if (!TaskLifecycle.RUNNING.equals(task.lastStatus()) || task.startedAt() == null) {
            return new Verdict(false, null, null);
        }
        Map<String, TargetRegistrar.TargetView> targets = registrar.targetHealth(state, service, task);
        boolean pastGrace = now - task.startedAt() >= service.healthCheckGracePeriodSeconds() * 1000L;
        if (pastGrace) {
            for (Map.Entry<String, TargetRegistrar.TargetView> e : targets.entrySet()) {
                TargetHealth health = e.getValue().health();
                if (health.state() == TargetHealthState.UNHEALTHY) {
                    return new Verdict(false, "Task failed ELB health checks in (target-group " + e.getKey() + ")",
                            "(task " + task.id() + ") (port " + e.getValue().target().port() + ") is unhealthy in "
                                    + "(target-group " + e.getKey() + ") due to (reason " + health.description()
                                    + ").");
                }
            }
            if (TaskLifecycle.UNHEALTHY.equals(task.healthStatus())) {
                return new Verdict(false, "Task failed container health checks", null);
            }
        }
        if (TaskLifecycle.UNHEALTHY.equals(task.healthStatus())) {
            return new Verdict(false, null, null);
        }
        if (!targets.isEmpty()) {
            // A group with health checks disabled sends traffic to every target: ELB calls it unavailable.
            boolean allHealthy = targets.values().stream().map(TargetRegistrar.TargetView::health)
                    .allMatch(h -> h.state() == TargetHealthState.HEALTHY
                            || h.state() == TargetHealthState.UNAVAILABLE);
            return new Verdict(allHealthy, null, null);
        }
        if (TaskLifecycle.HEALTHY.equals(task.healthStatus())) {
            return new Verdict(true, null, null);
        }
        return new Verdict(now - task.startedAt() >= HEALTHY_WITHOUT_CHECKS.toMillis(), null, null);
    }
}
