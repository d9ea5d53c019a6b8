package dev.ballast.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * Reads the access log files a real server wrote under its data directory, for the access log tests.
 *
 * <p>Thread-safe (stateless).
 */
final class AccessLogFiles {
    private AccessLogFiles() {
    }

    /** The {@code .log.gz} files under {@code logs}, sorted; none when the folder does not exist yet. */
    static List<Path> logFiles(Path logs) throws IOException {
        if (!Files.isDirectory(logs)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(logs)) {
            return walk.filter(p -> p.toString().endsWith(".log.gz")).sorted().toList();
        }
    }

    /**
     * Polls the files under {@code logs} until they hold {@code n} lines (the writer runs on its own thread) and
     * returns them; fails when there are not exactly {@code n} after 10 seconds.
     */
    static List<String> awaitLines(Path logs, int n) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            List<String> lines = new ArrayList<>();
            try {
                for (Path file : logFiles(logs)) {
                    try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
                        new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().forEach(lines::add);
                    }
                }
            } catch (EOFException midAppend) {
                // the writer is appending a gzip member right now: read the files again on the next poll
                if (System.nanoTime() > deadline) {
                    throw midAppend;
                }
                Thread.sleep(50);
                continue;
            }
            if (lines.size() >= n || System.nanoTime() > deadline) {
                assertThat(lines).hasSize(n);
                return lines;
            }
            Thread.sleep(50); // polling files written by another thread, with a deadline
        }
    }
}
