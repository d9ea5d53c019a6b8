package dev.ballast.server;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Runs the real {@code ballast} entry point ({@link BallastCommand#main}) in a child JVM, as a user's shell does,
 * and captures what the user sees: the process's stdout, stderr and exit code. The classpath is the test's
 * without test classes and resources, so the shipped {@code logback.xml} (not {@code logback-test.xml}) decides
 * what is logged to stderr.
 *
 * <p>Thread-safe: stateless; each call starts and waits for its own process.
 */
final class BallastProcess {
    private BallastProcess() {}

    /** What one run of {@code ballast} printed and how it exited. */
    record Result(int exitCode, String stdout, String stderr) {}

    /** Runs {@code ballast args...} and waits at most {@code timeout} for it to exit (it is killed otherwise). */
    static Result run(Path workDir, Duration timeout, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(javaBinary(), "-cp", mainClasspath(),
                BallastCommand.class.getName()));
        command.addAll(Arrays.asList(args));
        Path stdout = workDir.resolve("stdout.txt");
        Path stderr = workDir.resolve("stderr.txt");
        Process process = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("ballast " + String.join(" ", args) + " still running after " + timeout
                        + "; stderr so far: " + Files.readString(stderr, StandardCharsets.UTF_8));
            }
            return new Result(process.exitValue(), Files.readString(stdout, StandardCharsets.UTF_8),
                    Files.readString(stderr, StandardCharsets.UTF_8));
        } finally {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** The test classpath minus every test-classes directory and test jar: what {@code ballast.jar} contains. */
    private static String mainClasspath() {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        return Arrays.stream(classpath.split(File.pathSeparator))
                .filter(entry -> !entry.endsWith("test-classes") && !entry.endsWith("-tests.jar"))
                .collect(Collectors.joining(File.pathSeparator));
    }
}
