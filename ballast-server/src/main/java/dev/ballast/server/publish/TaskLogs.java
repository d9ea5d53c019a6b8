package dev.ballast.server.publish;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The output of tasks' containers as the task drivers keep it: {@code <tasks dir>/<task id>/<container>.log}.
 *
 * <p>Thread-safe (stateless).
 */
public final class TaskLogs {
    private final Path tasksDir;

    /** The logs under {@code tasksDir} ({@code <data-dir>/tasks}). */
    public TaskLogs(Path tasksDir) {
        this.tasksDir = tasksDir;
    }

    /** The log file of container {@code container} of task {@code taskId}. */
    public Path file(String taskId, String container) {
        return tasksDir.resolve(taskId).resolve(container + ".log");
    }

    /** Prints each line of that file prefixed with {@code <task id>/<container> | }; nothing when there is none. */
    public void print(String taskId, String container, PrintWriter out) throws IOException {
        Path file = file(taskId, container);
        if (!Files.isRegularFile(file)) {
            return;
        }
        try (var lines = Files.lines(file, StandardCharsets.UTF_8)) {
            lines.forEach(line -> out.println(taskId + "/" + container + " | " + line));
        }
    }
}
