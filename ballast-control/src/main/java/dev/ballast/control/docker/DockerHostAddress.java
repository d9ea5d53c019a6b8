package dev.ballast.control.docker;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Decides which Docker engine Ballast talks to: the {@code --docker-host} option when given, else the
 * {@code DOCKER_HOST} environment variable, else {@code unix:///var/run/docker.sock} when that socket exists.
 *
 * <p>Thread-safe (stateless).
 */
public final class DockerHostAddress {
    /** The engine's conventional socket, used when nothing else names an engine. */
    public static final Path DEFAULT_SOCKET = Path.of("/var/run/docker.sock");

    private DockerHostAddress() {}

    /**
     * The engine address to use, or empty when none is configured and the default socket is absent (then the docker
     * driver is not available).
     *
     * @param option the {@code --docker-host} value, or null
     * @param env    the process environment
     * @throws IllegalArgumentException when the address is neither {@code unix://} nor {@code tcp://}
     */
    public static Optional<String> resolve(String option, Map<String, String> env) {
        return resolve(option, env, DEFAULT_SOCKET);
    }

    static Optional<String> resolve(String option, Map<String, String> env, Path defaultSocket) {
        if (option != null && !option.isBlank()) {
            return Optional.of(checked("--docker-host", option.strip()));
        }
        String fromEnv = env.get("DOCKER_HOST");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Optional.of(checked("DOCKER_HOST", fromEnv.strip()));
        }
        return Files.exists(defaultSocket) ? Optional.of("unix://" + defaultSocket) : Optional.empty();
    }

    private static String checked(String field, String address) {
        if (address.startsWith("unix:///") || address.startsWith("tcp://")) {
            return address;
        }
        throw new IllegalArgumentException(field + ": " + address
                + " (expected: unix:///path/to/docker.sock or tcp://host:port)");
    }
}
