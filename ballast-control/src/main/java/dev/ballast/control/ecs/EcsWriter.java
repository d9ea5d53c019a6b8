package dev.ballast.control.ecs;

import dev.ballast.control.error.AwsError;
import dev.ballast.control.error.AwsException;
import dev.ballast.control.store.Store;
import dev.ballast.control.store.StoreException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single writer of the ECS resources: a command changes a copy of the current resources (an {@link EcsDraft}); if it changed anything,
 * the change is committed to the store, durable before the command returns. If the command or the commit fails,
 * neither the store nor the state changes.
 *
 * <p>Thread-safe: commands are serialised by {@link #write}; {@link #state} may be read from any thread; commit
 * listeners are called on the committing thread right after the commit, still under the writer's lock.
 */
public final class EcsWriter {
    private static final Logger log = LoggerFactory.getLogger(EcsWriter.class);

    private final Store store;
    private final EcsCodec codec = new EcsCodec();
    private final List<Consumer<EcsState>> commitListeners = new CopyOnWriteArrayList<>();
    private volatile EcsState state;

    private EcsWriter(Store store) {
        this.store = store;
        this.state = codec.decode(store.read(EcsCodec.ALL));
    }

    /** Loads the ECS resources from {@code store}. */
    public static EcsWriter open(Store store) {
        EcsWriter writer = new EcsWriter(store);
        log.info("loaded {} ECS clusters, {} task definition revisions, {} services and {} tasks at revision {}",
                writer.state.clusters().size(), writer.state.taskDefinitions().size(), writer.state.services().size(),
                writer.state.tasks().size(), writer.state.revision());
        return writer;
    }

    /**
     * Calls {@code listener} with the new state after every commit (the task scheduler wakes on it). The listener runs
     * on the committing thread while the writer is still locked, so it must return at once and must not write.
     */
    public void onCommit(Consumer<EcsState> listener) {
        commitListeners.add(listener);
    }

    /** The latest committed state. */
    public EcsState state() {
        return state;
    }

    /**
     * Runs {@code command} on a copy of the resources and, if it changed anything, commits the result; returns what
     * the command returned.
     *
     * @throws AwsException if the command or the store refused; nothing changed
     */
    public synchronized <T> T write(Function<EcsDraft, T> command) {
        EcsState before = state;
        EcsDraft draft = EcsDraft.of(before);
        T result = command.apply(draft);
        if (draft.sameAs(before)) {
            return result;
        }
        EcsState next = draft.commit(before.revision() + 1);
        try {
            store.commit(before.revision(), codec.diff(before, next));
        } catch (StoreException e) {
            log.error("commit of ECS revision {} failed: {}", next.revision(), e.getMessage());
            throw new AwsException(AwsError.ECS_SERVER_EXCEPTION, "The change could not be stored: "
                    + e.getMessage());
        }
        state = next;
        for (Consumer<EcsState> listener : commitListeners) {
            try {
                listener.accept(next);
            } catch (RuntimeException e) {
                log.warn("an ECS commit listener failed: {}", e.toString());
            }
        }
        return result;
    }
}
