package dev.ballast.control;

import dev.ballast.core.model.ConfigSnapshot;
import dev.ballast.core.model.SnapshotConsumer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands each new configuration snapshot to every consumer (proxy, DNS) in order. A snapshot that a consumer
 * rejects is rolled back on the consumers that had already taken it, so all of them keep serving the same
 * revision.
 *
 * <p>Thread-safe: {@link #publish} is synchronized, making it the single writer of the snapshot path.
 */
public final class ConfigPublisher {
    private static final Logger log = LoggerFactory.getLogger(ConfigPublisher.class);

    private final List<SnapshotConsumer> consumers = new CopyOnWriteArrayList<>();
    private volatile ConfigSnapshot current = ConfigSnapshot.empty();

    /** Adds a consumer and gives it the current snapshot. */
    public synchronized void subscribe(SnapshotConsumer consumer) {
        consumer.apply(current);
        consumers.add(consumer);
    }

    /** The snapshot every consumer is serving. */
    public ConfigSnapshot current() {
        return current;
    }

    /**
     * Applies {@code next} to every consumer. If one throws, the consumers that took {@code next} get the previous
     * snapshot back and the exception propagates.
     */
    public synchronized void publish(ConfigSnapshot next) {
        ConfigSnapshot previous = current;
        int applied = 0;
        try {
            for (SnapshotConsumer consumer : consumers) {
                consumer.apply(next);
                applied++;
            }
            current = next;
        } catch (RuntimeException e) {
            for (int i = 0; i < applied; i++) {
                try {
                    consumers.get(i).apply(previous);
                } catch (RuntimeException rollbackFailure) {
                    e.addSuppressed(rollbackFailure);
                }
            }
            // Debug only: the exception reaches the caller, which reports it once, where the user looks.
            log.debug("snapshot revision {} rejected, keeping revision {}: {}", next.revision(), previous.revision(),
                    e.getMessage());
            throw e;
        }
    }
}
