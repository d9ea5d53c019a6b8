package dev.ballast.server;

import dev.ballast.core.model.ListenerBindException;
import dev.ballast.proxy.HostSockets;
import dev.ballast.server.publish.ApiClients;
import dev.ballast.server.publish.PublishSpec;
import dev.ballast.server.publish.PublishedPort;
import dev.ballast.server.publish.ServicePublisher;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import software.amazon.awssdk.services.ecs.model.Task;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupAttribute;

/**
 * Scenario S1 on the real server: starts {@code ballast server} in this process (API, store, health checks, the
 * process task driver) and builds, through its own API as a user would, the application load balancer
 * {@value #LOAD_BALANCER_NAME}, target group {@value #TARGET_GROUP_NAME} and the ECS service {@value #SERVICE_NAME}
 * of {@value #TASKS} {@code tutum/hello-world} tasks, which register themselves in the target group.
 *
 * <p>Thread-safe: {@link #close} is idempotent and may be called from a shutdown hook.
 */
public final class Demo implements AutoCloseable {
    /** The demo's load balancer. */
    public static final String LOAD_BALANCER_NAME = "hello-world-lb";
    /** The demo's target group. */
    public static final String TARGET_GROUP_NAME = "hello-world-tg";
    /** The demo's ECS service. */
    public static final String SERVICE_NAME = "hello-world-service";
    /** The image the tasks run (the process driver's built-in hello-world app). */
    public static final String IMAGE = "tutum/hello-world";
    /** The listener port unless {@code --port} says otherwise. */
    public static final int DEFAULT_PORT = 8080;
    /** The API port unless {@code --api-port} says otherwise; not 9500, so a {@code ballast server} can run beside. */
    public static final int DEFAULT_API_PORT = 9400;
    /** How many hello-world tasks the demo runs. */
    public static final int TASKS = 3;

    private final ControlPlane plane;
    private final TaskDrivers drivers;
    private final ApiClients api;
    private final ServicePublisher.Published published;
    private final Path temporaryDataDir;
    private boolean closed;

    private Demo(ControlPlane plane, TaskDrivers drivers, ApiClients api, ServicePublisher.Published published,
                 Path temporaryDataDir) {
        this.plane = plane;
        this.drivers = drivers;
        this.api = api;
        this.published = published;
        this.temporaryDataDir = temporaryDataDir;
    }

    /**
     * Starts the server with its API on 127.0.0.1:{@code apiPort} (0: a free port) and data in {@code dataDir} (null:
     * a new temporary directory, removed on close), then creates the load balancer listening on {@code bindAddress}:
     * {@code port} and the service. If anything fails, what was started is stopped again.
     */
    public static Demo start(String bindAddress, int port, int apiPort, Path dataDir) {
        requireFree(bindAddress, port);
        Path temporary = null;
        try {
            if (dataDir == null) {
                temporary = Files.createTempDirectory("ballast-demo-");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the demo's data directory: " + e.getMessage(), e);
        }
        Path data = dataDir != null ? dataDir : temporary;
        TaskDrivers drivers = TaskDrivers.processOnly(data);
        ControlPlane plane;
        try {
            plane = ControlPlane.start(new ControlPlane.Options(data, "127.0.0.1", apiPort, bindAddress, Map.of(), 0)
                    .withTaskDrivers(drivers.drivers(), drivers.defaultDriver()));
        } catch (RuntimeException e) {
            drivers.drivers().values().forEach(d -> d.close());
            deleteQuietly(temporary);
            throw e;
        }
        ApiClients api = ApiClients.connect(URI.create("http://" + HostPort.format("127.0.0.1",
                plane.apiAddress().getPort())));
        try {
            ServicePublisher.Published published = new ServicePublisher(api).create(new PublishSpec(SERVICE_NAME,
                    IMAGE, TASKS, new PublishedPort(port, 80, "http"), LOAD_BALANCER_NAME, TARGET_GROUP_NAME,
                    List.of(), Map.of()));
            return new Demo(plane, drivers, api, published, temporary);
        } catch (RuntimeException e) {
            new Demo(plane, drivers, api, null, temporary).close();
            throw e;
        }
    }

    /**
     * Fails before anything starts when the listener's port is taken, naming its holder: the API would store the
     * listener and retry it, which suits a server but not a demo that is about to say what to curl.
     *
     * @throws ListenerBindException naming the port and the process holding it
     */
    private static void requireFree(String bindAddress, int port) {
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(bindAddress, port));
        } catch (IOException e) {
            throw new HostSockets().bindFailure("tcp", bindAddress, port, e);
        }
    }

    /**
     * Waits until every task is a healthy target, as a new ALB target group needs before traffic is spread over all
     * of them; false if that takes longer than {@code timeout}.
     */
    public boolean awaitHealthy(Duration timeout) throws InterruptedException {
        return new ServicePublisher(api).awaitHealthy(published.targetGroupArn(), TASKS, timeout);
    }

    /** The API's address. */
    public InetSocketAddress apiAddress() {
        return plane.apiAddress();
    }

    /** The target group's ARN. */
    public String targetGroupArn() {
        return published.targetGroupArn();
    }

    /** The service's running tasks. */
    public List<Task> tasks() {
        return new ServicePublisher(api).tasks(SERVICE_NAME).stream()
                .filter(t -> t.lastStatus().equals("RUNNING")).toList();
    }

    /** Why the demo's listener (its server's only one) is not served, its port taken say, or null when it is. */
    public String listenerNotServed() {
        return plane.listenersNotServed().stream().map(n -> n.listener() + ": " + n.reason()).findFirst()
                .orElse(null);
    }

    /** The address the listener is bound to, or null if the proxy did not bind it. */
    public InetSocketAddress boundAddress() {
        return plane.boundAddress(published.listenerArn());
    }

    /** What the demo prints when it has started: what runs, what to curl, and how to watch and change it. */
    public String instructions() {
        String bind = plane.snapshot().loadBalancer(published.loadBalancerArn()).bindAddress();
        String url = "http://" + HostPort.format(HostPort.reachableHost(bind), published.publishedPort()) + "/";
        String endpoint = "http://" + HostPort.format("127.0.0.1", plane.apiAddress().getPort());
        List<Task> tasks = tasks();
        StringBuilder text = new StringBuilder();
        text.append("Ballast demo: scenario S1 on the real server (AWS API ").append(endpoint).append(")\n");
        text.append("  load balancer ").append(LOAD_BALANCER_NAME).append("  listener HTTP ")
                .append(HostPort.format(bind, published.publishedPort())).append(" -> target group ")
                .append(TARGET_GROUP_NAME).append('\n');
        text.append("  ECS service   ").append(SERVICE_NAME).append("  ").append(tasks.size()).append(" tasks of ")
                .append(IMAGE).append(" (process driver)\n");
        for (Task task : tasks) {
            text.append("  task          ").append(ServicePublisher.taskId(task)).append("  ")
                    .append(ServicePublisher.taskAddress(task)).append(":80\n");
        }
        text.append('\n').append("Each request goes to the next task in turn; try it three times:\n")
                .append("  curl ").append(url).append('\n')
                .append("The page says \"My task id is ...\" with each task's id in turn.\n\n")
                .append("Watch it in a browser, in the web console:\n")
                .append("  ").append(endpoint).append("/console\n\n")
                .append("Watch and change it with the AWS CLI v2 (any credentials):\n")
                .append("  export AWS_ACCESS_KEY_ID=demo AWS_SECRET_ACCESS_KEY=demo AWS_DEFAULT_REGION=us-east-1\n")
                .append("  aws elbv2 describe-target-health --endpoint-url ").append(endpoint)
                .append(" --target-group-arn ").append(published.targetGroupArn()).append('\n')
                .append("  aws ecs update-service --endpoint-url ").append(endpoint).append(" --service ")
                .append(SERVICE_NAME).append(" --desired-count 5\n");
        if (!tasks.isEmpty()) {
            text.append("  aws ecs stop-task --endpoint-url ").append(endpoint).append(" --task ")
                    .append(ServicePublisher.taskId(tasks.get(0))).append('\n');
        }
        return text.toString();
    }

    /**
     * Stops the service's tasks (at once: the demo sets the deregistration delay to 0 first), then the server, and
     * removes a temporary data directory.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (published != null) {
                stopTasks();
            }
        } finally {
            api.close();
            plane.close();
            drivers.close();
            deleteQuietly(temporaryDataDir);
        }
    }

    /** Deletes the service through the API without a drain wait and waits (up to 30 s) until its tasks stopped. */
    private void stopTasks() {
        try {
            api.elb().modifyTargetGroupAttributes(b -> b.targetGroupArn(published.targetGroupArn())
                    .attributes(TargetGroupAttribute.builder().key("deregistration_delay.timeout_seconds").value("0")
                            .build()));
            api.ecs().deleteService(b -> b.service(SERVICE_NAME).force(true));
            new ServicePublisher(api).awaitInactive(SERVICE_NAME, Duration.ofSeconds(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // the server is closed next; tasks it could not stop are recovered (and stopped) by a later start
        }
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind is harmless
        }
    }
}
