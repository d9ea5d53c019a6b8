package dev.ballast.control.classic;

import dev.ballast.control.ConfigPublisher;
import dev.ballast.control.error.AwsError;
import dev.ballast.control.error.AwsException;
import dev.ballast.control.store.Store;
import dev.ballast.control.store.StoreException;
import dev.ballast.core.model.ConfigSnapshot;
import dev.ballast.core.validation.ValidationException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single writer of the Classic Load Balancer configuration: a command changes a copy of the current state;
 * if it succeeds, the data plane gets the new configuration (binding new listeners), then the change is committed
 * to the store, durable before the command returns. If any step fails, the data plane keeps (or gets back) the
 * previous configuration and neither the store nor the state changes.
 *
 * <p>Thread-safe: commands are serialised by {@link #write}; {@link #state} may be read from any thread.
 */
public final class ClassicWriter {
    private static final Logger log = LoggerFactory.getLogger(ClassicWriter.class);

    private final Store store;
    private final ClassicCodec codec = new ClassicCodec();
    private final ClassicSnapshot snapshots;
    private final ConfigPublisher publisher;
    private volatile ClassicState state;

    private ClassicWriter(Store store, ClassicSnapshot snapshots, ConfigPublisher publisher, ClassicState state) {
        this.store = store;
        this.snapshots = snapshots;
        this.publisher = publisher;
        this.state = state;
    }

    /** Loads the classic configuration from {@code store} and publishes it (a failure is logged and kept). */
    public static ClassicWriter open(Store store, ClassicSnapshot snapshots, ConfigPublisher publisher) {
        ClassicWriter writer = new ClassicWriter(store, snapshots, publisher, null);
        ClassicState loaded = writer.codec.decode(store.read(ClassicCodec.PREFIX));
        writer.state = loaded;
        try {
            publisher.publish(snapshots.build(loaded));
        } catch (RuntimeException e) {
            log.error("the stored classic configuration (revision {}) could not be applied: {}", loaded.revision(),
                    e.getMessage());
        }
        log.info("loaded {} classic load balancers at revision {}", loaded.loadBalancers().size(), loaded.revision());
        return writer;
    }

    /** The latest committed state. */
    public ClassicState state() {
        return state;
    }

    /** How load balancers map onto the data plane's model. */
    public ClassicSnapshot snapshots() {
        return snapshots;
    }

    /**
     * Runs {@code command} on a copy of the load balancers and, if it changed anything, applies and commits the
     * result; returns what the command returned.
     *
     * @throws AwsException if the command, the data plane or the store refused; nothing changed
     */
    public synchronized <T> T write(Function<Map<String, ClassicLoadBalancer>, T> command) {
        ClassicState before = state;
        Map<String, ClassicLoadBalancer> draft = new LinkedHashMap<>(before.loadBalancers());
        T result = command.apply(draft);
        if (draft.equals(before.loadBalancers())) {
            return result;
        }
        ClassicState next = new ClassicState(before.revision() + 1, draft);
        ConfigSnapshot previous = publisher.current();
        try {
            publisher.publish(snapshots.build(next));
        } catch (AwsException e) {
            throw e;
        } catch (ValidationException e) {
            throw new AwsException(AwsError.CLASSIC_INVALID_CONFIGURATION_REQUEST, e.getMessage());
        } catch (RuntimeException e) {
            throw new AwsException(AwsError.CLASSIC_INVALID_CONFIGURATION_REQUEST,
                    "The configuration cannot be applied: " + e.getMessage());
        }
        try {
            store.commit(before.revision(), codec.diff(before, next));
        } catch (StoreException e) {
            log.error("commit of classic revision {} failed: {}", next.revision(), e.getMessage());
            publisher.publish(previous);
            throw new AwsException(AwsError.INTERNAL_FAILURE, "The change could not be stored: " + e.getMessage());
        }
        state = next;
        return result;
    }
}
