package dev.ballast.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Kills, by PID, the task processes a test's servers left running: stopping a server leaves its ECS tasks running
 * (the next start adopts them), and the process driver runs each task in a directory under the server's data
 * directory.
 *
 * <p>Thread-safe (stateless).
 */
public final class LeftoverTasks {
    private LeftoverTasks() {}

    /** SIGKILL for every process whose working directory lies under {@code dir}. */
    public static void killUnder(Path dir) {
        try (Stream<ProcessHandle> all = ProcessHandle.allProcesses()) {
            all.filter(p -> cwd(p).map(c -> c.startsWith(dir)).orElse(false)).forEach(ProcessHandle::destroyForcibly);
        }
    }

    private static Optional<Path> cwd(ProcessHandle process) {
        try {
            return Optional.of(Files.readSymbolicLink(Path.of("/proc", Long.toString(process.pid()), "cwd")));
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return Optional.empty();
        }
    }
}
