package dev.ballast.control.store;

import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a writer in step with a store other processes also commit to (cluster mode): every change the watch reports
 * runs the writer's catch-up (read the store, rebuild and publish its snapshot if the store is ahead). Changes that
 * arrive while a catch-up runs are coalesced into one more; a catch-up that fails (the store unavailable) is tried
 * again until it succeeds, so a node that was cut off resumes by itself.
 *
 * <p>Thread-safe: catch-ups run one at a time on the follower's own thread.
 */
public final class StoreFollower implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StoreFollower.class);
    private static final long RETRY_MILLIS = 500;

    private final String name;
    private final Runnable catchUp;
    private final ScheduledExecutorService thread;
    private final AtomicBoolean pending = new AtomicBoolean();
    private AutoCloseable watch;

    private StoreFollower(String name, Runnable catchUp) {
        this.name = name;
        this.catchUp = catchUp;
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ballast-follow-" + name);
            t.setDaemon(true);
            return t;
        });
    }

    /** Runs {@code catchUp} after every change {@code store} reports past {@code afterRevision}. */
    public static StoreFollower follow(String name, Store store, long afterRevision, Runnable catchUp) {
        StoreFollower follower = new StoreFollower(name, catchUp);
        follower.watch = store.watch(afterRevision, change -> follower.request());
        return follower;
    }

    private void request() {
        if (pending.compareAndSet(false, true)) {
            execute(this::run);
        }
    }

    private void run() {
        pending.set(false);
        try {
            catchUp.run();
        } catch (RuntimeException e) {
            log.warn("{}: catching up with the store failed, trying again: {}", name, e.getMessage());
            try {
                thread.schedule(this::request, RETRY_MILLIS, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException closed) {
                // closed meanwhile
            }
        }
    }

    private void execute(Runnable task) {
        try {
            thread.execute(task);
        } catch (RejectedExecutionException e) {
            // closed meanwhile
        }
    }

    @Override
    public void close() {
        try {
            watch.close();
        } catch (Exception e) {
            log.warn("{}: closing the watch: {}", name, e.getMessage());
        }
        thread.shutdownNow();
    }
}
