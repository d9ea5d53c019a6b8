package dev.ballast.proxy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real gRPC server (Python grpcio, the test resource {@code grpc/grpc_target.py}) answering the test service
 * {@code test.Echo}; it serves until {@link #close()} closes its stdin, and is killed by PID if it does not exit.
 *
 * <p>Not thread-safe: one owner test.
 */
public final class GrpcTarget implements AutoCloseable {
    public static final String PYTHON = "/usr/bin/python3";

    private final Process process;
    private final int port;

    private GrpcTarget(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * Starts a target named {@code name}, healthy while {@code healthFile} exists; over TLS when {@code certificate}
     * and {@code key} are given, else h2c.
     */
    public static GrpcTarget start(String name, Path healthFile, Path certificate, Path key) {
        List<String> command = new ArrayList<>(List.of(PYTHON, resource("grpc_target.py").toString(), name,
                healthFile.toString()));
        if (certificate != null) {
            command.add(certificate.toString());
            command.add(key.toString());
        }
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8));
            String line = out.readLine(); // blocks until the server printed its port, or exited
            if (line == null || !line.startsWith("port ")) {
                process.destroyForcibly();
                throw new AssertionError("the gRPC target did not start: " + line);
            }
            return new GrpcTarget(process, Integer.parseInt(line.substring(5).trim()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A test script's path on disk: the resource is copied to a temporary file, since it may sit in a jar (the
     * proxy's test jar, when another module's tests use it).
     */
    public static Path resource(String name) {
        try (InputStream in = GrpcTarget.class.getResourceAsStream("/grpc/" + name)) {
            if (in == null) {
                throw new IllegalStateException("no test resource /grpc/" + name);
            }
            Path file = Files.createTempFile("ballast-" + name.replace(".py", "-"), ".py");
            file.toFile().deleteOnExit();
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return port;
    }

    @Override
    public void close() {
        try {
            process.getOutputStream().close();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (IOException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
