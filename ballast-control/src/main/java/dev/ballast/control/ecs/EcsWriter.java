package dev.ballast.control.ecs;

import dev.ballast.control.error.AwsError;
import dev.ballast.control.error.AwsException;
import dev.ballast.control.cluster.Leadership;
import dev.ballast.control.store.CommitGuard;
import dev.ballast.control.store.ConflictRetry;
import dev.ballast.control.store.Store;
import dev.ballast.control.store.StoreConflictException;
import dev.ballast.control.store.StoreException;
import dev.ballast.control.store.StoreFencedException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single writer of the ECS resources: a command changes a copy of the current resources (an {@link EcsDraft}); if it changed anything,
 * the change is committed to the store, durable before the command returns. If the command or the commit fails,
 * neither the store nor the state changes. In cluster mode other nodes commit to the same store: a {@link
 * dev.ballast.control.store.StoreFollower} calls {@link #catchUp} for each of their commits, and a command that lost
 * the race to another node's commit runs again on the new state ({@link ConflictRetry}).
 *
 * <p>Thread-safe: commands are serialised by {@link #write}; {@link #state} may be read from any thread; commit
 * listeners are called on the committing (or catching-up) thread right after the change, still under the writer's
 * lock.
 */
public final class EcsWriter implements EcsCommits {
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
     * Calls {@code listener} with the new state after every commit, this node's or (caught up) another's; the task
     * scheduler wakes on it. The listener runs while the writer is still locked, so it must return at once and must
     * not write.
     */
    public void onCommit(Consumer<EcsState> listener) {
        commitListeners.add(listener);
    }

    /** The latest committed state. */
    @Override
    public EcsState state() {
        return state;
    }

    /**
     * Reads the store and, if another node committed past this writer's revision (cluster mode), takes that state
     * and tells the commit listeners. A store follower calls it for every change the store reports.
     */
    public synchronized void catchUp() {
        EcsState stored = codec.decode(store.read(EcsCodec.ALL));
        if (stored.revision() <= state.revision()) {
            return;
        }
        state = stored;
        notifyListeners(stored);
    }

    /**
     * Runs {@code command} on a copy of the resources and, if it changed anything, commits the result; returns what
     * the command returned. If another node committed first (cluster mode), this writer catches up and runs the
     * command again on the new state.
     *
     * @throws AwsException if the command or the store refused; nothing changed
     */
    @Override
    public synchronized <T> T write(Function<EcsDraft, T> command) {
        return ConflictRetry.run(() -> writeOnce(command, null), this::catchUp);
    }

    /**
     * This writer as the cluster's leader writes through it: each commit carries the guard of the leader's current
     * term, so that a node that lost the role cannot commit any more (fencing).
     *
     * @throws StoreFencedException from the view's writes when this node does not lead (nothing changed)
     */
    public EcsCommits guarded(Leadership leadership) {
        return new EcsCommits() {
            @Override
            public EcsState state() {
                return EcsWriter.this.state();
            }

            @Override
            public <T> T write(Function<EcsDraft, T> command) {
                synchronized (EcsWriter.this) {
                    return ConflictRetry.run(() -> writeOnce(command, leadership.guard()), EcsWriter.this::catchUp);
                }
            }
        };
    }

    private <T> T writeOnce(Function<EcsDraft, T> command, CommitGuard guard) {
        EcsState before = state;
        EcsDraft draft = EcsDraft.of(before);
        T result = command.apply(draft);
        if (draft.sameAs(before)) {
            return result;
        }
        EcsState next = draft.commit(before.revision() + 1);
        try {
            store.commit(before.revision(), codec.diff(before, next), guard);
        } catch (StoreConflictException | StoreFencedException e) {
            throw e;
        } catch (StoreException e) {
            log.error("commit of ECS revision {} failed: {}", next.revision(), e.getMessage());
            throw new AwsException(AwsError.ECS_SERVER_EXCEPTION, "The change could not be stored: "
                    + e.getMessage());
        }
        state = next;
        notifyListeners(next);
        return result;
    }

    private void notifyListeners(EcsState next) {
        for (Consumer<EcsState> listener : commitListeners) {
            try {
                listener.accept(next);
            } catch (RuntimeException e) {
                log.warn("an ECS commit listener failed: {}", e.toString());
            }
        }
    }
}
