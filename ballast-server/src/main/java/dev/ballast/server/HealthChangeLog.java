package dev.ballast.server;

import dev.ballast.core.health.TargetHealth;
import dev.ballast.core.health.TargetLifecycleListener;
import dev.ballast.core.model.Target;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs one line for every target health change and for the start and end of a deregistration delay, e.g.
 * {@code target group targetgroup/web/73e2d6bc24d8a067: target 127.0.0.1:8080 healthy -> unhealthy
 * (Target.FailedHealthChecks: Health checks failed)}.
 *
 * <p>Thread-safe: the health tracker calls it from its writers; it keeps no state.
 */
final class HealthChangeLog implements TargetLifecycleListener {
    private static final Logger LOG = LoggerFactory.getLogger(HealthChangeLog.class);

    private final Consumer<String> log;

    /** Logs to this class's logger at INFO. */
    HealthChangeLog() {
        this(LOG::info);
    }

    /** Hands each line to {@code log}. */
    HealthChangeLog(Consumer<String> log) {
        this.log = log;
    }

    @Override
    public void healthChanged(String targetGroupArn, Target target, TargetHealth from, TargetHealth to) {
        String reason = to.reason() == null ? "" : " (" + to.reason().wire() + ": " + to.description() + ")";
        log.accept(prefix(targetGroupArn, target) + from.state().wire() + " -> " + to.state().wire() + reason);
    }

    @Override
    public void drainingStarted(String targetGroupArn, Target target) {
        log.accept(prefix(targetGroupArn, target) + "draining (deregistered)");
    }

    @Override
    public void drainingEnded(String targetGroupArn, Target target) {
        log.accept(prefix(targetGroupArn, target) + "deregistration delay ended");
    }

    private static String prefix(String targetGroupArn, Target target) {
        return "target group " + targetGroupArn.substring(targetGroupArn.lastIndexOf(':') + 1) + ": target "
                + target.key() + " ";
    }
}
