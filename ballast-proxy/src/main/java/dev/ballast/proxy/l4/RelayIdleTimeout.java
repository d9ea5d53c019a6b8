package dev.ballast.proxy.l4;

import dev.ballast.proxy.ConnectionDeadlines;
import io.netty.util.concurrent.EventExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The idle timeout of one relayed TCP connection: runs its action when neither side has read anything for the
 * timeout (what one side reads is what the other is sent, so reads on both sides are all the traffic there is).
 * A read only notes the time; the event loop's {@link ConnectionDeadlines} checks it. It replaces Netty's
 * {@code IdleStateHandler}, which took a pipeline slot, a scheduled task per connection and a promise and listener
 * per write.
 *
 * <p>Not thread-safe: used on the event loop both sides of the connection share.
 */
final class RelayIdleTimeout implements ConnectionDeadlines.Watched {
    private final EventExecutor loop;
    private final long timeoutNanos;
    private final Runnable onIdle;
    private long lastReadNanos;
    private ConnectionDeadlines.Registration registration;

    /** Runs {@code onIdle} on {@code loop} after {@code timeoutSeconds} without reads (0 or less: never). */
    RelayIdleTimeout(EventExecutor loop, int timeoutSeconds, Runnable onIdle) {
        this.loop = loop;
        this.timeoutNanos = TimeUnit.SECONDS.toNanos(timeoutSeconds);
        this.onIdle = onIdle;
    }

    /** Starts counting from now. */
    void start() {
        if (timeoutNanos > 0) {
            lastReadNanos = System.nanoTime();
            registration = ConnectionDeadlines.of(loop).register(this);
        }
    }

    /** Either side read something. */
    void read() {
        lastReadNanos = System.nanoTime();
    }

    /** The connection closed: no more checks. */
    void stop() {
        if (registration != null) {
            registration.cancel();
            registration = null;
        }
    }

    @Override
    public void checkDeadlines(long nowNanos) {
        if (nowNanos - lastReadNanos >= timeoutNanos) {
            stop();
            onIdle.run();
        }
    }
}
