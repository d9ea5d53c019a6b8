package dev.ballast.control.ecs.run.process;

import dev.ballast.control.ecs.run.ContainerLaunch;
import dev.ballast.control.ecs.run.TaskStartException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The argv a container runs as: a built-in image's program, else the container definition's entryPoint + command
 * (run directly, with no shell unless the command itself is one, as Docker's exec form does).
 *
 * <p>Thread-safe (immutable).
 */
final class ContainerArgv {
    private final BuiltInImages builtIns;

    ContainerArgv(BuiltInImages builtIns) {
        this.builtIns = builtIns;
    }

    /**
     * The argv of {@code container} of task {@code taskId}, which binds {@code bindIp:port}.
     *
     * @throws TaskStartException when the image is not built in and the definition names nothing to run
     */
    List<String> of(ContainerLaunch container, String bindIp, int port, String taskId) throws TaskStartException {
        Optional<List<String>> builtIn = builtIns.argv(container.image(), bindIp, port, taskId);
        if (builtIn.isPresent()) {
            return builtIn.get();
        }
        List<String> argv = new ArrayList<>(container.entryPoint());
        argv.addAll(container.command());
        if (argv.isEmpty()) {
            List<String> expected = new ArrayList<>(builtIns.repositories());
            expected.add("an entryPoint/command to run");
            throw new TaskStartException("CannotPullContainerError: image " + container.image()
                    + " is not a built-in image of the process driver and the container definition has no command"
                    + " (expected: " + String.join(", ", expected.subList(0, expected.size() - 1))
                    + (expected.size() > 1 ? ", or " : "") + expected.get(expected.size() - 1) + ")");
        }
        return argv;
    }
}
