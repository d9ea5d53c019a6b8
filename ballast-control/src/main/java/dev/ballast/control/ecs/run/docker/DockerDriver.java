package dev.ballast.control.ecs.run.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Event;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.PullResponseItem;
import dev.ballast.control.docker.DockerEngineClient;
import dev.ballast.control.docker.DockerEventFollower;
import dev.ballast.control.ecs.run.ContainerLaunch;
import dev.ballast.control.ecs.run.ContainerStatus;
import dev.ballast.control.ecs.run.StartedTask;
import dev.ballast.control.ecs.run.TaskDriver;
import dev.ballast.control.ecs.run.TaskEventListener;
import dev.ballast.control.ecs.run.TaskLaunch;
import dev.ballast.control.ecs.run.TaskNetwork;
import dev.ballast.control.ecs.run.TaskStartException;
import java.nio.file.Files;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs ECS tasks as containers on a Docker engine: one container per container definition, labelled as the ECS
 * agent labels them, networked as the task's network mode says (see {@link DockerContainerSpec}), with the
 * container health check as Docker's. It learns of exits and health changes from the engine's event stream and, in
 * case an event was missed, from a periodic listing of its containers by label. Containers are removed when their
 * task is stopped, after their final status has been read; their output stays in
 * {@code <tasks dir>/<task id>/<container>.log}, copied by following the engine's log stream.
 *
 * <p>Thread-safe: the runner may call it for different tasks from several threads; the event thread and the resync
 * thread read and update the per-container bookkeeping, which lives in concurrent maps.
 */
public final class DockerDriver implements TaskDriver {
    private static final Logger log = LoggerFactory.getLogger(DockerDriver.class);
    private static final Set<String> WATCHED_ACTIONS = Set.of("start", "die", "oom", "destroy");
    private static final int FINAL_STATUSES_KEPT = 1000;

    private final DockerEngineClient engine;
    private final DockerClient docker;
    private final Path tasksDir;
    private final Duration pullTimeout;
    /** Container id → the task handle and container name it belongs to, for the containers this driver follows. */
    private final Map<String, TrackedContainer> tracked = new ConcurrentHashMap<>();
    /** Container id → the status last told to listeners, so a change is told once. */
    private final Map<String, ContainerStatus> lastReported = new ConcurrentHashMap<>();
    /** Container id → Docker's status text in the last resync listing ("Up 3 seconds (healthy)"). */
    private final Map<String, String> lastListed = new ConcurrentHashMap<>();
    private final Map<String, ContainerLogFollower> logFollowers = new ConcurrentHashMap<>();
    private final Map<String, List<ContainerStatus>> stoppedTasks = Collections.synchronizedMap(
            new LinkedHashMap<>(16, 0.75f, false) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, List<ContainerStatus>> eldest) {
                    return size() > FINAL_STATUSES_KEPT;
                }
            });
    private final List<TaskEventListener> listeners = new CopyOnWriteArrayList<>();
    private final ExecutorService stopper = Executors.newCachedThreadPool(daemon("docker-stop"));
    private final ScheduledExecutorService resyncTimer = Executors.newSingleThreadScheduledExecutor(
            daemon("docker-resync"));
    private final DockerEventFollower events;
    private final InetAddress resolver;

    private record TrackedContainer(String handle, String name) {}

    /**
     * A driver on {@code engine} that writes container logs under {@code tasksDir}. The engine client stays its
     * caller's: {@link #close} leaves it open (the Docker labels provider may share it).
     *
     * @param resyncInterval how often to list the driver's containers in case an event was missed
     * @param pullTimeout    how long to wait for a pull of an image the engine does not have
     */
    public DockerDriver(DockerEngineClient engine, Path tasksDir, Duration resyncInterval, Duration pullTimeout) {
        this(engine, tasksDir, resyncInterval, pullTimeout, true, null);
    }

    /**
     * As above, with {@code resolver} as every container's DNS server ({@code HostConfig.Dns}, port 53): Ballast's
     * DNS listens there for them (see {@link #resolverAddress}).
     */
    public DockerDriver(DockerEngineClient engine, Path tasksDir, Duration resyncInterval, Duration pullTimeout,
                        InetAddress resolver) {
        this(engine, tasksDir, resyncInterval, pullTimeout, true, resolver);
    }

    /** As above; {@code followEvents} false leaves only the resync to notice changes (tests prove it alone works). */
    DockerDriver(DockerEngineClient engine, Path tasksDir, Duration resyncInterval, Duration pullTimeout,
                 boolean followEvents) {
        this(engine, tasksDir, resyncInterval, pullTimeout, followEvents, null);
    }

    private DockerDriver(DockerEngineClient engine, Path tasksDir, Duration resyncInterval, Duration pullTimeout,
                         boolean followEvents, InetAddress resolver) {
        this.resolver = resolver;
        this.engine = engine;
        this.docker = engine.docker();
        this.tasksDir = tasksDir;
        this.pullTimeout = pullTimeout;
        this.events = followEvents ? new DockerEventFollower(engine, EcsDockerLabels.BALLAST_TASK_ID, this::onEvent,
                this::resyncQuietly, Duration.ofSeconds(1)) : null;
        resyncTimer.scheduleWithFixedDelay(this::resyncQuietly, resyncInterval.toMillis(),
                resyncInterval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public Optional<InetAddress> resolverAddress() {
        return Optional.ofNullable(resolver);
    }

    @Override
    public String name() {
        return "docker";
    }

    @Override
    public StartedTask start(TaskLaunch launch) throws TaskStartException {
        for (ContainerLaunch container : launch.containers()) {
            ensureImage(container.image());
        }
        Map<String, String> created = new LinkedHashMap<>();
        try {
            String networkOwner = null;
            for (ContainerLaunch container : launch.containers()) {
                String id = DockerContainerSpec.create(docker, launch, container, networkOwner, resolver).exec().getId();
                created.put(container.name(), id);
                if (TaskLaunch.AWSVPC.equals(launch.networkMode()) && networkOwner == null) {
                    networkOwner = id;
                }
            }
            String handle = new DockerTaskHandle(launch.taskId(), launch.networkMode(), created).encode();
            // Tracked before they start, so an exit right after the start is not missed.
            for (Map.Entry<String, String> container : created.entrySet()) {
                tracked.put(container.getValue(), new TrackedContainer(handle, container.getKey()));
            }
            for (Map.Entry<String, String> container : created.entrySet()) {
                docker.startContainerCmd(container.getValue()).exec();
                followLog(launch.taskId(), container.getKey(), container.getValue());
            }
            return describe(launch, handle, created);
        } catch (RuntimeException e) { // the engine's refusal, or a broken connection to it
            discard(created);
            throw new TaskStartException("CannotStartContainerError: " + engineMessage(e), e);
        }
    }

    /** Makes sure the engine has {@code image}, pulling it once if it has not (as the ECS agent does). */
    private void ensureImage(String image) throws TaskStartException {
        try {
            docker.inspectImageCmd(image).exec();
            return;
        } catch (NotFoundException missing) {
            // pull it below
        } catch (RuntimeException e) { // no engine to ask
            throw new TaskStartException("CannotPullContainerError: cannot look up image " + image
                    + " on the Docker engine at " + engine.host() + ": " + engineMessage(e), e);
        }
        try {
            pull(image);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TaskStartException("CannotPullContainerError: interrupted while pulling " + image, e);
        } catch (RuntimeException e) {
            throw new TaskStartException("CannotPullContainerError: pull image manifest has been retried 1 time(s): "
                    + "image " + image + " is not present on the Docker engine at " + engine.host()
                    + " and its registry is not reachable: " + engineMessage(e)
                    + " (expected: an image the engine has, e.g. loaded with docker load or docker import)", e);
        }
    }

    private void pull(String image) throws InterruptedException {
        var pull = docker.pullImageCmd(image);
        if (!hasTagOrDigest(image)) {
            pull.withTag("latest"); // without a tag the engine would pull every tag of the repository
        }
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        // Our own callback: docker-java's logs a failed pull at ERROR, but here it is an expected, reported outcome.
        ResultCallback.Adapter<PullResponseItem> callback = new ResultCallback.Adapter<>() {
            @Override
            public void onNext(PullResponseItem item) {
                if (item.getErrorDetail() != null || item.getError() != null) {
                    failure.compareAndSet(null, new IllegalStateException(item.getErrorDetail() != null
                            ? item.getErrorDetail().getMessage() : item.getError()));
                }
            }

            @Override
            public void onError(Throwable error) {
                failure.compareAndSet(null, error instanceof RuntimeException runtime
                        ? runtime : new IllegalStateException(error));
                onComplete();
            }
        };
        if (!pull.exec(callback).awaitCompletion(pullTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
            failure.compareAndSet(null, new IllegalStateException("no answer within " + pullTimeout.toSeconds()
                    + " s"));
        }
        if (failure.get() != null) {
            throw failure.get();
        }
    }

    private static boolean hasTagOrDigest(String image) {
        String lastSegment = image.substring(image.lastIndexOf('/') + 1);
        return lastSegment.contains(":") || lastSegment.contains("@");
    }

    @Override
    public Optional<StartedTask> recover(TaskLaunch launch, String handle) {
        DockerTaskHandle decoded = DockerTaskHandle.decode(handle);
        Map<String, String> present = new LinkedHashMap<>();
        for (Map.Entry<String, String> container : decoded.containers().entrySet()) {
            try {
                docker.inspectContainerCmd(container.getValue()).exec();
                present.put(container.getKey(), container.getValue());
            } catch (NotFoundException gone) {
                log.info("container {} of task {} is gone", container.getKey(), decoded.taskId());
            }
        }
        if (present.isEmpty()) {
            return Optional.empty();
        }
        for (Map.Entry<String, String> container : decoded.containers().entrySet()) {
            tracked.put(container.getValue(), new TrackedContainer(handle, container.getKey()));
        }
        for (Map.Entry<String, String> container : present.entrySet()) {
            followLog(decoded.taskId(), container.getKey(), container.getValue());
        }
        return Optional.of(describe(launch, handle, decoded.containers()));
    }

    @Override
    public List<ContainerStatus> inspect(String handle) {
        List<ContainerStatus> stopped = stoppedTasks.get(handle);
        if (stopped != null) {
            return stopped;
        }
        List<ContainerStatus> statuses = new ArrayList<>();
        for (Map.Entry<String, String> container : DockerTaskHandle.decode(handle).containers().entrySet()) {
            statuses.add(status(container.getKey(), container.getValue()));
        }
        return statuses;
    }

    @Override
    public List<ContainerStatus> stop(String handle, Duration timeout) {
        List<ContainerStatus> alreadyStopped = stoppedTasks.get(handle);
        if (alreadyStopped != null) {
            return alreadyStopped;
        }
        DockerTaskHandle decoded = DockerTaskHandle.decode(handle);
        int seconds = DockerContainerSpec.stopSeconds(timeout);
        // All containers get their stop signal at once, so a task takes one timeout to stop, not one per container.
        List<CompletableFuture<Void>> stops = decoded.containers().values().stream()
                .map(id -> CompletableFuture.runAsync(() -> stopContainer(id, seconds), stopper))
                .toList();
        stops.forEach(CompletableFuture::join);
        List<ContainerStatus> finals = new ArrayList<>();
        for (Map.Entry<String, String> container : decoded.containers().entrySet()) {
            String id = container.getValue();
            ContainerStatus status = status(container.getKey(), id);
            finals.add(status);
            ContainerLogFollower follower = logFollowers.remove(id);
            if (follower != null) {
                follower.awaitEnd(Duration.ofSeconds(5)); // the stream ends with the container; flush it all
                follower.close();
            }
        }
        List<ContainerStatus> result = List.copyOf(finals);
        stoppedTasks.put(handle, result);
        discard(decoded.containers());
        return result;
    }

    private void stopContainer(String id, int timeoutSeconds) {
        try {
            // Docker's stop: the stop signal (SIGTERM unless the image says otherwise), SIGKILL after the timeout.
            docker.stopContainerCmd(id).withTimeout(timeoutSeconds).exec();
        } catch (NotModifiedException | NotFoundException alreadyStopped) {
            log.debug("container {} was already stopped", id);
        } catch (RuntimeException e) {
            // The forced removal that follows kills it if it still runs.
            log.warn("Docker did not stop container {}: {}", id, engineMessage(e));
        }
    }

    @Override
    public Optional<Path> logFile(String handle, String containerName) {
        Path file = logPath(DockerTaskHandle.decode(handle).taskId(), containerName);
        return Files.exists(file) ? Optional.of(file) : Optional.empty();
    }

    @Override
    public void watch(TaskEventListener listener) {
        listeners.add(listener);
    }

    @Override
    public void close() {
        if (events != null) {
            events.close();
        }
        resyncTimer.shutdownNow();
        stopper.shutdownNow();
        logFollowers.values().forEach(ContainerLogFollower::close);
        logFollowers.clear();
    }

    private StartedTask describe(TaskLaunch launch, String handle, Map<String, String> containers) {
        Map<String, InspectContainerResponse> inspected = new LinkedHashMap<>();
        List<ContainerStatus> statuses = new ArrayList<>();
        for (Map.Entry<String, String> container : containers.entrySet()) {
            try {
                InspectContainerResponse response = docker.inspectContainerCmd(container.getValue()).exec();
                inspected.put(container.getKey(), response);
                statuses.add(DockerContainerStates.of(container.getKey(), response));
            } catch (NotFoundException gone) {
                statuses.add(DockerContainerStates.gone(container.getKey(), container.getValue()));
            }
        }
        return new StartedTask(handle, network(launch, inspected), statuses);
    }

    /** The address and ports the task really got, read back from the engine. */
    private static TaskNetwork network(TaskLaunch launch, Map<String, InspectContainerResponse> inspected) {
        List<TaskNetwork.PortBinding> bindings = new ArrayList<>();
        String taskAddress = null;
        if (TaskLaunch.AWSVPC.equals(launch.networkMode())) {
            InspectContainerResponse owner = inspected.get(launch.containers().get(0).name());
            taskAddress = owner == null ? null : containerAddress(owner);
        }
        for (ContainerLaunch container : launch.containers()) {
            InspectContainerResponse response = inspected.get(container.name());
            for (ContainerLaunch.PortRequest port : container.ports()) {
                String protocol = port.protocol() == null ? "tcp" : port.protocol();
                switch (launch.networkMode()) {
                    case TaskLaunch.AWSVPC -> {
                        if (taskAddress != null) {
                            bindings.add(new TaskNetwork.PortBinding(container.name(), port.containerPort(),
                                    taskAddress, port.containerPort(), protocol));
                        }
                    }
                    case TaskLaunch.HOST -> bindings.add(new TaskNetwork.PortBinding(container.name(),
                            port.containerPort(), DockerContainerSpec.PUBLISH_ADDRESS, port.containerPort(), protocol));
                    default -> {
                        if (response != null) {
                            publishedPort(response, port).ifPresent(published -> bindings.add(
                                    new TaskNetwork.PortBinding(container.name(), port.containerPort(),
                                            published.getHostIp(), Integer.parseInt(published.getHostPortSpec()),
                                            protocol)));
                        }
                    }
                }
            }
        }
        return new TaskNetwork(taskAddress, bindings);
    }

    private static String containerAddress(InspectContainerResponse response) {
        String address = response.getNetworkSettings().getIpAddress();
        if (address != null && !address.isEmpty()) {
            return address;
        }
        // Engines that leave the legacy field empty still fill in each network's address.
        return response.getNetworkSettings().getNetworks().values().stream()
                .map(network -> network.getIpAddress())
                .filter(ip -> ip != null && !ip.isEmpty())
                .findFirst().orElse(null);
    }

    private static Optional<Ports.Binding> publishedPort(InspectContainerResponse response,
                                                         ContainerLaunch.PortRequest port) {
        Ports ports = response.getNetworkSettings().getPorts();
        if (ports == null) {
            return Optional.empty();
        }
        ExposedPort key = DockerContainerSpec.exposedPort(port);
        Ports.Binding[] bound = ports.getBindings().get(key);
        return bound == null || bound.length == 0 ? Optional.empty() : Optional.of(bound[0]);
    }

    /** The container's current status, STOPPED with a reason when it is no longer on the engine. */
    private ContainerStatus status(String name, String id) {
        try {
            return DockerContainerStates.of(name, docker.inspectContainerCmd(id).exec());
        } catch (NotFoundException gone) {
            return DockerContainerStates.gone(name, id);
        }
    }

    private void followLog(String taskId, String containerName, String containerId) {
        ContainerLogFollower previous = logFollowers.put(containerId,
                ContainerLogFollower.follow(docker, containerId, logPath(taskId, containerName)));
        if (previous != null) {
            previous.close();
        }
    }

    private Path logPath(String taskId, String containerName) {
        return tasksDir.resolve(taskId).resolve(containerName + ".log");
    }

    /** Forgets and force-removes containers (after a failed start, or once their final status is read). */
    private void discard(Map<String, String> containers) {
        for (String id : containers.values()) {
            tracked.remove(id);
            lastReported.remove(id);
            lastListed.remove(id);
            ContainerLogFollower follower = logFollowers.remove(id);
            if (follower != null) {
                follower.close();
            }
            try {
                docker.removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec();
            } catch (NotFoundException alreadyGone) {
                log.debug("container {} was already removed", id);
            } catch (DockerException e) {
                log.warn("cannot remove container {}: {}", id, engineMessage(e));
            }
        }
    }

    private void onEvent(Event event) {
        String action = event.getAction() == null ? event.getStatus() : event.getAction();
        if (action != null && (WATCHED_ACTIONS.contains(action) || action.startsWith("health_status"))) {
            refresh(event.getId());
        }
    }

    /** Lists the driver's containers by label and re-reads those whose state text changed or that vanished. */
    private void resync() {
        Map<String, String> listed = new HashMap<>();
        for (Container container : docker.listContainersCmd().withShowAll(true)
                .withLabelFilter(List.of(EcsDockerLabels.BALLAST_TASK_ID)).exec()) {
            listed.put(container.getId(), container.getStatus());
        }
        for (String id : tracked.keySet()) {
            String now = listed.get(id);
            if (now == null || !now.equals(lastListed.put(id, now))) {
                refresh(id);
            }
        }
    }

    private void resyncQuietly() {
        try {
            resync();
        } catch (RuntimeException e) {
            log.warn("Docker resync with {} failed: {}", engine.host(), e.toString());
        }
    }

    /** Re-reads one followed container and tells the listeners when its status changed. */
    private synchronized void refresh(String containerId) {
        TrackedContainer container = tracked.get(containerId);
        if (container == null) {
            return; // not ours, or already discarded
        }
        ContainerStatus status = status(container.name(), containerId);
        ContainerStatus previous = lastReported.put(containerId, status);
        if (!status.equals(previous) && tracked.containsKey(containerId)) {
            for (TaskEventListener listener : listeners) {
                try {
                    listener.containerChanged(container.handle(), status);
                } catch (RuntimeException e) {
                    log.warn("task event listener failed on {}", status, e);
                }
            }
        }
    }

    private static String engineMessage(Throwable e) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        // docker-java prefixes "Status 404: {"message":"..."}"; keep the engine's own words
        int start = message.indexOf("{\"message\":\"");
        if (start >= 0) {
            int end = message.lastIndexOf("\"}");
            if (end > start) {
                return message.substring(start + 12, end).replace("\\\"", "\"");
            }
        }
        return message.strip();
    }

    private static ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
