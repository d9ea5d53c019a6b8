package dev.ballast.control.ecs.schedule;

import dev.ballast.control.ecs.EcsTask;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;

/**
 * ECS's service throttle, derived from the tasks themselves: the tasks of a deployment that failed to start in a row
 * (newest first, until one that reached RUNNING) and how long the scheduler waits after the last failure before it
 * tries again: {@link #BASE} doubled per failure, at most {@link #MAX}. Tasks stopped after they ran (scale-in, ELB
 * replacement) do not count.
 *
 * <p>Thread-safe (stateless).
 */
final class StartBackoff {
    /** The wait after the first failure. */
    static final Duration BASE = Duration.ofSeconds(5);
    /** The longest wait. */
    static final Duration MAX = Duration.ofMinutes(5);
    /** How many failures in a row make the service say it is unable to start tasks consistently. */
    static final int REPORTED_AFTER = 3;

    private StartBackoff() {}

    /** The failures in a row and the time of the last one (epoch ms, 0 when none). */
    record Failures(int count, long lastAt) {
        /** When the next start may happen (epoch ms). */
        long retryAt() {
            if (count == 0) {
                return 0;
            }
            long delay = BASE.toMillis() << Math.min(count - 1, 20);
            return lastAt + Math.min(delay, MAX.toMillis());
        }
    }

    /** The failures in a row among {@code tasks} (the tasks of one deployment). */
    static Failures of(List<EcsTask> tasks) {
        List<EcsTask> newestFirst = tasks.stream().sorted(Comparator.comparingLong(EcsTask::createdAt).reversed())
                .toList();
        int count = 0;
        long lastAt = 0;
        for (EcsTask t : newestFirst) {
            if (t.startedAt() != null) {
                break;
            }
            if (TaskLifecycle.STOPPED.equals(t.lastStatus())
                    && TaskLifecycle.TASK_FAILED_TO_START.equals(t.stopCode())) {
                count++;
                lastAt = Math.max(lastAt, t.stoppedAt() == null ? 0 : t.stoppedAt());
            }
        }
        return new Failures(count, lastAt);
    }
}
