package dev.ballast.control.ecs.schedule;

import dev.ballast.control.cluster.Membership;
import dev.ballast.control.ecs.EcsState;
import dev.ballast.control.ecs.EcsTask;
import dev.ballast.control.ecs.EcsTaskDefinition;
import dev.ballast.control.ecs.EcsWriter;
import dev.ballast.control.ecs.run.ContainerStatus;
import dev.ballast.control.ecs.run.StartedTask;
import dev.ballast.control.ecs.run.TaskDriver;
import dev.ballast.control.ecs.run.TaskLaunch;
import dev.ballast.control.ecs.run.TaskStartException;
import dev.ballast.control.error.AwsException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives every ECS task through its lifecycle with the {@link TaskDriver} its {@code driver} field names:
 * PROVISIONING → PENDING → (driver start) → RUNNING; a stop asked for (desiredStatus STOPPED) → DEACTIVATING (its
 * targets are deregistered and drain, see {@link TargetRegistrar}) → STOPPING (driver stop with the stop timeout) →
 * DEPROVISIONING → STOPPED. An essential container that exits stops the task. Every transition is committed through
 * the {@link EcsWriter} before the next step, so a restart resumes where it was ({@link #recover}). Driver calls
 * block, so they run on the runner's worker threads, one at a time per task; decisions are taken on the scheduler's
 * thread ({@link #reconcile}).
 *
 * In a cluster each node's runner moves only the tasks placed on it ({@link EcsTask#node}) and reports their states
 * through the shared store; a task of its own that the leader recorded STOPPED while it still ran here (this node was
 * taken for gone) is stopped.
 *
 * <p>Thread-safe: {@link #recover} and {@link #reconcile} run on the scheduler's thread; workers and driver events
 * only write through the writer and mark tasks in concurrent sets.
 */
final class TaskRunner implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TaskRunner.class);
    /** How often a running task's containers are inspected, besides the driver's events. */
    static final Duration INSPECT_INTERVAL = Duration.ofSeconds(1);
    /** How long stopped tasks stay describable, as on ECS (at least an hour). */
    static final Duration STOPPED_RETENTION = Duration.ofHours(1);
    static final String GONE_REASON = "Task stopped: Ballast restarted and the task was gone";
    static final String INTERRUPTED_START_REASON = "Task stopped: Ballast restarted while the task was starting";
    static final String ESSENTIAL_EXITED_REASON = "Essential container in task exited";

    private final EcsWriter writer;
    private final Map<String, TaskDriver> drivers;
    private final String defaultDriver;
    private final TargetRegistrar registrar;
    private final DiscoveryRegistrar discovery;
    private final Clock clock;
    private final Runnable wake;
    private final ExecutorService workers;
    /** Tasks (by key) a worker is busy with; the scheduler's thread leaves them alone until it is done. */
    private final Set<String> busy = ConcurrentHashMap.newKeySet();
    /** Tasks (by key) a driver event says changed: inspected on the next pass. */
    private final Set<String> changed = ConcurrentHashMap.newKeySet();
    private final Map<String, Long> lastInspected = new ConcurrentHashMap<>();
    /** Tasks (by key) this runner started or adopted and has not begun to stop. */
    private final Set<String> runningHere = ConcurrentHashMap.newKeySet();
    private final Membership membership;

    /**
     * A runner with {@code drivers} by name ({@code defaultDriver} for a task that names none), waiting for
     * {@code registrar} to drain targets and {@code discovery} (null: no Cloud Map) to deregister instances, timestamping with {@code clock}; {@code wake} asks for another pass soon (a
     * worker finished).
     */
    TaskRunner(EcsWriter writer, Map<String, TaskDriver> drivers, String defaultDriver,
                      TargetRegistrar registrar, DiscoveryRegistrar discovery, Clock clock, Runnable wake) {
        this(writer, drivers, defaultDriver, registrar, discovery, clock, wake, null);
    }

    /** As the other constructor; in a cluster ({@code membership} not null) only the tasks placed on this node. */
    TaskRunner(EcsWriter writer, Map<String, TaskDriver> drivers, String defaultDriver,
               TargetRegistrar registrar, DiscoveryRegistrar discovery, Clock clock, Runnable wake,
               Membership membership) {
        this.membership = membership;
        this.writer = writer;
        this.drivers = Map.copyOf(drivers);
        this.defaultDriver = defaultDriver;
        this.registrar = registrar;
        this.discovery = discovery;
        this.clock = clock;
        this.wake = wake;
        this.workers = Executors.newFixedThreadPool(4, r -> {
            Thread thread = new Thread(r, "ballast-task-runner");
            thread.setDaemon(true);
            return thread;
        });
        this.drivers.values().forEach(d -> d.watch((handle, status) -> containerChanged(handle)));
    }

    private void containerChanged(String handle) {
        writer.state().tasks().values().stream().filter(t -> handle.equals(t.driverHandle()))
                .forEach(t -> changed.add(t.key()));
        wake.run();
    }

    /**
     * After a restart: re-attaches every task that had started (adopted, or stopped when it is gone), and stops the
     * tasks whose start was interrupted (they have no handle, so nothing can be found of them).
     */
    void recover(EcsState state) {
        for (EcsTask task : state.tasks().values()) {
            if (!owned(task)) {
                continue;
            }
            String status = task.lastStatus();
            if (membership != null && LostNodeTasks.isLost(task) && task.driverHandle() != null) {
                stopIfStillRunning(state, task); // this node was taken for gone while it was down
                continue;
            }
            if (status == null || TaskLifecycle.STOPPED.equals(status) || TaskLifecycle.PROVISIONING.equals(status)) {
                continue; // nothing to re-attach; PROVISIONING tasks are started by the next pass
            }
            if (task.driverHandle() == null) {
                stopped(task, TaskLifecycle.TASK_FAILED_TO_START, INTERRUPTED_START_REASON, List.of());
                continue;
            }
            TaskDriver driver = driverOf(task);
            EcsTaskDefinition definition = state.taskDefinitions().get(task.taskDefinition());
            Optional<StartedTask> found = Optional.empty();
            if (driver != null && definition != null) {
                try {
                    found = driver.recover(TaskLaunches.of(task, definition), task.driverHandle());
                } catch (RuntimeException e) {
                    LOG.warn("task {}: recovering it with the {} driver failed: {}", task.id(), task.driver(),
                            e.toString());
                }
            }
            if (found.isPresent()) {
                StartedTask adopted = found.get();
                LOG.info("task {}: adopted ({} driver, {})", task.id(), task.driver(), status);
                runningHere.add(task.key());
                update(task, t -> TaskEdit.of(t)
                        .containers(ContainerRecords.update(t.containers(), adopted.containers(), adopted.network()))
                        .build());
            } else if (TaskLifecycle.RUNNING.equals(status) || TaskLifecycle.DEACTIVATING.equals(status)) {
                LOG.info("task {}: gone after the restart; it stops", task.id());
                // Through DEACTIVATING, so that its targets are deregistered before it counts as stopped.
                update(task, t -> TaskEdit.of(t).stopFor(TaskLifecycle.ESSENTIAL_CONTAINER_EXITED, GONE_REASON)
                        .lastStatus(TaskLifecycle.DEACTIVATING).stoppingAt(clock.millis())
                        .containers(ContainerRecords.stopped(t.containers())).build());
            } else {
                stopped(task, TaskLifecycle.ESSENTIAL_CONTAINER_EXITED, GONE_REASON, List.of());
            }
        }
    }

    /** One pass: moves each task one step on where its desired status and the drivers say so. */
    void reconcile(EcsState state) {
        List<String> expired = new ArrayList<>();
        long now = clock.millis();
        for (EcsTask seen : state.tasks().values()) {
            if (busy.contains(seen.key())) {
                continue;
            }
            // A worker may have moved the task since the pass began: it writes before it stops being busy, so the
            // latest state read now is what to decide on.
            EcsTask task = writer.state().tasks().get(seen.key());
            if (task == null || !owned(task) && !TaskLifecycle.STOPPED.equals(task.lastStatus())) {
                continue; // another node's task (stopped ones of any node expire here too)
            }
            boolean stopWanted = EcsTask.STOPPED.equals(task.desiredStatus());
            // A task written without a status is new.
            switch (task.lastStatus() == null ? TaskLifecycle.PROVISIONING : task.lastStatus()) {
                case TaskLifecycle.PROVISIONING -> {
                    if (stopWanted) {
                        stopped(task, null, null, List.of());
                    } else {
                        start(state, task);
                    }
                }
                case TaskLifecycle.PENDING ->
                        stopped(task, TaskLifecycle.TASK_FAILED_TO_START, INTERRUPTED_START_REASON, List.of());
                case TaskLifecycle.RUNNING -> {
                    if (stopWanted) {
                        update(task, t -> TaskEdit.of(t).lastStatus(TaskLifecycle.DEACTIVATING).stoppingAt(now)
                                .build());
                    } else if (inspectDue(task)) {
                        inspect(state, task);
                    }
                }
                case TaskLifecycle.DEACTIVATING -> {
                    // Cloud Map instances go first and at once (no delay, as on ECS); targets drain.
                    if ((discovery == null || discovery.leave(task)) && registrar.drained(state, task)) {
                        stop(state, task);
                    }
                }
                case TaskLifecycle.STOPPING, TaskLifecycle.DEPROVISIONING -> stop(state, task);
                case TaskLifecycle.STOPPED -> {
                    lastInspected.remove(task.key());
                    if (runningHere.remove(task.key())) {
                        stopOrphan(state, task);
                    }
                    if (task.stoppedAt() != null && now - task.stoppedAt() >= STOPPED_RETENTION.toMillis()) {
                        expired.add(task.key());
                    }
                }
                default -> LOG.warn("task {}: unknown lastStatus {}", task.id(), task.lastStatus());
            }
        }
        if (!expired.isEmpty()) {
            writer.write(d -> {
                expired.forEach(key -> d.tasks().computeIfPresent(key,
                        (k, t) -> TaskLifecycle.STOPPED.equals(t.lastStatus()) ? null : t));
                return null;
            });
        }
    }

    /** True for a task this runner moves: every task on one node alone, the tasks placed on this node in a cluster. */
    private boolean owned(EcsTask task) {
        return membership == null || task.node() != null && task.node().name().equals(membership.self().name());
    }

    /**
     * A task of this node recorded STOPPED by another (the leader took this node for gone while the task still ran
     * here): its driver stops it, so that it does not serve unrecorded next to its replacement.
     */
    private void stopOrphan(EcsState state, EcsTask task) {
        TaskDriver driver = driverOf(task);
        if (driver == null || task.driverHandle() == null) {
            return;
        }
        EcsTaskDefinition definition = state.taskDefinitions().get(task.taskDefinition());
        Duration timeout = definition == null ? TaskLaunches.DEFAULT_STOP_TIMEOUT
                : TaskLaunches.stopTimeout(TaskLaunches.of(task, definition));
        LOG.warn("task {}: recorded STOPPED by another node ({}) while it ran here; stopping it", task.id(),
                task.stoppedReason());
        busy.add(task.key());
        submit(task, () -> driver.stop(task.driverHandle(), timeout));
    }

    /** Stops a task recorded STOPPED by another node if the driver still finds it running here. */
    private void stopIfStillRunning(EcsState state, EcsTask task) {
        TaskDriver driver = driverOf(task);
        EcsTaskDefinition definition = state.taskDefinitions().get(task.taskDefinition());
        if (driver == null || definition == null) {
            return;
        }
        TaskLaunch launch = TaskLaunches.of(task, definition);
        busy.add(task.key());
        submit(task, () -> driver.recover(launch, task.driverHandle()).ifPresent(found -> {
            LOG.warn("task {}: recorded STOPPED by another node ({}) but still running here; stopping it",
                    task.id(), task.stoppedReason());
            driver.stop(found.handle(), TaskLaunches.stopTimeout(launch));
        }));
    }

    /** The driver the task names (the default one when it names none), or null when there is no such driver. */
    private TaskDriver driverOf(EcsTask task) {
        return drivers.get(driverName(task));
    }

    private String driverName(EcsTask task) {
        return task.driver() == null ? defaultDriver : task.driver();
    }

    private boolean inspectDue(EcsTask task) {
        if (changed.remove(task.key())) {
            return true;
        }
        Long last = lastInspected.get(task.key());
        return last == null || System.nanoTime() - last >= INSPECT_INTERVAL.toNanos();
    }

    private void start(EcsState state, EcsTask task) {
        EcsTaskDefinition definition = state.taskDefinitions().get(task.taskDefinition());
        TaskDriver driver = driverOf(task);
        if (definition == null) {
            stopped(task, TaskLifecycle.TASK_FAILED_TO_START, "CannotStartContainerError: task definition "
                    + task.taskDefinition() + " is not registered", List.of());
            return;
        }
        if (driver == null) {
            stopped(task, TaskLifecycle.TASK_FAILED_TO_START, "CannotStartContainerError: driver: " + driverName(task)
                    + " (expected: one of the configured task drivers " + new TreeSet<>(drivers.keySet()) + ")",
                    List.of());
            return;
        }
        if (!update(task, t -> TaskLifecycle.PROVISIONING.equals(t.lastStatus()) && EcsTask.RUNNING.equals(
                t.desiredStatus()) ? TaskEdit.of(t).lastStatus(TaskLifecycle.PENDING).build() : t)) {
            return;
        }
        busy.add(task.key());
        TaskLaunch launch = TaskLaunches.of(task, definition);
        submit(task, () -> {
            StartedTask started;
            try {
                started = driver.start(launch);
            } catch (TaskStartException e) {
                LOG.info("task {} failed to start: {}", task.id(), e.getMessage());
                stopped(task, TaskLifecycle.TASK_FAILED_TO_START, e.getMessage(), List.of());
                return;
            } catch (RuntimeException e) {
                LOG.warn("task {}: the {} driver failed to start it", task.id(), driver.name(), e);
                stopped(task, TaskLifecycle.TASK_FAILED_TO_START, "CannotStartContainerError: " + e.getMessage(),
                        List.of());
                return;
            }
            running(task, definition, driver, launch, started);
        });
    }

    /** Records a started task as RUNNING; if that cannot be stored, the task is stopped rather than orphaned. */
    private void running(EcsTask task, EcsTaskDefinition definition, TaskDriver driver, TaskLaunch launch,
                         StartedTask started) {
        long now = clock.millis();
        try {
            boolean stored = update(task, t -> {
                var containers = ContainerRecords.update(t.containers(), started.containers(), started.network());
                return TaskEdit.of(t).lastStatus(TaskLifecycle.RUNNING).startedAt(now)
                        .driverHandle(started.handle()).privateIpv4Address(started.network().privateIpv4Address())
                        .containers(containers).healthStatus(ContainerRecords.taskHealth(containers, definition))
                        .build();
            });
            if (stored) {
                runningHere.add(task.key());
                LOG.info("task {} is RUNNING ({} driver)", task.id(), driver.name());
                return;
            }
        } catch (AwsException e) {
            LOG.error("task {}: started but not recorded ({}); stopping it", task.id(), e.getMessage());
        }
        driver.stop(started.handle(), TaskLaunches.stopTimeout(launch));
    }

    private void inspect(EcsState state, EcsTask task) {
        TaskDriver driver = driverOf(task);
        if (driver == null || task.driverHandle() == null) {
            return;
        }
        EcsTaskDefinition definition = state.taskDefinitions().get(task.taskDefinition());
        lastInspected.put(task.key(), System.nanoTime());
        busy.add(task.key());
        submit(task, () -> {
            List<ContainerStatus> statuses = driver.inspect(task.driverHandle());
            boolean exited = ContainerRecords.essentialExited(statuses, definition);
            update(task, t -> {
                if (!TaskLifecycle.RUNNING.equals(t.lastStatus())) {
                    return t;
                }
                var containers = ContainerRecords.update(t.containers(), statuses, null);
                TaskEdit edit = TaskEdit.of(t).containers(containers)
                        .healthStatus(ContainerRecords.taskHealth(containers, definition));
                if (exited) {
                    edit.stopFor(TaskLifecycle.ESSENTIAL_CONTAINER_EXITED, ESSENTIAL_EXITED_REASON);
                }
                EcsTask next = edit.build();
                // Only a real change is written (the version would make every inspection a commit).
                return sameObserved(t, next) ? t : next;
            });
        });
    }

    private static boolean sameObserved(EcsTask a, EcsTask b) {
        return a.containers().equals(b.containers()) && Objects.equals(a.healthStatus(), b.healthStatus())
                && Objects.equals(a.desiredStatus(), b.desiredStatus());
    }

    /** STOPPING: the driver stops the task (stop signal, kill after the stop timeout); then DEPROVISIONING, STOPPED. */
    private void stop(EcsState state, EcsTask task) {
        runningHere.remove(task.key());
        TaskDriver driver = driverOf(task);
        if (task.driverHandle() == null || driver == null) {
            stopped(task, null, null, List.of());
            return;
        }
        EcsTaskDefinition definition = state.taskDefinitions().get(task.taskDefinition());
        Duration timeout = definition == null ? TaskLaunches.DEFAULT_STOP_TIMEOUT
                : TaskLaunches.stopTimeout(TaskLaunches.of(task, definition));
        update(task, t -> TaskLifecycle.STOPPING.equals(t.lastStatus()) ? t
                : TaskEdit.of(t).lastStatus(TaskLifecycle.STOPPING).build());
        busy.add(task.key());
        submit(task, () -> {
            List<ContainerStatus> last;
            try {
                last = driver.stop(task.driverHandle(), timeout);
            } catch (RuntimeException e) {
                LOG.warn("task {}: the {} driver failed to stop it: {}", task.id(), driver.name(), e.toString());
                last = List.of();
            }
            List<ContainerStatus> statuses = last;
            update(task, t -> TaskEdit.of(t).lastStatus(TaskLifecycle.DEPROVISIONING)
                    .containers(ContainerRecords.update(t.containers(), statuses, null)).build());
            stopped(task, null, null, statuses);
        });
    }

    /**
     * Records the task as STOPPED now, with {@code code} and {@code reason} when it stops on its own account (a
     * stop asked for earlier keeps its reason), and the containers' last status.
     */
    private void stopped(EcsTask task, String code, String reason, List<ContainerStatus> statuses) {
        runningHere.remove(task.key());
        long now = clock.millis();
        update(task, t -> {
            TaskEdit edit = TaskEdit.of(t).lastStatus(TaskLifecycle.STOPPED).stoppedAt(now)
                    .containers(ContainerRecords.stopped(ContainerRecords.update(t.containers(), statuses, null)));
            if (t.stoppingAt() == null) {
                edit.stoppingAt(now);
            }
            if (code != null) {
                edit.stopFor(code, reason);
            } else if (!EcsTask.STOPPED.equals(t.desiredStatus())) {
                edit.stopFor(TaskLifecycle.ESSENTIAL_CONTAINER_EXITED, ESSENTIAL_EXITED_REASON);
            }
            return edit.build();
        });
        LOG.info("task {} is STOPPED{}", task.id(), reason == null ? "" : ": " + reason);
    }

    /** Applies {@code change} to the stored version of {@code task}; false if the task is gone. */
    private boolean update(EcsTask task, UnaryOperator<EcsTask> change) {
        return writer.write(d -> {
            EcsTask current = d.tasks().get(task.key());
            if (current == null) {
                return false;
            }
            d.tasks().put(task.key(), change.apply(current));
            return true;
        });
    }

    private void submit(EcsTask task, Runnable work) {
        try {
            workers.execute(() -> {
                try {
                    work.run();
                } catch (RuntimeException e) {
                    LOG.warn("task {}: {}", task.id(), e.toString());
                } finally {
                    busy.remove(task.key());
                    wake.run();
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            busy.remove(task.key()); // closing: the next start recovers the task
        }
    }

    /**
     * Stops the workers (a driver call in progress is interrupted; its task is recovered on the next start) and
     * closes the drivers; running tasks keep running.
     */
    @Override
    public void close() {
        workers.shutdownNow();
        try {
            workers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        drivers.values().forEach(d -> {
            try {
                d.close();
            } catch (RuntimeException e) {
                LOG.warn("closing the {} driver failed: {}", d.name(), e.toString());
            }
        });
    }
}
