package dev.ballast.control.ecs.run.process;

import dev.ballast.control.ecs.run.ContainerLaunch;
import dev.ballast.control.ecs.run.TaskNetwork.PortBinding;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The environment of a container's process: not Ballast's own (it may hold credentials) but a {@code PATH}, the
 * container definition's environment, and where to listen: {@code BALLAST_IP}, {@code PORT} (the port to bind for the
 * first mapping) and {@code BALLAST_PORT_<containerPort>} (the port to bind for each mapping).
 *
 * <p>Thread-safe: stateless.
 */
final class ContainerEnvironment {
    private static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private ContainerEnvironment() {}

    /** The environment of {@code container}, bound on {@code bindIp} with its own {@code bindings}. */
    static Map<String, String> of(ContainerLaunch container, String bindIp, List<PortBinding> bindings, Path taskDir) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", System.getenv().getOrDefault("PATH", DEFAULT_PATH));
        env.put("HOME", taskDir.toString());
        env.putAll(container.environment());
        env.put("BALLAST_IP", bindIp);
        if (!bindings.isEmpty()) {
            env.put("PORT", Integer.toString(bindings.get(0).hostPort()));
        }
        for (PortBinding binding : bindings) {
            env.put("BALLAST_PORT_" + binding.containerPort(), Integer.toString(binding.hostPort()));
        }
        return env;
    }
}
