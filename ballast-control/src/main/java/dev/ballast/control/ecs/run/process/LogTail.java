package dev.ballast.control.ecs.run.process;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The last lines of a container's log, to say in a start failure what the process printed before it exited.
 *
 * <p>Thread-safe: stateless.
 */
final class LogTail {
    private static final int MAX_BYTES = 4096;

    private LogTail() {}

    /** Up to {@code lines} last lines of {@code log} (of its last 4 KiB), or a note when it cannot be read. */
    static String of(Path log, int lines) {
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            long length = file.length();
            int size = (int) Math.min(length, MAX_BYTES);
            byte[] bytes = new byte[size];
            file.seek(length - size);
            file.readFully(bytes);
            List<String> all = Arrays.asList(new String(bytes, StandardCharsets.UTF_8).strip().split("\n"));
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(log " + log + " unreadable: " + e.getMessage() + ")";
        }
    }
}
