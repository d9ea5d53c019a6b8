package dev.ballast.proxy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a real command-line client (curl, h2load, openssl) to completion and returns what it printed; a missing
 * program fails the test.
 *
 * <p>Thread-safe (stateless).
 */
final class CommandLine {
    private CommandLine() {
    }

    /** Runs {@code command}, waits at most {@code timeoutSeconds}, and returns its exit code and output. */
    static Result run(long timeoutSeconds, String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
        try {
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                throw new AssertionError(command[0] + " did not finish in " + timeoutSeconds + " s");
            }
            return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
        } finally {
            process.destroyForcibly();
        }
    }

    record Result(int exitCode, String output) {
    }
}
