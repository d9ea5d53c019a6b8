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
public final class PortHolder implements AutoCloseable {
    /** The start of the holder's command line, as {@code /proc/<pid>/cmdline} shows it. */
    public static final String COMMAND = "python3 -c import socket";

    private final Process process;
    private final int port;

    private PortHolder(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts the holder on a port the kernel chooses and waits until it listens. */
    public static PortHolder start() throws IOException {
        return start(0);
    }

    /** Starts the holder on {@code port} and waits until it listens. */
    public static PortHolder start(int port) throws IOException {
        Process process = new ProcessBuilder("python3", "-c", "import socket, sys\n"
                + "s = socket.socket(); s.bind(('127.0.0.1', int(sys.argv[1]))); s.listen()\n"
                + "print(s.getsockname()[1], flush=True); sys.stdin.read()", String.valueOf(port)).start();
        String line = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII))
                .readLine();
        if (line == null) {
            process.destroyForcibly();
            throw new IOException("python3 did not start listening on port " + port);
        }
        return new PortHolder(process, Integer.parseInt(line.trim()));
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor(10, TimeUnit.SECONDS);
    }
}
