package dev.ballast.control.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real Docker engine for one test class: its own {@code dockerd} on a private socket, with its data and exec
 * roots in a temporary directory, no iptables changes, and its own bridge {@code ballast-br<hex>} on a
 * {@code 172.31.<n>.0/24} the test picks (so it never takes {@code docker0} from, or collides with, another engine on
 * the host; container addresses on it answer from the host). It imports busybox (from {@code busybox-static}) as the
 * image {@value #BUSYBOX}, since no registry is reachable. {@link #close} stops dockerd by its PID and removes the
 * bridge, the socket and the directory.
 *
 * <p>Missing {@code dockerd}, {@code docker} or {@code busybox} fails the test: they are required components.
 *
 * <p>Not thread-safe: created and closed by one test class's lifecycle thread.
 */
public final class DockerEngine implements AutoCloseable {
    /** The image tests run: busybox's applets under {@code /bin}. */
    public static final String BUSYBOX = "localhost/busybox:latest";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final Path dir;
    private final Path socket;
    private final String bridge;
    private final String subnetPrefix;
    private Process dockerd;

    private DockerEngine(Path dir, Path socket, String bridge, String subnetPrefix) {
        this.dir = dir;
        this.socket = socket;
        this.bridge = bridge;
        this.subnetPrefix = subnetPrefix;
    }

    /** Starts an engine and waits until it answers and has the busybox image. */
    public static DockerEngine start() throws Exception {
        Path dockerdBinary = onPath("dockerd");
        onPath("docker");
        Path busybox = onPath("busybox");
        String suffix = HexFormat.of().toHexDigits((short) ThreadLocalRandom.current().nextInt(1 << 16));
        Path dir = Files.createTempDirectory("ballast-dockerd-");
        DockerEngine engine = new DockerEngine(dir, Path.of("/run/ballast-test-" + suffix + ".sock"),
                "ballast-br" + suffix, freeSubnetPrefix());
        try {
            long begin = System.nanoTime();
            engine.createBridge();
            engine.startDockerd(dockerdBinary);
            long ready = System.nanoTime();
            engine.importBusybox(busybox);
            System.out.printf("dockerd %s ready in %d ms, busybox imported in %d ms%n", engine.host(),
                    (ready - begin) / 1_000_000, (System.nanoTime() - ready) / 1_000_000);
            return engine;
        } catch (Exception | AssertionError e) {
            engine.close();
            throw e;
        }
    }

    /** The engine's address, {@code unix:///run/ballast-test-<hex>.sock}. */
    public String host() {
        return "unix://" + socket;
    }

    /** The first three octets of the bridge's subnet ({@code 172.31.57}); containers get addresses in it. */
    public String subnetPrefix() {
        return subnetPrefix;
    }

    /** Runs the docker CLI against this engine and returns its stdout; fails the test when it fails. */
    public String docker(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("docker", "-H", host()));
        command.addAll(List.of(args));
        return run(command);
    }

    private void createBridge() throws IOException, InterruptedException {
        run(List.of("ip", "link", "add", bridge, "type", "bridge"));
        run(List.of("ip", "addr", "add", subnetPrefix + ".1/24", "dev", bridge));
        run(List.of("ip", "link", "set", bridge, "up"));
    }

    /** A 172.31.n prefix no interface on this host uses yet (another test engine may hold one). */
    private static String freeSubnetPrefix() throws IOException, InterruptedException {
        String addresses = run(List.of("ip", "-4", "-o", "addr", "show"));
        for (int attempt = 0; attempt < 100; attempt++) {
            String prefix = "172.31." + ThreadLocalRandom.current().nextInt(16, 250);
            if (!addresses.contains(" " + prefix + ".")) {
                return prefix;
            }
        }
        throw new AssertionError("no free 172.31.n.0/24 for a test bridge in:\n" + addresses);
    }

    private void startDockerd(Path binary) throws Exception {
        dockerd = new ProcessBuilder(binary.toString(),
                "--host", host(),
                "--data-root", dir.resolve("data").toString(),
                "--exec-root", dir.resolve("exec").toString(),
                "--pidfile", dir.resolve("dockerd.pid").toString(),
                "--iptables=false", "--ip6tables=false",
                "--bridge", bridge, "--fixed-cidr", subnetPrefix + ".0/24",
                "--default-ulimit", "nofile=20000:20000")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("dockerd.log").toFile()))
                .start();
        Instant deadline = Instant.now().plus(READY_TIMEOUT);
        while (true) {
            assertThat(dockerd.isAlive()).as("dockerd exited:\n%s", log()).isTrue();
            if (Files.exists(socket)) {
                try (DockerEngineClient client = DockerEngineClient.connect(host())) {
                    return;
                } catch (IllegalStateException notYet) {
                    // the socket exists before the API answers
                }
            }
            assertThat(Instant.now()).as("dockerd not ready within %s:\n%s", READY_TIMEOUT, log())
                    .isBefore(deadline);
            dockerd.waitFor(100, TimeUnit.MILLISECONDS);
        }
    }

    /** Imports busybox with relative applet links, so {@code /bin/sh}, {@code /bin/httpd} … work in a container. */
    private void importBusybox(Path busybox) throws IOException, InterruptedException {
        Path rootfs = Files.createDirectories(dir.resolve("rootfs"));
        Path bin = Files.createDirectories(rootfs.resolve("bin"));
        Files.createDirectories(rootfs.resolve("tmp"));
        Files.copy(busybox, bin.resolve("busybox"));
        for (String applet : run(List.of(busybox.toString(), "--list")).split("\n")) {
            if (!applet.isBlank() && !applet.equals("busybox")) {
                Files.createSymbolicLink(bin.resolve(applet.strip()), Path.of("busybox"));
            }
        }
        run(List.of("sh", "-c", "tar -C '" + rootfs + "' -c . | docker -H '" + host() + "' import - " + BUSYBOX));
    }

    private String log() {
        try {
            return Files.readString(dir.resolve("dockerd.log"));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /**
     * Stops dockerd (its containers stop with it) and starts it again on the same socket, bridge and data root, as
     * an engine upgrade or crash-restart would; returns once it answers again.
     */
    public void restart() throws Exception {
        stopDockerd();
        startDockerd(onPath("dockerd"));
    }

    private void stopDockerd() throws InterruptedException {
        if (dockerd != null) {
            List<ProcessHandle> children = dockerd.descendants().toList();
            dockerd.destroy(); // SIGTERM to dockerd's PID: it stops its containers and its containerd
            if (!dockerd.waitFor(30, TimeUnit.SECONDS)) {
                dockerd.destroyForcibly().waitFor();
            }
            for (ProcessHandle child : children) { // only what this dockerd started
                if (child.isAlive()) {
                    child.destroyForcibly();
                }
            }
            dockerd = null;
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        stopDockerd();
        unmountUnder(dir);
        runQuietly(List.of("ip", "link", "del", bridge));
        Files.deleteIfExists(socket);
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    /** Unmounts what a killed dockerd may have left mounted under its roots, so the directory can go. */
    private static void unmountUnder(Path dir) throws IOException, InterruptedException {
        List<String> mounts = Files.readAllLines(Path.of("/proc/mounts")).stream()
                .map(line -> line.split(" ")[1])
                .filter(point -> point.startsWith(dir.toString()))
                .sorted(Comparator.reverseOrder())
                .toList();
        for (String point : mounts) {
            runQuietly(List.of("umount", "-l", point));
        }
    }

    private static Path onPath(String program) {
        for (String entry : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            Path candidate = Path.of(entry, program);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        for (String entry : List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin")) {
            Path candidate = Path.of(entry, program);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new AssertionError(program + " is not installed (expected: .ci/run installs docker.io and busybox-static)");
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = process.waitFor();
        assertThat(exit).as("%s failed:\n%s", command, output).isZero();
        return output;
    }

    private static void runQuietly(List<String> command) throws IOException, InterruptedException {
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start().waitFor();
    }
}
