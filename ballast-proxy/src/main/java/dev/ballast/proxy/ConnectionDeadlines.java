package dev.ballast.proxy;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.FastThreadLocal;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * The timeouts of one event loop's connections (idle timeouts, the request-head timeout), checked together by one
 * repeating task per loop instead of a scheduled task per connection. A connection registers once and is checked
 * every {@link #TICK_MILLIS} ms until it deregisters, so a new connection costs an array slot rather than a task
 * put into the loop's priority queue and taken out again when it closes, which is most of what a timer costs a
 * connection that lives a millisecond. A deadline is therefore met up to one tick late, never early.
 *
 * <p>Not thread-safe: one instance per event loop ({@link #of}), used only on that loop.
 */
public final class ConnectionDeadlines implements Runnable {
    /** How often registered connections are checked. */
    public static final long TICK_MILLIS = 100;

    private static final FastThreadLocal<ConnectionDeadlines> PER_LOOP = new FastThreadLocal<>();

    /** A connection's part with deadlines: told the time on every tick while it is registered. */
    public interface Watched {
        /** Acts on what is due at {@code nowNanos} ({@link System#nanoTime()}); may deregister itself. */
        void checkDeadlines(long nowNanos);
    }

    /** One registration: cancel it when the connection no longer needs checks (idempotent). */
    public static final class Registration {
        private final ConnectionDeadlines owner;
        private final Watched watched;
        private int slot = -1;

        private Registration(ConnectionDeadlines owner, Watched watched) {
            this.owner = owner;
            this.watched = watched;
        }

        /** Stops the checks. */
        public void cancel() {
            if (slot >= 0) {
                owner.remove(this);
            }
        }

        /** True until {@link #cancel()}. */
        public boolean isActive() {
            return slot >= 0;
        }
    }

    private final EventExecutor loop;
    private Registration[] registrations = new Registration[64];
    private int size;
    private boolean ticking;

    private ConnectionDeadlines(EventExecutor loop) {
        this.loop = loop;
    }

    /** The deadlines of the event loop {@code loop}; call it on that loop. */
    public static ConnectionDeadlines of(EventExecutor loop) {
        assert loop.inEventLoop();
        ConnectionDeadlines deadlines = PER_LOOP.getIfExists();
        if (deadlines == null || deadlines.loop != loop) { // another loop on this thread: only a test's embedded one
            deadlines = new ConnectionDeadlines(loop);
            PER_LOOP.set(deadlines);
        }
        return deadlines;
    }

    /** Checks {@code watched} on every tick from now until the registration is cancelled. */
    public Registration register(Watched watched) {
        Registration registration = new Registration(this, watched);
        if (size == registrations.length) {
            registrations = Arrays.copyOf(registrations, size * 2);
        }
        registration.slot = size;
        registrations[size++] = registration;
        if (!ticking) {
            ticking = true;
            loop.schedule(this, TICK_MILLIS, TimeUnit.MILLISECONDS);
        }
        return registration;
    }

    /** The number of registrations (for tests). */
    int size() {
        return size;
    }

    private void remove(Registration registration) {
        int slot = registration.slot;
        registration.slot = -1;
        Registration last = registrations[--size];
        registrations[size] = null;
        if (last != registration) {
            registrations[slot] = last;
            last.slot = slot;
        }
    }

    @Override
    public void run() {
        long now = System.nanoTime();
        // From the end down: a registration cancelled during a check is replaced by one checked already.
        for (int i = size - 1; i >= 0; i--) {
            if (i < size) {
                registrations[i].watched.checkDeadlines(now);
            }
        }
        if (size > 0) {
            loop.schedule(this, TICK_MILLIS, TimeUnit.MILLISECONDS);
        } else {
            ticking = false;
            if (registrations.length > 1024) {
                registrations = new Registration[64]; // a burst of connections does not keep its array for ever
            }
        }
    }
}
