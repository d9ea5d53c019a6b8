package dev.ballast.server;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.concurrent.TimeUnit;

/**
 * {@code ballast server --config <file> --watch}: reloads the file when it changes on disk, as SIGHUP does. Editors
 * save in several steps (truncate and write, or write a copy and rename it over the file), so a change is applied
 * once the file's directory has been quiet for {@value #QUIET_MILLIS} ms.
 *
 * <p>Thread-safe: one daemon thread waits for changes and calls the (synchronized) reload; {@link #close} stops it.
 */
final class ConfigFileWatch implements AutoCloseable {
    static final long QUIET_MILLIS = 300;

    private final WatchService watcher;
    private final Thread thread;

    private ConfigFileWatch(WatchService watcher, Path file, Runnable reload) {
        this.watcher = watcher;
        this.thread = new Thread(() -> watch(file.getFileName(), reload), "ballast-config-watch");
        this.thread.setDaemon(true);
    }

    /** Starts watching {@code file}'s directory; {@code reload} runs after each change to {@code file}. */
    static ConfigFileWatch start(Path file, Runnable reload) throws IOException {
        Path absolute = file.toAbsolutePath();
        WatchService watcher = FileSystems.getDefault().newWatchService();
        absolute.getParent().register(watcher, StandardWatchEventKinds.ENTRY_CREATE,
                StandardWatchEventKinds.ENTRY_MODIFY);
        ConfigFileWatch watch = new ConfigFileWatch(watcher, absolute, reload);
        watch.thread.start();
        return watch;
    }

    private void watch(Path name, Runnable reload) {
        try {
            while (true) {
                if (touches(watcher.take(), name)) {
                    // Wait until the save is complete: no further event for QUIET_MILLIS.
                    WatchKey more;
                    while ((more = watcher.poll(QUIET_MILLIS, TimeUnit.MILLISECONDS)) != null) {
                        touches(more, name);
                    }
                    reload.run();
                }
            }
        } catch (ClosedWatchServiceException | InterruptedException e) {
            // closed: stop watching
        }
    }

    /** True if {@code key} reports an event for {@code name}; resets the key for further events. */
    private static boolean touches(WatchKey key, Path name) {
        boolean touched = false;
        for (WatchEvent<?> event : key.pollEvents()) {
            touched |= name.equals(event.context());
        }
        key.reset();
        return touched;
    }

    @Override
    public void close() throws IOException {
        watcher.close();
    }
}
