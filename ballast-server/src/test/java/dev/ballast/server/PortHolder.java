package dev.ballast.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * Another program holding a TCP port on 127.0.0.1: a {@code python3} process listening on a port the kernel chose,
 * stopped by PID when closed.
 *
 * <p>Not thread-safe.
 */
final class PortHolder implements AutoCloseable {
    /** The start of the holder's command line, as {@code /proc/<pid>/cmdline} shows it. */
    static final String COMMAND = "python3 -c import socket";

    private final Process process;
    private final int port;

    private PortHolder(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts the holder and waits until it listens. */
    static PortHolder start() throws IOException {
        Process process = new ProcessBuilder("python3", "-c", "import socket, sys\n"
                + "s = socket.socket(); s.bind(('127.0.0.1', int(sys.argv[1]))); s.listen()\n"
                + "print(s.getsockname()[1], flush=True); sys.stdin.read()", "0").start();
        String line = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII))
                .readLine();
        if (line == null) {
            process.destroyForcibly();
            throw new IOException("python3 did not start listening");
        }
        return new PortHolder(process, Integer.parseInt(line.trim()));
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor(10, TimeUnit.SECONDS);
    }
}
