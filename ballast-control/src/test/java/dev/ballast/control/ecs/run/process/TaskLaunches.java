package dev.ballast.control.ecs.run.process;

import dev.ballast.control.ecs.run.ContainerHealthCheck;
import dev.ballast.control.ecs.run.ContainerLaunch;
import dev.ballast.control.ecs.run.ContainerLaunch.PortRequest;
import dev.ballast.control.ecs.run.TaskLaunch;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/** Task launches for the process driver tests: real shell scripts and python3's http.server. */
final class TaskLaunches {
    static final String PYTHON = "/usr/bin/python3";

    private TaskLaunches() {}

    /** A fresh 32-hex task id, as ECS makes them. */
    static String taskId() {
        byte[] bytes = new byte[16];
        ThreadLocalRandom.current().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** A random /24 of 127.0.0.0/8 away from Ballast's defaults, so concurrent test runs do not collide. */
    static LoopbackAddressPool randomPool() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return LoopbackAddressPool.of("127." + random.nextInt(100, 200) + "." + random.nextInt(256) + ".0/24");
    }

    static TaskLaunch task(String networkMode, ContainerLaunch... containers) {
        String id = taskId();
        return new TaskLaunch(id, "arn:aws:ecs:us-east-1:000000000000:task/default/" + id, "default", "web", 1,
                networkMode, List.of(containers));
    }

    /** An HTTP server (python3) on {@code $BALLAST_IP:$PORT} serving an index page that says {@code $GREETING}. */
    static ContainerLaunch httpServer(String name, String greeting, PortRequest... ports) {
        return container(name, "python:3", "printf '%s' \"$GREETING\" > index.html && exec " + PYTHON
                + " -m http.server \"$PORT\" --bind \"$BALLAST_IP\"", Map.of("GREETING", greeting), null, ports);
    }

    /** A container running {@code script} with {@code /bin/sh -c}. */
    static ContainerLaunch container(String name, String image, String script, Map<String, String> env,
                                     ContainerHealthCheck healthCheck, PortRequest... ports) {
        return new ContainerLaunch(name, image, List.of("/bin/sh", "-c"), List.of(script), env, List.of(ports), true,
                healthCheck, Duration.ofSeconds(30), Map.of());
    }

    static PortRequest tcp(int containerPort) {
        return new PortRequest(containerPort, null, "tcp");
    }

    static PortRequest tcp(int containerPort, int hostPort) {
        return new PortRequest(containerPort, hostPort, "tcp");
    }
}
