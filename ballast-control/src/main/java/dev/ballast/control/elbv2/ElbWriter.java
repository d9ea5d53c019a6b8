package dev.ballast.control.elbv2;

import dev.ballast.control.ConfigPublisher;
import dev.ballast.control.error.AwsError;
import dev.ballast.control.error.AwsException;
import dev.ballast.control.store.Mutation;
import dev.ballast.control.store.Store;
import dev.ballast.control.store.StoreException;
import dev.ballast.core.model.ConfigSnapshot;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single writer of the ELBv2 configuration. A command runs against a draft of the current state; if it
 * succeeds, the next snapshot is built and handed to the data plane (binding new listeners), then the change is
 * committed to the store, durable before the command returns. If any step fails, the data plane gets the
 * previous snapshot back and neither the store nor the state changes.
 *
 * <p>Thread-safe: commands are serialised by {@link #write}; {@link #state} may be read from any thread.
 */
public final class ElbWriter {
    private static final Logger log = LoggerFactory.getLogger(ElbWriter.class);

    private final Store store;
    private final StateCodec codec;
    private final SnapshotBuilder builder;
    private final ConfigPublisher publisher;
    private volatile ElbState state;

    private ElbWriter(Store store, StateCodec codec, SnapshotBuilder builder, ConfigPublisher publisher,
                      ElbState state) {
        this.store = store;
        this.codec = codec;
        this.builder = builder;
        this.publisher = publisher;
        this.state = state;
    }

    /**
     * Loads the configuration from {@code store} and publishes it. A stored configuration the data plane cannot
     * serve (e.g. a port now taken by another process) is logged and kept, so it can be corrected through the API.
     */
    public static ElbWriter open(Store store, ConfigPublisher publisher) {
        StateCodec codec = new StateCodec();
        ElbState loaded = codec.decode(store.read(StateCodec.PREFIX));
        ElbWriter writer = new ElbWriter(store, codec, new SnapshotBuilder(), publisher, loaded);
        try {
            publisher.publish(writer.builder.build(loaded));
        } catch (RuntimeException e) {
            log.error("the stored configuration (revision {}) could not be applied: {}", loaded.revision(),
                    e.getMessage());
        }
        log.info("loaded {} load balancers, {} listeners, {} rules, {} target groups at revision {}",
                loaded.loadBalancers().size(), loaded.listeners().size(), loaded.rules().size(),
                loaded.targetGroups().size(), loaded.revision());
        return writer;
    }

    /** The latest committed state. */
    public ElbState state() {
        return state;
    }

    /**
     * Runs {@code command} on a draft of the current state and, if it changed anything, applies and commits the
     * result. Returns what the command returned.
     *
     * @throws AwsException if the command, the data plane or the store refused; nothing changed
     */
    public synchronized <T> T write(Function<ElbDraft, T> command) {
        ElbState before = state;
        ElbDraft draft = new ElbDraft(before);
        T result = command.apply(draft);
        if (!draft.changed()) {
            return result;
        }
        ElbState next = draft.toState(before.revision() + 1);
        ConfigSnapshot snapshot = builder.build(next);
        List<Mutation> mutations = codec.diff(before, next);
        ConfigSnapshot previous = publisher.current();
        try {
            publisher.publish(snapshot);
        } catch (AwsException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new AwsException(AwsError.INVALID_CONFIGURATION_REQUEST,
                    "The configuration cannot be applied: " + e.getMessage());
        }
        try {
            store.commit(before.revision(), mutations);
        } catch (StoreException e) {
            log.error("commit of revision {} failed, restoring revision {}: {}", next.revision(), before.revision(),
                    e.getMessage());
            publisher.publish(previous);
            throw new AwsException(AwsError.INTERNAL_FAILURE, "The change could not be stored: " + e.getMessage());
        }
        state = next;
        return result;
    }
}
