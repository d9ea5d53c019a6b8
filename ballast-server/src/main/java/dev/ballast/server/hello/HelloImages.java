package dev.ballast.server.hello;

import dev.ballast.control.ecs.run.process.BuiltInImages;
import dev.ballast.control.ecs.run.process.ImageReference;
import java.io.File;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;
import java.util.List;
import java.util.Optional;

/**
 * The process driver's built-in images: {@code tutum/hello-world} and {@code ballast/hello} (any tag) run
 * {@code ballast hello} in a small JVM of their own on this JVM's classpath, so a demo's tasks need no Docker.
 *
 * <p>Thread-safe (immutable).
 */
public final class HelloImages implements BuiltInImages {
    private static final List<String> REPOSITORIES = List.of("tutum/hello-world", "ballast/hello");
    /** A hello task's JVM: small heap, one GC thread, C1 only (it serves a page, it never gets hot). */
    private static final List<String> JVM_OPTIONS = List.of("-Xmx32m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
    private static final String MAIN = "dev.ballast.server.BallastCommand";

    private final String java;
    private final String classpath;

    /** The images run by this JVM's {@code java} on this JVM's classpath. */
    public HelloImages() {
        this(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                absolute(System.getProperty("java.class.path")));
    }

    HelloImages(String java, String classpath) {
        this.java = java;
        this.classpath = classpath;
    }

    /**
     * {@code classpath} with every entry made absolute: a task runs in its own directory, where a relative entry
     * ({@code java -jar ballast-server/target/ballast.jar}) names nothing.
     */
    static String absolute(String classpath) {
        return Arrays.stream(classpath.split(File.pathSeparator))
                .map(entry -> Path.of(entry).toAbsolutePath().toString())
                .collect(Collectors.joining(File.pathSeparator));
    }

    @Override
    public List<String> repositories() {
        return REPOSITORIES;
    }

    @Override
    public Optional<List<String>> argv(String image, String bindIp, int port, String taskId) {
        if (!REPOSITORIES.contains(ImageReference.repository(image))) {
            return Optional.empty();
        }
        List<String> argv = new java.util.ArrayList<>(List.of(java, "-cp", classpath));
        argv.addAll(JVM_OPTIONS);
        argv.addAll(List.of(MAIN, "hello", "--bind", bindIp, "--port", Integer.toString(port), "--task-id", taskId));
        return Optional.of(List.copyOf(argv));
    }
}
