package dev.ballast.server.api;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Kills, by PID, the task processes a test's cluster nodes left running (stopping a node leaves its tasks running,
 * as a restart would adopt them): every process whose working directory lies under the test's directory.
 *
 * <p>Thread-safe (stateless).
 */
final class LeftoverTaskProcesses {
    private LeftoverTaskProcesses() {}

    /** Kills the processes working under {@code dir}. */
    static void kill(Path dir) {
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
