package dev.ballast.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * {@code ballast} run as users run it: a separate JVM with the test class path, its stdout and stderr captured in
 * files, signalled by PID ({@code kill -HUP}) and stopped by the test (SIGTERM, then SIGKILL if it does not exit).
 */
final class ServerProcess implements AutoCloseable {
    private final Process process;
    private final Path stdout;
    private final Path stderr;

    private ServerProcess(Process process, Path stdout, Path stderr) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /** Starts {@code ballast <args>} with output files in {@code dir}. */
    static ServerProcess start(Path dir, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // logback.xml: log as the shipped jar does (to stderr), not as the tests' logback-test.xml does
                "-Xmx128m", "-Dlogback.configurationFile=logback.xml", "-cp", System.getProperty("java.class.path"),
                BallastCommand.class.getName()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(dir, "stdout", ".txt");
        Path err = Files.createTempFile(dir, "stderr", ".txt");
        Process process = new ProcessBuilder(command)
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        return new ServerProcess(process, out, err);
    }

    long pid() {
        return process.pid();
    }

    String stdout() throws IOException {
        return Files.readString(stdout);
    }

    String stderr() throws IOException {
        return Files.readString(stderr);
    }

    /** Sends {@code kill -<signal>} to the process. */
    void signal(String signal) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(pid())).inheritIO().start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(kill.exitValue()).as("kill -" + signal + " " + pid()).isZero();
    }

    /** Waits (at most {@code timeout}) until stdout satisfies {@code condition}; fails if the process exits first. */
    String awaitStdout(Predicate<String> condition, Duration timeout) throws Exception {
        return await(stdout, condition, timeout);
    }

    /** Waits (at most {@code timeout}) until stderr satisfies {@code condition}. */
    String awaitStderr(Predicate<String> condition, Duration timeout) throws Exception {
        return await(stderr, condition, timeout);
    }

    private String await(Path file, Predicate<String> condition, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String text = Files.readString(file);
            if (condition.test(text)) {
                return text;
            }
            assertThat(process.isAlive()).as("ballast still running; stdout:\n%s\nstderr:\n%s", stdout(), stderr())
                    .isTrue();
            assertThat(System.nanoTime()).as("output within %s; so far:\n%s\nstderr:\n%s", timeout, text, stderr())
                    .isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    /** Stops the process as {@code kill <pid>} does and waits for it; kills it if it does not exit in 10 s. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
