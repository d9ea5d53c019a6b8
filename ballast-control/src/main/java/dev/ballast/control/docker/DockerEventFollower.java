package dev.ballast.control.docker;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Event;
import com.github.dockerjava.api.model.EventType;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the engine's container events ({@code GET /events}) for containers carrying one label, and reconnects
 * when the stream ends (engine restart, broken connection). After every (re)connect it runs {@code onConnected},
 * so its owner can resync what it may have missed while disconnected.
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
    private final Thread thread;
    private volatile boolean closed;
    private volatile ResultCallback.Adapter<Event> current;

    /**
     * Starts following the events of containers that carry {@code label} (a label key, or {@code key=value}).
     *
     * @param reconnectDelay how long to wait before reconnecting after the stream broke
     */
    public DockerEventFollower(DockerEngineClient engine, String label, Consumer<Event> onEvent,
                               Runnable onConnected, Duration reconnectDelay) {
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
        while (!closed) {
            ResultCallback.Adapter<Event> callback = new ResultCallback.Adapter<>() {
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
                        log.warn("Docker events from {} broke off: {}", engine.host(), error.toString());
                    }
                    onComplete();
                }
            };
            current = callback;
            try {
                engine.docker().eventsCmd()
                        .withEventTypeFilter(EventType.CONTAINER)
                        .withLabelFilter(label)
                        .exec(callback);
                if (callback.awaitStarted(10, TimeUnit.SECONDS) && !closed) {
                    onConnected.run();
                }
                callback.awaitCompletion();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                if (!closed) {
                    log.warn("Docker events from {} broke off: {}", engine.host(), e.toString());
                }
            }
            if (!closed) {
                try {
                    Thread.sleep(reconnectDelay.toMillis()); // back-off before reconnecting, not a test wait
                } catch (InterruptedException e) {
                    return;
                }
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
