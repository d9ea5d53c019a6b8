package dev.ballast.control.ecs.run.process;

import dev.ballast.control.ecs.run.ContainerStatus;
import dev.ballast.control.ecs.run.ContainerStatus.Health;
import dev.ballast.control.ecs.run.process.ProcessTaskHandle.ContainerProcessRef;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * One container running as a local process: started by this driver (a child, whose exit code the JDK reports, 128 +
 * the signal when killed) or adopted after a restart (not a child: its exit is noticed by polling and its exit code is
 * unknown, except 137 when the driver killed it).
 *
 * <p>Thread-safe: the exit is recorded once through a future; the health is a volatile field.
 */
final class ContainerProcess {
    /** The exit code of a process killed by SIGKILL, as Docker reports it. */
    static final int KILLED = 128 + 9;
    private static final String ESSENTIAL_EXITED = "Essential container in task exited";

    private final String name;
    private final boolean essential;
    private final ProcessHandle process;
    private final Instant startedAt;
    private final boolean child;
    private final CompletableFuture<Integer> exit = new CompletableFuture<>();
    private volatile boolean stopRequested;
    private volatile boolean killed;
    private volatile Health health = Health.UNKNOWN;

    private ContainerProcess(String name, boolean essential, ProcessHandle process, Instant startedAt, boolean child) {
        this.name = name;
        this.essential = essential;
        this.process = process;
        this.startedAt = startedAt;
        this.child = child;
    }

    /** A process this driver just started. */
    static ContainerProcess started(String name, boolean essential, Process process) {
        ContainerProcess container = new ContainerProcess(name, essential, process.toHandle(),
                process.toHandle().info().startInstant().orElse(Instant.EPOCH), true);
        process.onExit().thenAccept(p -> container.exit.complete(p.exitValue()));
        return container;
    }

    /** The process {@code ref} names when it still runs (same pid and start instant), else empty. */
    static Optional<ContainerProcess> adopt(ContainerProcessRef ref) {
        return ProcessHandle.of(ref.pid())
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info().startInstant().map(Instant::toString).orElse("").equals(ref.startedAt()))
                .map(p -> new ContainerProcess(ref.name(), ref.essential(), p, Instant.parse(ref.startedAt()), false));
    }

    String name() {
        return name;
    }

    ProcessHandle process() {
        return process;
    }

    /** Completes with the exit code (null when unknown) once the process has exited. */
    CompletableFuture<Integer> exit() {
        return exit;
    }

    boolean running() {
        return !exit.isDone();
    }

    /** For an adopted process: records its exit if it has exited. Children report their exit by themselves. */
    void pollExit() {
        if (!child && !process.isAlive()) {
            exit.complete(killed ? KILLED : null);
        }
    }

    /** Sends SIGTERM to the process (its descendants are the caller's). */
    void terminate() {
        stopRequested = true;
        process.destroy();
    }

    /** Sends SIGKILL to the process. */
    void kill() {
        stopRequested = true;
        killed = true;
        process.destroyForcibly();
    }

    void health(Health health) {
        this.health = health;
    }

    Health health() {
        return health;
    }

    ContainerProcessRef ref() {
        return new ContainerProcessRef(name, process.pid(), startedAt.toString(), essential);
    }

    ContainerStatus status() {
        if (running()) {
            return new ContainerStatus(name, Long.toString(process.pid()), true, null, null, health);
        }
        Integer code = exit.getNow(null);
        // a container the driver was not asked to stop exited by itself; for an essential one that ends the task
        String reason = essential && !stopRequested ? ESSENTIAL_EXITED : null;
        return new ContainerStatus(name, Long.toString(process.pid()), false, code, reason, health);
    }
}
