package dev.ballast.proxy.tls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real server process a test starts (redis-server, openssl s_server) and stops by its PID when closed. Its output
 * goes to a file in the test's directory.
 *
 * <p>Not thread-safe: one test owns it.
 */
public final class BackgroundProcess implements AutoCloseable {
    private final Process process;

    private BackgroundProcess(Process process) {
        this.process = process;
    }

    /** Starts {@code command} in {@code dir} and waits until it accepts TCP connections on 127.0.0.1:{@code port}. */
    public static BackgroundProcess startListening(Path dir, int port, List<String> command) {
        try {
            Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(dir.resolve(command.get(0).replace('/', '_') + "-" + port + ".log").toFile())
                    .start();
            BackgroundProcess started = new BackgroundProcess(process);
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new AssertionError(command + " exited with " + process.exitValue());
                }
                try (Socket probe = new Socket()) {
                    probe.connect(new InetSocketAddress("127.0.0.1", port), 200);
                    return started;
                } catch (IOException notYet) {
                    Thread.onSpinWait();
                }
            }
            started.close();
            throw new AssertionError(command + " did not listen on port " + port + " within 15 s");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    /** Stops the process (SIGTERM, then SIGKILL after 5 s) and waits for it. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
