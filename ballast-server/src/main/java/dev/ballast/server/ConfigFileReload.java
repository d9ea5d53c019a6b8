package dev.ballast.server;

import dev.ballast.core.model.ConfigSnapshot;
import dev.ballast.server.config.ConfigFileException;
import dev.ballast.server.config.ConfigFileLoader;
import java.io.PrintWriter;
import java.nio.file.Path;

/**
 * Reads the configuration file of {@code ballast server --config} again and swaps it in as the next revision, with
 * the data plane's usual guarantees: listeners whose address and port did not change keep their sockets and their
 * open connections, resources keep their ARNs (so target health carries over). A file that cannot be used, or a new
 * listener that cannot be bound, leaves the running configuration in force and is reported on one line.
 *
 * <p>Thread-safe: {@link #reload} is synchronized, so reloads requested in quick succession apply one at a time.
 */
final class ConfigFileReload {
    private final Path file;
    private final DataPlane dataPlane;
    private final ConfigFileLoader loader;
    private final PrintWriter out;
    private final PrintWriter err;

    ConfigFileReload(Path file, DataPlane dataPlane, ConfigFileLoader loader, PrintWriter out, PrintWriter err) {
        this.file = file;
        this.dataPlane = dataPlane;
        this.loader = loader;
        this.out = out;
        this.err = err;
    }

    /** Loads and applies the file; returns false (and reports why) if the running configuration was kept. */
    synchronized boolean reload() {
        long running = dataPlane.snapshot().revision();
        try {
            ConfigSnapshot next = loader.load(file, running + 1);
            dataPlane.publish(next);
        } catch (ConfigFileException e) {
            return keep(running, "invalid configuration file " + file + ": " + e.getMessage());
        } catch (RuntimeException e) {
            // e.g. a new listener whose port is taken: the publisher has rolled every part back
            return keep(running, file + ": " + e.getMessage());
        }
        out.println("ballast server: reloaded " + file + ": configuration revision " + (running + 1));
        out.flush();
        return true;
    }

    private boolean keep(long running, String reason) {
        err.println("ballast server: reload failed, still serving configuration revision " + running + ": " + reason);
        err.flush();
        return false;
    }
}
