package dev.ballast.control.ecs.schedule;

import dev.ballast.control.cloudmap.InstanceCommands;
import dev.ballast.control.cluster.Leadership;
import dev.ballast.control.cluster.Membership;
import dev.ballast.control.ecs.EcsCommits;
import dev.ballast.control.ecs.EcsWriter;
import dev.ballast.control.ecs.run.TaskDriver;
import dev.ballast.control.elbv2.ElbControl;
import dev.ballast.control.store.StoreFencedException;
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
 * <p>In a cluster every node runs this, but only the node that holds the {@link Leadership} schedules: the service
 * scheduler, the placement of tasks on live nodes ({@link TaskPlacement}), the tasks of nodes that left
 * ({@link LostNodeTasks}), target groups and Cloud Map; its commits carry its term's guard, so a node that lost the
 * role cannot act next to its successor. Every node's {@link TaskRunner} moves the tasks placed on that node.
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
    private final Leadership leadership;
    private final LostNodeTasks lostNodes;
    private final UnplacedTasks unplaced;
    private final ScheduledExecutorService loop;
    /** Whether the previous pass led (the scheduler's thread only): a new term first catches up with the store. */
    private boolean led;
    private final AtomicBoolean passPending = new AtomicBoolean();
    private volatile boolean closed;

    private EcsScheduler(EcsWriter writer, ElbControl elb, InstanceCommands cloudMap, Map<String, TaskDriver> drivers,
                         String defaultDriver, Clock clock, ClusterRole cluster) {
        this.writer = writer;
        this.leadership = cluster.leadership();
        this.loop = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "ballast-ecs-scheduler");
            thread.setDaemon(true);
            return thread;
        });
        EcsCommits asLeader = cluster.membership() == null ? writer : writer.guarded(leadership);
        TaskPlacement placement = new TaskPlacement(cluster.membership(), new SecureRandom());
        this.registrar = new TargetRegistrar(asLeader, elb, clock);
        this.services = new ServiceScheduler(asLeader, placement, registrar, clock, new SecureRandom(),
                defaultDriver);
        this.discovery = cloudMap == null ? null : new DiscoveryRegistrar(cloudMap);
        this.lostNodes = cluster.membership() == null ? null
                : new LostNodeTasks(asLeader, cluster.membership(), cluster.lostAfter(), clock);
        this.unplaced = cluster.membership() == null ? null : new UnplacedTasks(asLeader, placement);
        this.runner = new TaskRunner(writer, drivers, defaultDriver, registrar, discovery, clock, this::wake,
                cluster.membership());
    }

    /**
     * The part this node plays in a cluster: who leads, who is alive, and how long a node may be missing before its
     * tasks are taken for stopped. {@link #ALONE} for one node without a cluster.
     *
     * @param leadership whether this node schedules now
     * @param membership the live nodes; null for one node alone (tasks are placed on no node)
     * @param lostAfter how long a node must be missing before the leader records its tasks STOPPED
     */
    public record ClusterRole(Leadership leadership, Membership membership, Duration lostAfter) {
        /** One node without a cluster: it always schedules, and runs every task itself. */
        public static final ClusterRole ALONE = new ClusterRole(Leadership.ALONE, null, Duration.ZERO);
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
        return start(writer, elb, cloudMap, drivers, defaultDriver, clock, ClusterRole.ALONE);
    }

    /** Starts scheduling as the other overloads do, as this node of a cluster plays {@code cluster}. */
    public static EcsScheduler start(EcsWriter writer, ElbControl elb, InstanceCommands cloudMap,
                                     Map<String, TaskDriver> drivers, String defaultDriver, Clock clock,
                                     ClusterRole cluster) {
        EcsScheduler scheduler = new EcsScheduler(writer, elb, cloudMap, drivers, defaultDriver, clock, cluster);
        scheduler.loop.execute(() -> {
            try {
                scheduler.runner.recover(writer.state());
            } catch (RuntimeException e) {
                LOG.error("recovering the ECS tasks failed", e);
            }
        });
        writer.onCommit(state -> scheduler.wake());
        cluster.leadership().onChange(scheduler::wake);
        if (cluster.membership() != null) {
            cluster.membership().onChange(scheduler::wake);
        }
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
            runner.reconcile(writer.state());
        } catch (RuntimeException e) {
            LOG.warn("an ECS task runner pass failed; the next one retries", e);
        }
        boolean leading = leadership.leading();
        boolean newTerm = leading && !led;
        led = leading;
        if (!leading) {
            return;
        }
        try {
            if (newTerm) {
                // Take over from the store's latest state, whatever this node's follower has applied yet.
                LOG.info("this node schedules the ECS services now");
                writer.catchUp();
            }
            if (lostNodes != null) {
                lostNodes.reconcile(writer.state());
                unplaced.reconcile(writer.state());
            }
            services.reconcile(writer.state());
            registrar.reconcile(writer.state());
            if (discovery != null) {
                discovery.reconcile(writer.state());
            }
        } catch (StoreFencedException e) {
            LOG.warn("this node no longer schedules the ECS services: {}", e.getMessage());
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
