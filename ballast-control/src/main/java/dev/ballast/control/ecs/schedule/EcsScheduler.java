package dev.ballast.control.ecs.schedule;

import dev.ballast.control.cloudmap.InstanceCommands;
import dev.ballast.control.ecs.EcsWriter;
import dev.ballast.control.ecs.run.TaskDriver;
import dev.ballast.control.elbv2.ElbControl;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs ECS services and tasks: one thread makes passes of the {@link ServiceScheduler} (desired count, deployments,
 * replacement), the {@link TaskRunner} (task lifecycle through the drivers), the {@link TargetRegistrar} (target
 * groups) and the {@link DiscoveryRegistrar} (Cloud Map service registries), each on the latest committed ECS state. A pass runs after every ECS commit (the API's changes and its own)
 * and at least every {@link #PERIOD}. On start it first recovers the tasks an earlier process left running.
 *
 * <p>Thread-safe: {@link #wake} may be called from any thread; passes run on the scheduler's own thread.
 */
public final class EcsScheduler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EcsScheduler.class);
    /** The longest time between two passes (running tasks are inspected this often). */
    public static final Duration PERIOD = Duration.ofSeconds(1);

    private final EcsWriter writer;
    private final ServiceScheduler services;
    private final TaskRunner runner;
    private final TargetRegistrar registrar;
    private final DiscoveryRegistrar discovery;
    private final ScheduledExecutorService loop;
    private final AtomicBoolean passPending = new AtomicBoolean();
    private volatile boolean closed;

    private EcsScheduler(EcsWriter writer, ElbControl elb, InstanceCommands cloudMap, Map<String, TaskDriver> drivers,
                         String defaultDriver, Clock clock) {
        this.writer = writer;
        this.loop = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "ballast-ecs-scheduler");
            thread.setDaemon(true);
            return thread;
        });
        this.registrar = new TargetRegistrar(writer, elb, clock);
        this.services = new ServiceScheduler(writer, registrar, clock, new SecureRandom(), defaultDriver);
        this.discovery = cloudMap == null ? null : new DiscoveryRegistrar(cloudMap);
        this.runner = new TaskRunner(writer, drivers, defaultDriver, registrar, discovery, clock, this::wake);
    }

    /**
     * Starts scheduling the services and tasks of {@code writer} with {@code drivers} (by name), registering targets
     * in {@code elb}'s target groups; new service tasks run on {@code defaultDriver}.
     */
    public static EcsScheduler start(EcsWriter writer, ElbControl elb, Map<String, TaskDriver> drivers,
                                     String defaultDriver, Clock clock) {
        return start(writer, elb, null, drivers, defaultDriver, clock);
    }

    /**
     * Starts scheduling as {@link #start(EcsWriter, ElbControl, Map, String, Clock)} does, also registering the
     * tasks of services with {@code serviceRegistries} through {@code cloudMap}'s commands (null: no Cloud Map).
     */
    public static EcsScheduler start(EcsWriter writer, ElbControl elb, InstanceCommands cloudMap,
                                     Map<String, TaskDriver> drivers, String defaultDriver, Clock clock) {
        EcsScheduler scheduler = new EcsScheduler(writer, elb, cloudMap, drivers, defaultDriver, clock);
        scheduler.loop.execute(() -> {
            try {
                scheduler.runner.recover(writer.state());
            } catch (RuntimeException e) {
                LOG.error("recovering the ECS tasks failed", e);
            }
        });
        writer.onCommit(state -> scheduler.wake());
        long period = PERIOD.toMillis();
        scheduler.loop.scheduleWithFixedDelay(scheduler::wake, 0, period, TimeUnit.MILLISECONDS);
        return scheduler;
    }

    /** Asks for a pass soon (at most one waits at a time). */
    public void wake() {
        if (closed || !passPending.compareAndSet(false, true)) {
            return;
        }
        try {
            loop.execute(this::pass);
        } catch (RejectedExecutionException e) {
            passPending.set(false); // closing
        }
    }

    private void pass() {
        passPending.set(false);
        if (closed) {
            return;
        }
        try {
            services.reconcile(writer.state());
            runner.reconcile(writer.state());
            registrar.reconcile(writer.state());
            if (discovery != null) {
                discovery.reconcile(writer.state());
            }
        } catch (RuntimeException e) {
            LOG.warn("an ECS scheduling pass failed; the next one retries", e);
        }
    }

    /** Stops scheduling and closes the drivers; running tasks keep running and are recovered on the next start. */
    @Override
    public void close() {
        closed = true;
        loop.shutdown();
        try {
            loop.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        runner.close();
    }
}
