package dev.ballast.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.proxy.Await;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * {@code ballast <args>} run as its own JVM (the test's class path), as a user runs it, with its stdout and stderr
 * in separate files so a test can check exactly what the user sees on each.
 *
 * <p>Not thread-safe: one test drives one process; {@link #close} kills it by PID if it is still running.
 */
public final class BallastProcess implements AutoCloseable {
    private final Process process;
    private final Path stdout;
    private final Path stderr;

    private BallastProcess(Process process, Path stdout, Path stderr) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /** Starts {@code ballast args...}; its output goes to {@code <logDir>/<name>.out} and {@code .err}. */
    public static BallastProcess start(Path logDir, String name, String... args) {
        return start(logDir, name, Map.of(), args);
    }

    /** As {@link #start(Path, String, String...)}, with {@code environment} added to the process's environment. */
    public static BallastProcess start(Path logDir, String name, Map<String, String> environment, String... args) {
        Path out = logDir.resolve(name + ".out");
        Path err = logDir.resolve(name + ".err");
        try {
            ProcessBuilder builder = new ProcessBuilder(command(args)).directory(logDir.toFile());
            builder.environment().putAll(environment);
            return new BallastProcess(builder
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start(), out, err);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What one run of {@code ballast} that ended by itself printed, and how it exited. */
    public record Result(int exitCode, String stdout, String stderr) {}

    /** Runs {@code ballast args...} in {@code workDir} and waits at most {@code timeout} for it to exit. */
    public static Result run(Path workDir, Duration timeout, String... args) throws InterruptedException {
        try (BallastProcess process = start(workDir, "run", args)) {
            if (!process.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("ballast " + String.join(" ", args) + " still running after " + timeout
                        + "; stderr so far: " + process.stderr());
            }
            return new Result(process.process.exitValue(), process.stdout(), process.stderr());
        }
    }

    private static List<String> command(String... args) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-cp", mainClasspath(), BallastCommand.class.getName()));
        command.addAll(List.of(args));
        return command;
    }

    /**
     * The test classpath minus every test-classes directory and test jar: what {@code ballast.jar} contains, so the
     * shipped {@code logback.xml} (logs on stderr), not the test one, decides what the user sees.
     */
    private static String mainClasspath() {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        return Arrays.stream(classpath.split(File.pathSeparator))
                .filter(entry -> !entry.endsWith("test-classes") && !entry.endsWith("-tests.jar"))
                .collect(Collectors.joining(File.pathSeparator));
    }

    /** The running process. */
    public Process process() {
        return process;
    }

    /** The PID. */
    public long pid() {
        return process.pid();
    }

    /** Waits up to 30 s until something accepts TCP connections on 127.0.0.1:{@code port}; fails if the process exits. */
    public void awaitPort(int port) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            assertThat(process.isAlive()).as("ballast process alive; stderr: %s", stderr()).isTrue();
            try (Socket s = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException e) {
                Thread.sleep(50);
            }
        }
        throw new AssertionError("nothing listens on port " + port + "; stderr: " + stderr());
    }

    /** Waits up to 30 s until stdout has a line matching {@code line}; fails if the process exits first. */
    public void awaitStdout(Predicate<String> line) {
        awaitStdout(text -> text.lines().anyMatch(line), Duration.ofSeconds(30));
    }

    /** Waits at most {@code timeout} until all of stdout satisfies {@code condition}; fails if the process exits. */
    public String awaitStdout(Predicate<String> condition, Duration timeout) {
        return await(stdout, condition, timeout);
    }

    /** Waits at most {@code timeout} until all of stderr satisfies {@code condition}; fails if the process exits. */
    public String awaitStderr(Predicate<String> condition, Duration timeout) {
        return await(stderr, condition, timeout);
    }

    private String await(Path file, Predicate<String> condition, Duration timeout) {
        String[] text = {""};
        try {
            Await.until("the expected output in " + file.getFileName(), timeout, () -> {
                text[0] = read(file);
                return condition.test(text[0]) || !process.isAlive();
            });
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; stdout:\n" + stdout() + "\nstderr:\n" + stderr(), e);
        }
        assertThat(condition.test(text[0])).as("ballast exited early; stdout:\n%s\nstderr:\n%s", stdout(), stderr())
                .isTrue();
        return text[0];
    }

    /** Sends {@code kill -<signal>} to the process, as a user's shell does. */
    public void signal(String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(pid())).inheritIO().start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(kill.exitValue()).as("kill -" + signal + " " + pid()).isZero();
    }

    /** Waits up to 30 s for the process to exit by itself and returns its exit status. */
    public int awaitExit() throws InterruptedException {
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("ballast exited; stderr: %s", stderr()).isTrue();
        return process.exitValue();
    }

    /** Everything written to stdout so far. */
    public String stdout() {
        return read(stdout);
    }

    /** Everything written to stderr so far. */
    public String stderr() {
        return read(stderr);
    }

    /** SIGKILL, then waits for the process to be gone. */
    public void killNine() throws InterruptedException {
        process.destroyForcibly();
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).as("killed").isTrue();
    }

    /**
     * SIGKILL for the process and, at once, for every process it started (its ECS tasks, say), as when its machine
     * is lost; returns when all of them are gone.
     */
    public void killNineWithDescendants() throws InterruptedException {
        List<ProcessHandle> descendants = process.toHandle().descendants().toList();
        killNine();
        descendants.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle descendant : descendants) {
            descendant.onExit().join();
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops the process (SIGTERM, then SIGKILL after 10 s) if it still runs. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                killNine();
            }
        }
    }
}
