package dev.ballast.control.ecs.run.process;

import java.util.List;
import java.util.Optional;

/**
 * The images the process driver can run without their container definition naming a command: each maps to the argv
 * of a program that serves what the image would (for example {@code tutum/hello-world} to Ballast's built-in hello
 * app). Injected because the programs live in modules the driver does not depend on.
 *
 * <p>Implementations are thread-safe.
 */
public interface BuiltInImages {
    /** No built-in images: every container needs an entryPoint or command. */
    BuiltInImages NONE = new BuiltInImages() {
        @Override
        public List<String> repositories() {
            return List.of();
        }

        @Override
        public Optional<List<String>> argv(String image, String bindIp, int port, String taskId) {
            return Optional.empty();
        }
    };

    /** The image repositories (without tag) this knows, for error messages. */
    List<String> repositories();

    /**
     * The argv that runs {@code image} (any tag) listening on {@code bindIp:port} and naming task {@code taskId}, or
     * empty when the image is not built in.
     */
    Optional<List<String>> argv(String image, String bindIp, int port, String taskId);
}
