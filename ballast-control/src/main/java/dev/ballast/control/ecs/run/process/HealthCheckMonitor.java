package dev.ballast.control.ecs.run.process;

import dev.ballast.control.ecs.run.ContainerHealthCheck;
import dev.ballast.control.ecs.run.ContainerStatus.Health;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs one container's health check as Docker does: the command ({@code CMD} exe args… run directly,
 * {@code CMD-SHELL} through {@code /bin/sh -c}) every {@code interval} starting one interval after the container
 * started, with the task's environment in the task's directory; exit 0 within {@code timeout} passes. A pass makes
 * the container HEALTHY; {@code retries} failures in a row make it UNHEALTHY, except that failures within
 * {@code startPeriod} do not count.
 *
 * <p>Thread-safe: checks run one at a time on the scheduler (fixed delay), the verdict is published through
 * {@code onChange}.
 */
final class HealthCheckMonitor implements AutoCloseable {
    private final List<String> argv;
    private final ContainerHealthCheck check;
    private final Map<String, String> environment;
    private final Path workDir;
    private final long startedNanos;
    private final Consumer<Health> onChange;
    private ScheduledFuture<?> schedule;
    private int failuresInARow;
    private Health health = Health.UNKNOWN;

    private HealthCheckMonitor(List<String> argv, ContainerHealthCheck check, Map<String, String> environment,
                               Path workDir, Consumer<Health> onChange) {
        this.argv = argv;
        this.check = check;
        this.environment = environment;
        this.workDir = workDir;
        this.startedNanos = System.nanoTime();
        this.onChange = onChange;
    }

    /**
     * Starts checking on {@code scheduler}; null when {@code check} runs nothing (no check, {@code NONE}, or an
     * unknown form).
     */
    static HealthCheckMonitor start(ContainerHealthCheck check, Map<String, String> environment, Path workDir,
                                    ScheduledExecutorService scheduler, Consumer<Health> onChange) {
        List<String> argv = check == null ? List.of() : argv(check.command());
        if (argv.isEmpty()) {
            return null;
        }
        HealthCheckMonitor monitor = new HealthCheckMonitor(argv, check, environment, workDir, onChange);
        long interval = Duration.ofSeconds(Math.max(1, check.intervalSeconds())).toMillis();
        monitor.schedule = scheduler.scheduleWithFixedDelay(monitor::runOnce, interval, interval, TimeUnit.MILLISECONDS);
        return monitor;
    }

    static List<String> argv(List<String> command) {
        if (command.size() >= 2 && "CMD".equals(command.get(0))) {
            return command.subList(1, command.size());
        }
        if (command.size() == 2 && "CMD-SHELL".equals(command.get(0))) {
            return List.of("/bin/sh", "-c", command.get(1));
        }
        return List.of();
    }

    @Override
    public void close() {
        schedule.cancel(false);
    }

    private void runOnce() {
        boolean passed = passes();
        Health next = health;
        if (passed) {
            failuresInARow = 0;
            next = Health.HEALTHY;
        } else if (!inStartPeriod() && ++failuresInARow >= Math.max(1, check.retries())) {
            next = Health.UNHEALTHY;
        }
        if (next != health) {
            health = next;
            onChange.accept(next);
        }
    }

    private boolean inStartPeriod() {
        return System.nanoTime() - startedNanos < TimeUnit.SECONDS.toNanos(check.startPeriodSeconds());
    }

    private boolean passes() {
        ProcessBuilder builder = new ProcessBuilder(argv)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().clear();
        builder.environment().putAll(environment);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            return false; // the check's command cannot run: a failed check, as in Docker
        }
        try {
            if (process.waitFor(Math.max(1, check.timeoutSeconds()), TimeUnit.SECONDS)) {
                return process.exitValue() == 0;
            }
            ProcessTree.kill(process.toHandle());
            return false;
        } catch (InterruptedException e) {
            ProcessTree.kill(process.toHandle());
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
