package dev.ballast.control.labels;

import com.github.dockerjava.api.model.Event;
import dev.ballast.control.acm.AcmCommands;
import dev.ballast.control.classic.ClassicControl;
import dev.ballast.control.docker.DockerEngineClient;
import dev.ballast.control.docker.DockerEventFollower;
import dev.ballast.control.docker.EngineErrors;
import dev.ballast.control.ecs.schedule.EcsScheduler.ClusterRole;
import dev.ballast.control.elbv2.ElbControl;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Docker labels provider: watches one Docker engine for containers labelled {@code aliyun.lb.port_<port>} or
 * {@code ballast.lb.port_<port>} and keeps them registered in the load balancers the labels name. It lists the
 * containers when it connects, follows the engine's events (start, die, kill, stop, destroy, health_status) and
 * resyncs periodically; it reconnects with a doubling back-off when the engine goes away, and reconciles again on
 * every configuration commit (a load balancer named by a label may appear later). Each status change is logged as one
 * line; {@link #statuses} serves {@code ballast labels}.
 *
 * <p>On a node of a cluster every node runs its own provider for its own engine: it registers its containers at
 * addresses every node reaches ({@link AddressRule}), records them as its node's ({@link LabelOwner}) and reconciles
 * only those; it also releases what a node that left the cluster had registered ({@link LeftNodes}).
 *
 * <p>Threading: all Docker I/O and every command run on the provider's own worker thread ({@code docker-labels});
 * the event follower has its own thread and only queues work; {@link #statuses} and {@link #configChanged} may be
 * called from any thread.
 */
public final class DockerLabelsProvider implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DockerLabelsProvider.class);
    /** How soon a pass returns for listeners and groups that wait for their targets to drain. */
    private static final Duration DRAIN_RECHECK = Duration.ofSeconds(1);
    /** The kill signals that end a container (by number, as dockerd reports them, or by name). */
    private static final Set<String> ENDING_SIGNALS = Set.of("15", "9", "2", "3", "SIGTERM", "SIGKILL", "SIGINT",
            "SIGQUIT", "TERM", "KILL", "INT", "QUIT");
    /** The container events that may change what is registered (besides {@code health_status: …}). */
    private static final Set<String> FOLLOWED = Set.of("start", "die", "kill", "stop", "destroy", "pause", "unpause");

    /**
     * Timings.
     *
     * @param resync how often the containers are listed again, events or not
     * @param firstRetry the first reconnect delay, doubled after each failed attempt
     * @param maxRetry the longest reconnect delay
     */
    public record Timings(Duration resync, Duration firstRetry, Duration maxRetry) {
        /** 30 s resync; reconnect after 1 s, doubling to 30 s. */
        public static final Timings DEFAULT = new Timings(Duration.ofSeconds(30), Duration.ofSeconds(1),
                Duration.ofSeconds(30));
    }

    private final String host;
    private final Timings timings;
    private final LabelReconciler reconciler;
    private final ScheduledExecutorService worker;
    private final Set<String> leaving = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean resyncQueued = new AtomicBoolean();
    private final AtomicBoolean reconcileQueued = new AtomicBoolean();
    private final AtomicBoolean releaseQueued = new AtomicBoolean();
    /** The nodes that left the cluster, null for a server alone. */
    private final LeftNodes leftNodes;
    private volatile List<LabelStatus> statuses = List.of();
    private volatile String engineState = "connecting";
    private DockerEngineClient engine;
    private DockerEventFollower follower;
    private List<LabelledContainer> containers;
    private Map<String, String> lastStates = new HashMap<>();
    private Duration connectDelay;
    private boolean resyncFailing;
    private Set<String> lastGone = Set.of();

    private DockerLabelsProvider(String host, ElbControl elb, ClassicControl classic, AcmCommands acm,
                                 Timings timings, ClusterRole cluster) {
        this.host = host;
        this.timings = timings;
        if (cluster.membership() == null) {
            this.reconciler = new LabelReconciler(elb, classic, acm, LabelOwner.ALONE, AddressRule.alone());
            this.leftNodes = null;
        } else {
            this.reconciler = new LabelReconciler(elb, classic, acm, new LabelOwner(cluster.membership().self().name()),
                    AddressRule.clusterNode(cluster.membership().self().address()));
            this.leftNodes = new LeftNodes(cluster.membership(), cluster.lostAfter(), Clock.systemUTC());
        }
        this.connectDelay = timings.firstRetry();
        this.worker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "docker-labels");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Starts watching the engine at {@code host} and registering its labelled containers through {@code elb} and
     * {@code classic}; the HTTPS listeners it creates get certificates requested through {@code acm}.
     */
    public static DockerLabelsProvider start(String host, ElbControl elb, ClassicControl classic, AcmCommands acm,
                                             Timings timings) {
        return start(host, elb, classic, acm, timings, ClusterRole.ALONE);
    }

    /**
     * Starts as {@link #start(String, ElbControl, ClassicControl, AcmCommands, Timings)} does, as the provider of
     * the node that plays {@code cluster} ({@link ClusterRole#ALONE}: a server alone).
     */
    public static DockerLabelsProvider start(String host, ElbControl elb, ClassicControl classic, AcmCommands acm,
                                             Timings timings, ClusterRole cluster) {
        DockerLabelsProvider provider = new DockerLabelsProvider(host, elb, classic, acm, timings, cluster);
        if (cluster.membership() != null) {
            // a node that leaves may leave registrations for this node to release
            cluster.membership().onChange(provider::releaseSoon);
        }
        provider.worker.execute(provider::connect);
        return provider;
    }

    /** Connects (negotiating the API version), or reports the engine unreachable once and tries again later. */
    private void connect() {
        try {
            engine = DockerEngineClient.connect(host);
        } catch (RuntimeException e) {
            engineState = "unreachable: " + EngineErrors.describe(e);
            LOG.warn("docker-labels: Docker engine at {} unreachable: {}; retrying in {} ms", host, e.getMessage(),
                    connectDelay.toMillis());
            worker.schedule(this::connect, connectDelay.toMillis(), TimeUnit.MILLISECONDS);
            Duration doubled = connectDelay.multipliedBy(2);
            connectDelay = doubled.compareTo(timings.maxRetry()) > 0 ? timings.maxRetry() : doubled;
            return;
        }
        engineState = "connected (API " + engine.apiVersion() + ")";
        LOG.info("docker-labels: watching the Docker engine at {} (engine {}, API {})", host, engine.engineVersion(),
                engine.apiVersion());
        follower = new DockerEventFollower(engine, null, this::onEvent, this::resyncSoon, timings.firstRetry(),
                timings.maxRetry());
        long every = timings.resync().toMillis();
        worker.scheduleWithFixedDelay(this::resyncSoon, every, every, TimeUnit.MILLISECONDS);
    }

    /** On the follower's thread: notes kills and starts, and queues a resync for a labelled container's event. */
    private void onEvent(Event event) {
        Map<String, String> attributes = event.getActor() == null || event.getActor().getAttributes() == null
                ? Map.of() : event.getActor().getAttributes();
        if (attributes.keySet().stream().noneMatch(LabelParser::isProviderLabel)) {
            return;
        }
        String action = event.getAction() == null ? "" : event.getAction();
        // A kill or stop deregisters at once, so the container's targets drain while it shuts down.
        switch (action) {
            // docker kill -s HUP (a reload) keeps the container running: only signals that end it count.
            case "kill" -> {
                if (ENDING_SIGNALS.contains(attributes.getOrDefault("signal", ""))) {
                    leaving.add(event.getId());
                }
            }
            case "stop" -> leaving.add(event.getId());
            case "start", "destroy" -> leaving.remove(event.getId());
            default -> { }
        }
        // Only what changes registrations; exec events (a health check every second) would only cost resyncs.
        if (FOLLOWED.contains(action) || action.startsWith("health_status")) {
            resyncSoon();
        }
    }

    /** Queues one resync (several requests before it runs make one). */
    private void resyncSoon() {
        queueOnce(resyncQueued, this::resync);
    }

    /**
     * Called on every configuration commit (on the committing thread): queues one reconcile from the containers last
     * read. Never throws, also after {@link #close}: a commit must not fail because of the provider.
     */
    public void configChanged() {
        queueOnce(reconcileQueued, this::reconcile);
    }

    private void queueOnce(AtomicBoolean queued, Runnable work) {
        if (queued.compareAndSet(false, true)) {
            try {
                worker.execute(() -> {
                    queued.set(false);
                    work.run();
                });
            } catch (RejectedExecutionException closed) {
                queued.set(false); // closed: nothing more to do
            }
        }
    }

    private void resync() {
        try {
            containers = ContainerReader.read(engine.docker(), leaving);
            resyncFailing = false;
        } catch (RuntimeException e) {
            // The event follower reports an engine that went away (once per back-off step); say it here only once.
            if (!resyncFailing) {
                LOG.warn("docker-labels: listing containers at {} failed: {}", host, EngineErrors.describe(e));
            }
            resyncFailing = true;
            return;
        }
        reconcile();
    }

    private void reconcile() {
        if (containers == null) {
            releaseLeftNodes(); // another node's registrations do not depend on this node's engine
            return; // nothing read from the engine yet: nothing may be deregistered on a guess
        }
        try {
            statuses = reconciler.reconcile(containers);
        } catch (RuntimeException e) {
            LOG.warn("docker-labels: reconciling failed: {}", e.toString());
            return;
        }
        logChanges();
        if (reconciler.cleanupPending()) {
            worker.schedule(this::configChanged, DRAIN_RECHECK.toMillis(), TimeUnit.MILLISECONDS);
        }
        releaseLeftNodes();
    }

    /** Queues one release of what nodes that left the cluster held (several requests before it runs make one). */
    private void releaseSoon() {
        queueOnce(releaseQueued, this::releaseLeftNodes);
    }

    /** On a cluster node: releases what the nodes that left held, and looks again while one may be leaving. */
    private void releaseLeftNodes() {
        if (leftNodes == null) {
            return;
        }
        try {
            Set<String> gone = leftNodes.left(reconciler.nodesHolding());
            if (!gone.isEmpty()) {
                if (!gone.equals(lastGone)) {
                    LOG.warn("docker-labels: releasing what nodes {} registered: they left the cluster", gone);
                }
                reconciler.releaseNodes(gone);
            }
            lastGone = gone;
        } catch (RuntimeException e) {
            LOG.warn("docker-labels: releasing the targets of nodes that left failed: {}", e.toString());
        }
        if (leftNodes.pending()) {
            try {
                worker.schedule(this::releaseSoon, leftNodes.recheck().toMillis(), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException closed) {
                // closed meanwhile: nothing more to do
            }
        }
    }

    /** One log line per label whose status changed, and one per label that went away. */
    private void logChanges() {
        Map<String, String> now = new LinkedHashMap<>();
        for (LabelStatus status : statuses) {
            String id = status.containerId() + " " + status.key();
            now.put(id, status.line());
            if (!status.line().equals(lastStates.get(id))) {
                LOG.info("docker-labels: {}", status.line());
            }
        }
        lastStates.keySet().stream().filter(id -> !now.containsKey(id))
                .forEach(id -> LOG.info("docker-labels: {} gone", lastStates.get(id)));
        lastStates = now;
    }

    /** Every label's status from the last pass. */
    public List<LabelStatus> statuses() {
        return statuses;
    }

    /** The engine's address. */
    public String host() {
        return host;
    }

    /** {@code connected (API 1.41)}, {@code connecting} or {@code unreachable: <reason>}. */
    public String engineState() {
        return engineState;
    }

    @Override
    public void close() {
        worker.shutdownNow();
        try {
            worker.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (follower != null) {
            follower.close();
        }
        if (engine != null) {
            engine.close();
        }
    }
}
