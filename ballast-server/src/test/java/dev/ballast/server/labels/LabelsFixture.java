package dev.ballast.server.labels;

import dev.ballast.control.docker.DockerEngine;
import dev.ballast.control.labels.DockerLabelsProvider;
import dev.ballast.control.labels.LabelStatus;
import dev.ballast.server.ControlPlane;
import dev.ballast.server.publish.ApiClients;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A real server (control plane on free ports, load balancers on 127.0.0.1) with the Docker labels provider watching
 * a test's {@link DockerEngine}, fast timings, and the SDK client; {@link #close} removes the containers it ran and
 * stops the server.
 *
 * <p>Not thread-safe: used by one test's thread.
 */
final class LabelsFixture implements AutoCloseable {
    /** Resync every 2 s; reconnect after 100 ms, doubling to 1 s. */
    static final DockerLabelsProvider.Timings FAST = new DockerLabelsProvider.Timings(Duration.ofSeconds(2),
            Duration.ofMillis(100), Duration.ofSeconds(1));

    private final DockerEngine engine;
    private final Path dataDir;
    private final List<String> containers = new ArrayList<>();
    ControlPlane plane;
    LabelsPlane labels;
    ApiClients api;

    LabelsFixture(DockerEngine engine, Path dataDir) {
        this.engine = engine;
        this.dataDir = dataDir;
        start();
    }

    /** Starts the server and the provider on the fixture's data directory. */
    void start() {
        plane = ControlPlane.start(new ControlPlane.Options(dataDir, "127.0.0.1", 0, "127.0.0.1", Map.of(), 1));
        labels = LabelsPlane.start(plane, engine.host(), FAST);
        api = ApiClients.connect(URI.create("http://127.0.0.1:" + plane.apiAddress().getPort()));
    }

    /** Stops the provider and the server (containers keep running), as a Ballast restart does. */
    void stop() {
        api.close();
        labels.close();
        plane.close();
    }

    /**
     * Runs a busybox httpd container serving its name on port 80 and returns its id.
     *
     * @param options more {@code docker run} options ({@code --label k=v}, {@code -p ...}, {@code --health-cmd ...})
     */
    String runHttpd(String name, String... options) throws Exception {
        List<String> args = new ArrayList<>(List.of("run", "-d", "--name", name));
        args.addAll(List.of(options));
        args.addAll(List.of(DockerEngine.BUSYBOX, "sh", "-c",
                "mkdir -p /www && echo " + name + " > /www/index.html && exec httpd -f -p 80 -h /www"));
        containers.add(name);
        return engine.docker(args.toArray(String[]::new)).strip();
    }

    /** Removes container {@code name} at once ({@code docker rm -f}). */
    void remove(String name) throws Exception {
        engine.docker("rm", "-f", name);
        containers.remove(name);
    }

    /** The provider's statuses of container {@code name}. */
    List<LabelStatus> statuses(String name) {
        return labels.provider().statuses().stream().filter(s -> s.container().equals(name)).toList();
    }

    /** The status of the one label of container {@code name}, if the provider has seen it. */
    Optional<LabelStatus> status(String name) {
        List<LabelStatus> all = statuses(name);
        return all.size() == 1 ? Optional.of(all.get(0)) : Optional.empty();
    }

    /** True when container {@code name}'s one label is in {@code state}. */
    boolean inState(String name, String state) {
        return status(name).map(s -> s.state().equals(state)).orElse(false);
    }

    @Override
    public void close() throws Exception {
        try {
            stop();
        } finally {
            for (String name : containers) {
                engine.docker("rm", "-f", name);
            }
        }
    }
}
