package dev.ballast.control.cloudformation;

import dev.ballast.control.error.AwsError;
import dev.ballast.control.error.AwsException;
import dev.ballast.control.store.ConflictRetry;
import dev.ballast.control.store.JsonRecords;
import dev.ballast.control.store.Mutation;
import dev.ballast.control.store.Store;
import dev.ballast.control.store.StoreConflictException;
import dev.ballast.control.store.StoreContents;
import dev.ballast.control.store.StoreErrors;
import dev.ballast.control.store.StoreException;
import dev.ballast.control.store.StoreRecord;
import dev.ballast.control.store.StoreUnavailableException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The single writer of the stacks: one store record per stack ({@code stacks/<stackId>}, a JSON document), durable
 * before a change is visible. The resources a stack creates live in their own services' stores, written by those
 * services' commands; this store only remembers which ones a stack owns. In cluster mode other nodes commit to the
 * same store: a follower calls {@link #catchUp}, and a write that lost a race runs again on what they committed.
 *
 * <p>Thread-safe: writes are serialised; {@link #stacks} may be read from any thread.
 */
public final class StackWriter {
    private static final String PREFIX = "stacks/";

    private final Store store;
    private final JsonRecords records = new JsonRecords("CloudFormation");
    private volatile Map<String, StackEntry> stacks;
    private long revision;

    private StackWriter(Store store) {
        this.store = store;
        load(store.read(PREFIX));
    }

    private void load(StoreContents contents) {
        Map<String, StackEntry> loaded = new LinkedHashMap<>();
        for (StoreRecord r : contents.records()) {
            StackEntry stack = records.read(r, StackEntry.class);
            loaded.put(stack.stackId(), stack);
        }
        this.stacks = java.util.Collections.unmodifiableMap(loaded);
        this.revision = contents.revision();
    }

    /** The store revision this writer holds. */
    public synchronized long revision() {
        return revision;
    }

    /**
     * Reads the store and, if another node committed past this writer's revision (cluster mode), takes those
     * stacks. A store follower calls it for every change the store reports.
     */
    public synchronized void catchUp() {
        StoreContents contents = store.read(PREFIX);
        if (contents.revision() > revision) {
            load(contents);
        }
    }

    /** Loads the stacks from {@code store}. */
    public static StackWriter open(Store store) {
        return new StackWriter(store);
    }

    /** Every stack (deleted ones too), in creation order. */
    public Collection<StackEntry> stacks() {
        return stacks.values();
    }

    /** The stack {@code stackId}, or null. */
    public StackEntry stack(String stackId) {
        return stacks.get(stackId);
    }

    /**
     * Replaces stack {@code stackId} by what {@code change} makes of it (null when it does not exist yet) and
     * returns the result.
     *
     * @throws AwsException InternalFailure when the store refuses; nothing changed
     */
    public synchronized StackEntry write(String stackId, UnaryOperator<StackEntry> change) {
        return ConflictRetry.run(() -> writeOnce(stackId, change), this::catchUp);
    }

    private StackEntry writeOnce(String stackId, UnaryOperator<StackEntry> change) {
        StackEntry next = change.apply(stacks.get(stackId));
        try {
            revision = store.commit(revision, List.of(new Mutation.Put(PREFIX + stackId, records.encode(next))));
        } catch (StoreConflictException e) {
            throw e;
        } catch (StoreUnavailableException e) {
            throw StoreErrors.answer(e);
        } catch (StoreException e) {
            throw new AwsException(AwsError.INTERNAL_FAILURE, "The stack could not be stored: " + e.getMessage());
        }
        Map<String, StackEntry> all = new LinkedHashMap<>(stacks);
        all.put(stackId, next);
        stacks = java.util.Collections.unmodifiableMap(all);
        return next;
    }
}
