package dev.ballast.proxy.tls;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a real command-line tool (openssl, curl) to completion with a deadline and returns its exit code and output
 * (stdout and stderr together). A tool that outlives the deadline is killed by PID and fails the test.
 *
 * <p>Thread-safe (stateless).
 */
public final class CommandLine {
    /** What a command printed and how it ended. */
    public record Result(int exitCode, String output) {}

    private CommandLine() {}

    /** Runs {@code command} in {@code dir} with {@code stdin}, waiting at most {@code timeout}. */
    public static Result run(Path dir, Duration timeout, String stdin, List<String> command) {
        try {
            Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
            try (OutputStream in = process.getOutputStream()) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            } catch (IOException closedEarly) {
                // the tool may exit before reading its input (e.g. a refused handshake)
            }
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(command + " did not finish within " + timeout);
            }
            return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted running " + command, e);
        }
    }

    /** Runs {@code command} with no input, waiting at most 30 s. */
    public static Result run(Path dir, String... command) {
        return run(dir, Duration.ofSeconds(30), "", List.of(command));
    }
}
