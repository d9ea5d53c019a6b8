package dev.ballast.control.docker;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Event;
import com.github.dockerjava.api.model.EventType;
import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the engine's container events ({@code GET /events}) for containers carrying one label (or all containers),
 * and reconnects when the stream ends (engine restart, broken connection), waiting longer after each failed attempt
 * (doubling up to a maximum, back to the first delay once connected) and saying so once per attempt. After every
 * (re)connect it runs {@code onConnected}, so its owner can resync what it may have missed while disconnected.
 *
 * <p>Threading: one daemon thread reads the stream and calls both callbacks; {@link #close} may be called from any
 * thread.
 */
public final class DockerEventFollower implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DockerEventFollower.class);

    private final DockerEngineClient engine;
    private final String label;
    private final Consumer<Event> onEvent;
    private final Runnable onConnected;
    private final Duration reconnectDelay;
    private final Duration maxReconnectDelay;
    private final Thread thread;
    private volatile boolean closed;
    private volatile ResultCallback.Adapter<Event> current;
    private volatile String failure;

    /**
     * Starts following the events of containers that carry {@code label} (a label key, or {@code key=value}).
     *
     * @param reconnectDelay how long to wait before reconnecting after the stream broke
     */
    public DockerEventFollower(DockerEngineClient engine, String label, Consumer<Event> onEvent,
                               Runnable onConnected, Duration reconnectDelay) {
        this(engine, label, onEvent, onConnected, reconnectDelay, reconnectDelay);
    }

    /**
     * Starts following the events of containers that carry {@code label} (null: of every container), reconnecting
     * after {@code reconnectDelay}, doubled after each attempt that fails up to {@code maxReconnectDelay}.
     */
    public DockerEventFollower(DockerEngineClient engine, String label, Consumer<Event> onEvent,
                               Runnable onConnected, Duration reconnectDelay, Duration maxReconnectDelay) {
        this.maxReconnectDelay = maxReconnectDelay;
        this.engine = engine;
        this.label = label;
        this.onEvent = onEvent;
        this.onConnected = onConnected;
        this.reconnectDelay = reconnectDelay;
        this.thread = new Thread(this::follow, "docker-events");
        thread.setDaemon(true);
        thread.start();
    }

    private void follow() {
        Duration delay = reconnectDelay;
        while (!closed) {
            CountDownLatch answered = new CountDownLatch(1);
            ResultCallback.Adapter<Event> callback = new ResultCallback.Adapter<>() {
                @Override
                public void onStart(Closeable stream) {
                    super.onStart(stream);
                    answered.countDown();
                }

                @Override
                public void onNext(Event event) {
                    try {
                        onEvent.accept(event);
                    } catch (RuntimeException e) {
                        log.warn("Docker event {} {} not handled", event.getAction(), event.getId(), e);
                    }
                }

                @Override
                public void onError(Throwable error) {
                    // docker-java's own onError logs at ERROR, also when close() broke the stream on purpose.
                    if (!closed) {
                        failure = error.toString();
                    }
                    answered.countDown();
                    onComplete();
                }
            };
            current = callback;
            failure = null;
            boolean connected = false;
            try {
                var command = engine.docker().eventsCmd().withEventTypeFilter(EventType.CONTAINER);
                if (label != null) {
                    command.withLabelFilter(label);
                }
                command.exec(callback);
                // Waits for the stream to start or fail, so an engine that is down costs no extra wait.
                if (answered.await(10, TimeUnit.SECONDS) && failure == null && !closed) {
                    connected = true;
                    delay = reconnectDelay;
                    onConnected.run();
                }
                callback.awaitCompletion();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                failure = e.toString();
            }
            if (!closed) {
                // One line per attempt: the attempts are spaced by the growing delay, so an engine that stays away
                // is reported once per back-off step, never in a tight loop.
                log.warn("Docker events from {} {}: {}; reconnecting in {} ms", engine.host(),
                        connected ? "broke off" : "unreachable", failure == null ? "stream ended" : failure,
                        delay.toMillis());
                try {
                    Thread.sleep(delay.toMillis()); // back-off before reconnecting, not a test wait
                } catch (InterruptedException e) {
                    return;
                }
                Duration doubled = delay.multipliedBy(2);
                delay = doubled.compareTo(maxReconnectDelay) > 0 ? maxReconnectDelay : doubled;
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        ResultCallback.Adapter<Event> callback = current;
        if (callback != null) {
            try {
                callback.close();
            } catch (IOException ignored) {
                // the stream is being abandoned
            }
        }
        thread.interrupt();
    }
}
