package dev.ballast.server;

import java.util.concurrent.CountDownLatch;
import sun.misc.Signal;

/**
 * Lets a long-running command wait until it is asked to stop: by SIGINT (Ctrl-C) or SIGTERM for the process, or
 * by {@link #trigger} in tests. Handling the signals ourselves (instead of only a shutdown hook) lets the command
 * stop everything and exit with status 0.
 *
 * <p>Thread-safe.
 */
public final class StopSignal {
    private final CountDownLatch stopped = new CountDownLatch(1);

    /** A signal triggered only by {@link #trigger}. */
    public StopSignal() {}

    /** A signal triggered by SIGINT or SIGTERM (where the platform lets the JVM handle them) or {@link #trigger}. */
    public static StopSignal onProcessSignals() {
        StopSignal signal = new StopSignal();
        for (String name : new String[] {"INT", "TERM"}) {
            try {
                Signal.handle(new Signal(name), s -> signal.trigger());
            } catch (IllegalArgumentException e) {
                // The signal is ignored by the parent (e.g. SIGINT of a background job) or unknown here; the
                // JVM's default behaviour and the shutdown hook still apply.
            }
        }
        return signal;
    }

    /** Asks the waiting command to stop. */
    public void trigger() {
        stopped.countDown();
    }

    /** Blocks until {@link #trigger} is called. */
    public void await() throws InterruptedException {
        stopped.await();
    }

    /**
     * Keeps {@code running} open until this signal is triggered, then closes it. A shutdown hook closes it too if
     * the JVM exits another way (SIGHUP, {@code System.exit} elsewhere); {@code running.close()} must be
     * idempotent.
     */
    public void runUntilStopped(AutoCloseable running) throws Exception {
        Thread hook = new Thread(() -> closeQuietly(running), "ballast-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            await();
        } finally {
            running.close();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is already shutting down; the hook has closed or will close the (idempotent) resource
            }
        }
    }

    private static void closeQuietly(AutoCloseable running) {
        try {
            running.close();
        } catch (Exception e) {
            System.err.println("ballast: error while stopping: " + e.getMessage());
        }
    }
}
